"""Admin forms that apply the ward rule (campaigns.places.access) to their choices."""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from campaigns.models import BroadcastSlot
from campaigns.models.fields import weekdays_to_mask
from campaigns.places import access
from campaigns.places.slots import find_overlapping_slot, overlapping_pairs


def _owner_field_name(model) -> str | None:
    path = getattr(model, "ward_path", None)
    return None if path in (None, "pk") else path.split("__")[0]


class ScopedChooserMixin:
    """A chooser that shows the chosen row only if its form offers that row: an id the form refuses
    (another ward's document) is shown as nothing chosen, never by its title."""

    queryset = None

    def get_instance(self, value):
        instance = super().get_instance(value)
        if instance is None or self.queryset is None or self.queryset.filter(pk=instance.pk).exists():
            return instance
        return None


@cache
def _scoped_chooser_class(widget_class):
    return type(f"Scoped{widget_class.__name__}", (ScopedChooserMixin, widget_class), {})


def _collection_choices(model, user):
    """Images and documents of the collections ``user`` may choose from (their ward's)."""
    if model not in (get_image_model(), get_document_model()):
        return None
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ["choose"])


class WardScopedForm(WagtailAdminModelForm):
    """Offers only the rows the user may use, and keeps a row's related rows in its ward.

    The field that places the row in a ward (``ward``, ``locality``) lists the
    localities the user may change; other relations list what the user may read;
    an image or document comes from a collection the user may choose from.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            self._limit_choices(for_user)

    def _limit_choices(self, user):
        owner_field = _owner_field_name(self._meta.model)
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if access.is_ward_scoped(queryset.model):
                field.queryset = access.scope_queryset(queryset, user, for_change=(name == owner_field))
            elif (in_collections := _collection_choices(queryset.model, user)) is not None:
                field.queryset = in_collections
            else:
                continue
            if isinstance(field.widget, BaseChooser):
                field.widget.__class__ = _scoped_chooser_class(type(field.widget))
                field.widget.queryset = field.queryset

    def clean(self):
        cleaned = super().clean()
        ward = cleaned.get("ward")
        if ward is None:
            return cleaned
        for name, field in self.fields.items():
            related = getattr(getattr(field, "queryset", None), "model", None)
            if related is None or getattr(related, "ward_path", None) != "ward":
                continue
            if getattr(related, "visible_from_below", False):
                continue
            values = cleaned.get(name)
            values = values if isinstance(values, list | tuple) or hasattr(values, "all") else [values]
            if hasattr(values, "all"):
                values = values.all()
            strangers = [str(value) for value in values if value is not None and value.ward_id != ward.pk]
            if strangers:
                self.add_error(
                    name,
                    _("Không thuộc %(ward)s: %(items)s.") % {"ward": ward, "items": ", ".join(strangers)},
                )
        return cleaned


def _slot_from_cleaned(data: dict, *, pk=None, cluster=None) -> BroadcastSlot | None:
    if not data.get("start") or not data.get("end") or not data.get("weekdays"):
        return None
    return BroadcastSlot(
        pk=pk, cluster=cluster, start=data["start"], end=data["end"],
        weekdays=weekdays_to_mask(data["weekdays"]),
    )


class LoudspeakerClusterForm(WardScopedForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("slots")
        if formset is None:
            return cleaned
        slots = [
            _slot_from_cleaned(form.cleaned_data, pk=form.instance.pk)
            for form in formset.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for first, second in overlapping_pairs([slot for slot in slots if slot is not None]):
            raise ValidationError(
                _("Khung giờ %(a)s trùng với khung giờ %(b)s của cùng cụm loa.") % {"a": first, "b": second}
            )
        return cleaned


class BroadcastSlotForm(WardScopedForm):
    def clean(self):
        cleaned = super().clean()
        cluster = cleaned.get("cluster")
        slot = _slot_from_cleaned(cleaned, pk=self.instance.pk, cluster=cluster)
        if cluster is None or slot is None:
            return cleaned
        clash = find_overlapping_slot(slot)
        if clash is not None:
            raise ValidationError(
                _("Khung giờ này trùng với khung giờ %(other)s của %(cluster)s.")
                % {"other": clash, "cluster": cluster}
            )
        return cleaned
