"""Admin screens of the schedule: publications ("Lịch đăng/phát") and deliveries ("Lượt đăng/phát")."""

import django_filters
from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

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
    Publication,
)
from campaigns.places import access
from campaigns.scheduling import editor_views as publication_views
from campaigns.scheduling.rule_text import publication_describe


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
