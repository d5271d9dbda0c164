"""The ward rule in the Wagtail admin: every domain viewset is a ``WardScopedViewSet``, whose views
list, open, edit, export and delete only the rows ``campaigns.places.access`` lets the user reach."""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _t
from wagtail.admin.panels import ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from campaigns.admin.ordering import position_among_siblings, sibling_move, sibling_order
from campaigns.places import access
from campaigns.places.forms import WardScopedForm

CHANGE_VIEWS = (generic.EditView, generic.DeleteView)


def integrity_error_message(model, error: IntegrityError) -> str:
    """The Vietnamese message for a constraint the database refused."""
    text = str(error)
    if "broadcastslot_overlap" in text:
        return _t("Khung giờ phát trùng với một khung giờ khác của cùng cụm loa.")
    for constraint in model._meta.constraints:
        if constraint.name in text:
            return str(constraint.violation_error_message)
    return _t("Dữ liệu mâu thuẫn với dữ liệu đã có nên chưa được lưu. Hãy kiểm tra lại các trường.")


class WardScopedViewMixin:
    list_select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        queryset = access.scope_queryset(super().get_base_queryset(), self.request.user)
        return queryset.select_related(*self.list_select_related) if self.list_select_related else queryset

    @cached_property
    def filters(self):
        """The list filters, offering only the rows the user may read and the people the user may see
        named (no other ward's names)."""
        if not getattr(self, "filterset_class", None):
            return None
        filterset = self.filterset_class(**self.get_filterset_kwargs())
        for field in filterset.form.fields.values():
            queryset = getattr(field, "queryset", None)
            if not isinstance(queryset, QuerySet):
                continue
            if access.is_ward_scoped(queryset.model):
                field.queryset = access.scope_queryset(queryset, self.request.user)
            elif queryset.model is get_user_model():
                field.queryset = access.scope_people(queryset, self.request.user)
        return filterset if filterset.form.fields else None

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        for_change = isinstance(self, CHANGE_VIEWS)
        if not access.user_can_access(self.request.user, obj, for_change=for_change):
            raise Http404
        return obj


class IntegrityCheckedSaveMixin:
    """A constraint the database refuses becomes a form error; the save is rolled back."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError as error:
            if isinstance(self, generic.CreateView):
                form.instance.pk = None
            form.add_error(None, integrity_error_message(self.model, error))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


def scoped(view_class, *mixins):
    return type(f"WardScoped{view_class.__name__}", (*mixins, WardScopedViewMixin, view_class), {})


class WardScopedHistoryView(scoped(history.HistoryView)):
    """A row's history: the row is scoped (another ward's is a 404); its listing is the row's own log
    entries, which carry no ward of their own."""

    def get_base_object_queryset(self):
        return access.scope_queryset(super().get_base_object_queryset(), self.request.user)

    def get_base_queryset(self):
        return history.HistoryView.get_base_queryset(self)


class SiblingReorderView(generic.ReorderView):
    """Drag-and-drop reordering that moves a row among its parent's rows only (a target among its
    campaign's targets), and only a row the user may change. ``position`` counts in the reorder
    listing, where each parent's rows follow one another (``sibling_order``)."""

    parent_field = ""

    def post(self, request, *args, **kwargs):
        rows = self.model._default_manager.all()
        row = get_object_or_404(access.scope_queryset(rows, request.user, for_change=True),
                                pk=unquote(str(kwargs.get("pk"))))
        listing = list(
            access.scope_queryset(rows, request.user)
            .order_by(*sibling_order(self.model, self.parent_field))
            .values_list("pk", f"{self.parent_field}_id")
        )
        try:
            position = int(request.GET.get("position", ""))
        except ValueError:
            position = len(listing)
        parent_id = getattr(row, f"{self.parent_field}_id")
        with transaction.atomic():
            sibling_move(row, parent_field=self.parent_field,
                         position=position_among_siblings(listing, parent_id=parent_id, position=position))
        return JsonResponse({"success": True})


class SiblingOrderedIndexView(scoped(generic.IndexView)):
    """In "sort item order" mode, rows are listed parent by parent, as ``SiblingReorderView`` counts."""

    parent_field = ""

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        if self.show_ordering_column:
            return queryset.order_by(*sibling_order(self.model, self.parent_field))
        return queryset


class WardScopedViewSet(ModelViewSet):
    index_view_class = scoped(generic.IndexView)
    add_view_class = scoped(generic.CreateView, IntegrityCheckedSaveMixin)
    edit_view_class = scoped(generic.EditView, IntegrityCheckedSaveMixin)
    delete_view_class = scoped(generic.DeleteView)
    history_view_class = WardScopedHistoryView
    usage_view_class = scoped(usage.UsageView)
    copy_view_class = scoped(generic.CopyView, IntegrityCheckedSaveMixin)
    inspect_view_class = scoped(generic.InspectView)
    base_form_class = WardScopedForm
    inspect_view_enabled = True

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=self.base_form_class).bind_to_model(self.model)
