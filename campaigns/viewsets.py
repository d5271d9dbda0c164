"""Wagtail admin for the domain, under the "Tuyên truyền" menu.

Every viewset is a ``WardScopedViewSet``: its views list, open, edit, export
and delete only the rows ``campaigns.access`` lets the user reach.
"""

from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from campaigns import access
from campaigns.forms import BroadcastSlotForm, LoudspeakerClusterForm, WardScopedForm
from campaigns.models import (
    BroadcastSlot,
    Campaign,
    Locality,
    LoudspeakerCluster,
    ResidentialGroup,
    Resolution,
    Target,
)
from campaigns.roles import ward_setup
from campaigns.views.plan_import import PlanImportViewSet

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
    def get_base_queryset(self):
        return access.scope_queryset(super().get_base_queryset(), self.request.user)

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


class WardScopedViewSet(ModelViewSet):
    index_view_class = scoped(generic.IndexView)
    add_view_class = scoped(generic.CreateView, IntegrityCheckedSaveMixin)
    edit_view_class = scoped(generic.EditView, IntegrityCheckedSaveMixin)
    delete_view_class = scoped(generic.DeleteView)
    history_view_class = scoped(history.HistoryView)
    usage_view_class = scoped(usage.UsageView)
    copy_view_class = scoped(generic.CopyView, IntegrityCheckedSaveMixin)
    inspect_view_class = scoped(generic.InspectView)
    base_form_class = WardScopedForm
    inspect_view_enabled = True

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=self.base_form_class).bind_to_model(self.model)


class LocalityCreateView(scoped(generic.CreateView, IntegrityCheckedSaveMixin)):
    def save_instance(self):
        locality = super().save_instance()
        ward_setup(locality=locality)
        return locality


class LocalityViewSet(WardScopedViewSet):
    model = Locality
    icon = "site"
    menu_label = _("Đơn vị hành chính")
    add_view_class = LocalityCreateView
    list_display = ["name", "kind", "parent", "slug"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "slug"]
    list_export = ["name", "kind", "parent", "slug"]
    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("parent"), FieldPanel("slug")]


class ResidentialGroupViewSet(WardScopedViewSet):
    model = ResidentialGroup
    icon = "group"
    menu_label = _("Tổ dân phố/thôn")
    list_display = ["name", "kind", "ward", "households", "head_name", "head_phone"]
    list_filter = ["ward", "kind"]
    search_fields = ["name", "head_name", "head_phone"]
    list_export = ["ward", "name", "kind", "households", "head_name", "head_phone"]
    panels = [
        FieldPanel("ward"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("households"),
        FieldRowPanel([FieldPanel("head_name"), FieldPanel("head_phone")]),
    ]


class LoudspeakerClusterViewSet(WardScopedViewSet):
    model = LoudspeakerCluster
    icon = "cogs"
    menu_label = _("Cụm loa")
    list_display = ["name", "ward", "slug", "reading_speed"]
    list_filter = ["ward"]
    search_fields = ["name", "slug"]
    list_export = ["ward", "name", "slug", "reading_speed"]
    panels = [
        FieldPanel("ward"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("reading_speed"),
        FieldPanel("groups"),
        InlinePanel(
            "slots", heading=_("Khung giờ phát"), label=_("Khung giờ"),
            panels=[FieldPanel("weekdays"), FieldRowPanel([FieldPanel("start"), FieldPanel("end")])],
        ),
    ]
    base_form_class = LoudspeakerClusterForm


class BroadcastSlotViewSet(WardScopedViewSet):
    model = BroadcastSlot
    icon = "time"
    menu_label = _("Khung giờ phát")
    list_display = ["cluster", "start", "end", "weekdays_display"]
    list_filter = ["cluster__ward", "cluster"]
    search_fields = ["cluster__name"]
    list_export = ["cluster", "start", "end", "weekdays_display"]
    panels = [
        FieldPanel("cluster"),
        FieldPanel("weekdays"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
    ]
    base_form_class = BroadcastSlotForm


class ResolutionViewSet(WardScopedViewSet):
    model = Resolution
    icon = "doc-full"
    menu_label = _("Văn bản chỉ đạo")
    list_display = ["code", "kind", "issued_on", "issuer", "locality"]
    list_filter = ["kind", "locality"]
    search_fields = ["code", "title", "issuer"]
    list_export = ["code", "kind", "issued_on", "issuer", "title", "locality"]
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("code"), FieldPanel("issued_on")]),
        FieldPanel("issuer"),
        FieldPanel("title"),
        FieldPanel("locality"),
        FieldPanel("amends"),
        FieldPanel("implements"),
        FieldPanel("document"),
    ]


class CampaignViewSet(WardScopedViewSet):
    model = Campaign
    icon = "list-ul"
    menu_label = _("Kế hoạch tuyên truyền")
    list_display = ["title", "number", "ward", "period_start", "period_end", "status"]
    list_filter = ["status", "ward"]
    search_fields = ["title", "number", "signer"]
    list_export = ["number", "title", "ward", "period_start", "period_end", "status", "signer", "lead_unit"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("ward"),
                FieldRowPanel([FieldPanel("number"), FieldPanel("status")]),
                FieldPanel("title"),
                FieldPanel("slug"),
                FieldPanel("resolutions"),
                FieldPanel("parent"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            ],
            heading=_("Thông tin chung"),
        ),
        FieldPanel("purposes"),
        FieldPanel("themes"),
        InlinePanel(
            "targets", heading=_("Chỉ tiêu"), label=_("Chỉ tiêu"),
            panels=[
                FieldPanel("text"),
                FieldRowPanel([FieldPanel("quantity"), FieldPanel("unit")]),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            ],
        ),
        FieldPanel("channels"),
        MultiFieldPanel(
            [FieldPanel("budget_source"), FieldPanel("lead_unit")], heading=_("Kinh phí và chủ trì")
        ),
        InlinePanel(
            "units", heading=_("Tổ chức thực hiện"), label=_("Đơn vị"),
            panels=[FieldPanel("name"), FieldPanel("tasks")],
        ),
        FieldPanel("reporting_days"),
        FieldPanel("recipients"),
        FieldPanel("signer"),
    ]


class TargetViewSet(WardScopedViewSet):
    model = Target
    icon = "pick"
    menu_label = _("Chỉ tiêu")
    list_display = ["text", "quantity", "unit", "start_year", "end_year", "campaign"]
    list_filter = ["campaign__ward", "unit"]
    search_fields = ["text", "unit"]
    list_export = ["campaign", "text", "quantity", "unit", "start_year", "end_year"]
    panels = [
        FieldPanel("campaign"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("quantity"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
    ]


class PropagandaViewSetGroup(ModelViewSetGroup):
    menu_label = _("Tuyên truyền")
    menu_icon = "radio-full"
    menu_order = 150
    items = (
        CampaignViewSet,
        PlanImportViewSet,
        TargetViewSet,
        ResolutionViewSet,
        ResidentialGroupViewSet,
        LoudspeakerClusterViewSet,
        BroadcastSlotViewSet,
        LocalityViewSet,
    )
