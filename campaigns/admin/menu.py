"""The "Tuyên truyền" menu: every stage's admin screens in one group."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from campaigns.dispatch.account_views import ChannelAccountViewSet
from campaigns.places.viewsets import (
    BroadcastSlotViewSet,
    LocalityViewSet,
    LoudspeakerClusterViewSet,
    ResidentialGroupViewSet,
)
from campaigns.plans.import_views import PlanImportViewSet
from campaigns.plans.viewsets import CampaignViewSet, ResolutionViewSet, TargetViewSet
from campaigns.reports.calendar.viewsets import AnniversaryViewSet, CalendarViewSet
from campaigns.reports.rosters.views import RosterViewSet
from campaigns.scheduling.viewsets import DeliveryViewSet, PublicationViewSet
from campaigns.tracking.bulk_views import BulkConfirmViewSet
from campaigns.tracking.viewsets import CoverageViewSet


class PropagandaViewSetGroup(ModelViewSetGroup):
    menu_label = _("Tuyên truyền")
    menu_icon = "radio-full"
    menu_order = 150
    items = (
        CampaignViewSet,
        PlanImportViewSet,
        PublicationViewSet,
        CalendarViewSet,
        DeliveryViewSet,
        BulkConfirmViewSet,
        CoverageViewSet,
        RosterViewSet,
        TargetViewSet,
        ResolutionViewSet,
        AnniversaryViewSet,
        ResidentialGroupViewSet,
        LoudspeakerClusterViewSet,
        BroadcastSlotViewSet,
        LocalityViewSet,
        ChannelAccountViewSet,
    )
