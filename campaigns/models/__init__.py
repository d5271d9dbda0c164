from campaigns.models.access import Role, WardGroup
from campaigns.models.calendar import Anniversary, CalendarFeed
from campaigns.models.places import (
    BroadcastSlot,
    GroupKind,
    Locality,
    LocalityKind,
    LoudspeakerCluster,
    ResidentialGroup,
)
from campaigns.models.plans import Campaign, CampaignStatus, ResponsibleUnit, Target
from campaigns.models.resolutions import Resolution, ResolutionKind
from campaigns.models.scheduling import (
    PENDING_STATUSES,
    AudienceKind,
    ChannelAccount,
    Delivery,
    DeliveryStatus,
    Publication,
    SlotMode,
    WorkerHeartbeat,
)

__all__ = [
    "Anniversary",
    "CalendarFeed",
    "PENDING_STATUSES",
    "AudienceKind",
    "ChannelAccount",
    "Delivery",
    "DeliveryStatus",
    "Publication",
    "SlotMode",
    "WorkerHeartbeat",
    "BroadcastSlot",
    "Campaign",
    "CampaignStatus",
    "GroupKind",
    "Locality",
    "LocalityKind",
    "LoudspeakerCluster",
    "ResidentialGroup",
    "Resolution",
    "ResolutionKind",
    "ResponsibleUnit",
    "Role",
    "Target",
    "WardGroup",
]
