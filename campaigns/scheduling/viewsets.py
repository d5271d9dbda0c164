"""Admin screens of the schedule: publications ("Lịch đăng/phát") and deliveries ("Lượt đăng/phát")."""

import django_filters
from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views import generic

from campaigns.admin.dates import DateTextField
from campaigns.admin.scoped_views import (
    WardScopedViewSet,
    scoped,
)
from campaigns.content.channels import Channel
from campaigns.models import (
    Campaign,
    Delivery,
    DeliveryStatus,
    Locality,
    LoudspeakerCluster,
    Publication,
    ResidentialGroup,
)
from campaigns.places import access
from campaigns.scheduling import editor_views as publication_views
from campaigns.scheduling.rule_text import publication_describe
from campaigns.tracking.links import day_bounds


def _user_wards(request):
    return access.user_wards(request.user) if request else Locality.objects.none()


def _user_campaigns(request):
    return access.scope_queryset(Campaign.objects.all(), request.user) if request else Campaign.objects.none()


def _user_groups(request):
    if not request:
        return ResidentialGroup.objects.none()
    return access.scope_queryset(ResidentialGroup.objects.all(), request.user).order_by("ward__name", "name")


def _user_clusters(request):
    if not request:
        return LoudspeakerCluster.objects.none()
    return access.scope_queryset(LoudspeakerCluster.objects.all(), request.user).order_by("ward__name", "name")


class DateTextFilter(django_filters.DateFilter):
    field_class = DateTextField


def _date_filter(label: str, *, last_day: bool):
    """A day typed as dd/mm/yyyy (a text box, not the browser's date picker), counted in local time."""

    def apply(queryset, _name, day):
        start, end = day_bounds(day)
        return queryset.filter(due_at__lt=end) if last_day else queryset.filter(due_at__gte=start)

    return DateTextFilter(label=label, method=apply)


class PublicationFilterSet(WagtailFilterSet):
    """Filters whose choices are only the user's wards and campaigns."""

    channel = django_filters.ChoiceFilter(label=_("kênh"), choices=Channel.choices)
    ward = django_filters.ModelChoiceFilter(label=_("phường/xã"), queryset=_user_wards)
    campaign = django_filters.ModelChoiceFilter(label=_("kế hoạch"), queryset=_user_campaigns)

    class Meta:
        model = Publication
        fields = ["channel", "ward", "campaign"]


class DeliveryFilterSet(WagtailFilterSet):
    """Find a delivery by where (ward, residential group, loudspeaker cluster), when (a date range
    typed dd/mm/yyyy), what (campaign, channel) and how it went (status); every choice is the user's
    wards' own."""

    status = django_filters.ChoiceFilter(label=_("trạng thái"), choices=DeliveryStatus.choices)
    channel = django_filters.ChoiceFilter(label=_("kênh"), choices=Channel.choices)
    ward = django_filters.ModelChoiceFilter(label=_("phường/xã"), queryset=_user_wards,
                                            field_name="publication__ward")
    campaign = django_filters.ModelChoiceFilter(label=_("kế hoạch"), queryset=_user_campaigns,
                                                field_name="publication__campaign")
    group = django_filters.ModelChoiceFilter(label=_("tổ/thôn"), queryset=_user_groups)
    cluster = django_filters.ModelChoiceFilter(label=_("cụm loa"), queryset=_user_clusters)
    date_from = _date_filter(_("từ ngày"), last_day=False)
    date_to = _date_filter(_("đến ngày"), last_day=True)

    class Meta:
        model = Delivery
        fields = ["status", "channel", "ward", "campaign", "group", "cluster", "date_from", "date_to"]


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
    scheduler's own screens (``campaigns.scheduling.editor_views``). Publications are cancelled, never
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

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"delete_url_name": None, **kwargs})  # nothing is deleted

    def get_urlpatterns(self):
        """Wagtail's ``delete/`` is left out: a publication is cancelled (``cancel/``), never deleted."""
        return [
            *[pattern for pattern in super().get_urlpatterns() if pattern.name != "delete"],
            path("cancel/<int:pk>/", publication_views.PublicationCancelView.as_view(), name="cancel"),
            path("delivery/<int:pk>/<slug:action>/", publication_views.DeliveryActionView.as_view(),
                 name="delivery_action"),
        ]


class DeliveryIndexView(scoped(generic.IndexView)):
    """Rows open on the delivery (its publication's page, showing that row); people who may act on
    deliveries tick rows and retry, mark done or cancel them together (``delivery_bulk_actions``)."""

    list_select_related = ("publication__page", "group", "cluster")
    template_name = "campaigns/deliveries/index.html"

    @cached_property
    def can_act(self) -> bool:
        return self.request.user.has_perm("campaigns.change_delivery")

    @cached_property
    def columns(self):
        columns = super().columns
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="delivery"), *columns] if self.can_act else columns

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_act": self.can_act}

    def get_add_url(self):
        return None  # deliveries come from publications

    def get_edit_url(self, instance):
        return reverse("delivery:edit", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return []


class DeliveryViewSet(WardScopedViewSet):
    """ "Lượt đăng/phát": every delivery of the user's wards, filtered by place, date, campaign, channel
    and status (the health panel's links land here); a row opens that delivery on its publication's
    page, where the one-row actions are; ticked rows are acted on together."""

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
