"""Admin screens of the places: localities, residential groups, loudspeaker clusters, slots."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.admin.views import generic

from campaigns.admin.scoped_views import IntegrityCheckedSaveMixin, WardScopedViewSet, scoped
from campaigns.models import (
    BroadcastSlot,
    Locality,
    LoudspeakerCluster,
    ResidentialGroup,
)
from campaigns.places.forms import BroadcastSlotForm, LoudspeakerClusterForm
from campaigns.places.roles import ward_setup


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
    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("parent"), FieldPanel("slug"),
              FieldPanel("speech_voice")]


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
        FieldPanel("head_zalo_user_id"),
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
