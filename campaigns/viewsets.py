"""Wagtail admin for the domain, under the "Tuyên truyền" menu.

Every viewset is a ``WardScopedViewSet``: its views list, open, edit, export
and delete only the rows ``campaigns.access`` lets the user reach.
"""

import django_filters
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from campaigns import access
from campaigns.channels import Channel
from campaigns.forms import BroadcastSlotForm, LoudspeakerClusterForm, WardScopedForm
from campaigns.models import (
    BroadcastSlot,
    Campaign,
    Delivery,
    DeliveryStatus,
    Locality,
    LoudspeakerCluster,
    Publication,
    ResidentialGroup,
    Resolution,
    Target,
)
from campaigns.ordering import position_among_siblings, sibling_move, sibling_order
from campaigns.recurrence_text import publication_describe
from campaigns.roles import ward_setup
from campaigns.views import publications as publication_views
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


class TargetIndexView(SiblingOrderedIndexView):
    parent_field = "campaign"


class TargetReorderView(SiblingReorderView):
    parent_field = "campaign"


class TargetViewSet(WardScopedViewSet):
    """Targets are ordered within their campaign (as in the campaign's own "Chỉ tiêu" panel)."""

    model = Target
    icon = "pick"
    index_view_class = TargetIndexView
    reorder_view_class = TargetReorderView
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


def _user_wards(request):
    return access.user_wards(request.user) if request else Locality.objects.none()


def _user_campaigns(request):
    return access.scope_queryset(Campaign.objects.all(), request.user) if request else Campaign.objects.none()


class PublicationFilterSet(WagtailFilterSet):
    """Filters whose choices are only the user's wards and campaigns."""

    channel = django_filters.ChoiceFilter(label=_("kênh"), choices=Channel.choices)
    ward = django_filters.ModelChoiceFilter(label=_("phường/xã"), queryset=_user_wards)
    campaign = django_filters.ModelChoiceFilter(label=_("kế hoạch"), queryset=_user_campaigns)

    class Meta:
        model = Publication
        fields = ["channel", "ward", "campaign"]


class DeliveryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("trạng thái"), choices=DeliveryStatus.choices)
    channel = django_filters.ChoiceFilter(label=_("kênh"), choices=Channel.choices)
    ward = django_filters.ModelChoiceFilter(label=_("phường/xã"), queryset=_user_wards,
                                            field_name="publication__ward")

    class Meta:
        model = Delivery
        fields = ["status", "channel", "ward"]


class PublicationIndexView(scoped(generic.IndexView)):
    """Rows open on the publication's page (rule, conflicts, per-delivery status)."""

    add_item_label = _("Lên lịch")
    list_select_related = ("page", "ward", "campaign")

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(delivery_count=Count("deliveries"))

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = [MenuItem(_t("Xem các lượt đăng/phát"), url=self.get_inspect_url(instance), icon_name="list-ul",
                            priority=10)]
        if instance.cancelled_at is None and self.user_has_permission("change"):
            buttons += [
                MenuItem(_t("Sửa lịch"), url=reverse("publication:edit", args=[instance.pk]), icon_name="edit",
                         priority=20),
                MenuItem(_t("Hủy lịch"), url=reverse("publication:cancel", args=[instance.pk]), icon_name="cross",
                         priority=30),
            ]
        return buttons


class PublicationViewSet(WardScopedViewSet):
    """ "Lịch đăng/phát": the list is generic; creating, editing, the detail and cancelling are the
    scheduler's own screens (``campaigns.views.publications``). Publications are cancelled, never
    deleted, so their delivery history stays."""

    model = Publication
    icon = "calendar-alt"
    menu_label = _("Lịch đăng/phát")
    index_view_class = PublicationIndexView
    copy_view_enabled = False
    list_display = [
        "page", "channel", "ward",
        Column("rule", label=_("Thời gian"), accessor=publication_describe),
        Column("deliveries", label=_("Số lượt"), accessor="delivery_count"),
    ]
    filterset_class = PublicationFilterSet
    search_fields = ["page__title"]
    list_export = ["page", "channel", "ward", "campaign", "audience", "starts_at", "rrule", "cancelled_at"]
    panels = [FieldPanel("channel")]  # unused: the editor is PublicationForm

    @property
    def add_view(self):
        return publication_views.PublicationCreateView.as_view()

    @property
    def edit_view(self):
        return publication_views.PublicationEditView.as_view()

    @property
    def inspect_view(self):
        return publication_views.PublicationDetailView.as_view()

    @property
    def delete_view(self):
        return publication_views.PublicationCancelView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("cancel/<int:pk>/", publication_views.PublicationCancelView.as_view(), name="cancel"),
            path("delivery/<int:pk>/<slug:action>/", publication_views.DeliveryActionView.as_view(),
                 name="delivery_action"),
        ]


class DeliveryIndexView(scoped(generic.IndexView)):
    list_select_related = ("publication__page", "group", "cluster")

    def get_add_url(self):
        return None  # deliveries come from publications

    def get_edit_url(self, instance):
        return reverse("delivery:edit", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return []


class DeliveryViewSet(WardScopedViewSet):
    """ "Lượt đăng/phát": every delivery of the user's wards, filtered by status (the health panel's
    links land here); a row opens on its publication, where the actions are."""

    model = Delivery
    icon = "list-ul"
    menu_label = _("Lượt đăng/phát")
    index_view_class = DeliveryIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["due_at", "publication", "group", "cluster", "status", "attempts", "error"]
    filterset_class = DeliveryFilterSet
    search_fields = ["publication__page__title", "group__name", "external_id"]
    list_export = ["due_at", "publication", "channel", "group", "cluster", "status", "attempts", "error",
                   "external_id"]
    panels = [FieldPanel("status")]  # unused: deliveries change only through the actions

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("open/<int:pk>/", publication_views.DeliveryOpenView.as_view(), name="edit"),
        ]


class PropagandaViewSetGroup(ModelViewSetGroup):
    menu_label = _("Tuyên truyền")
    menu_icon = "radio-full"
    menu_order = 150
    items = (
        CampaignViewSet,
        PlanImportViewSet,
        PublicationViewSet,
        DeliveryViewSet,
        TargetViewSet,
        ResolutionViewSet,
        ResidentialGroupViewSet,
        LoudspeakerClusterViewSet,
        BroadcastSlotViewSet,
        LocalityViewSet,
    )
