from campaigns.models.access import Role, WardGroup
from campaigns.models.calendar import Anniversary, CalendarFeed
from campaigns.models.imports import PlanImportJob, PlanImportPage, PlanImportStatus
from campaigns.models.places import (
    BroadcastSlot,
    GroupKind,
    Locality,
    LocalityKind,
    LoudspeakerCluster,
    ResidentialGroup,
    SpeechVoice,
)
from campaigns.models.plans import Campaign, CampaignStatus, ResponsibleUnit, Target
from campaigns.models.reports import CoverageReport, ReportFormat
from campaigns.models.resolutions import Resolution, ResolutionKind
from campaigns.models.rosters import AudioRenderStatus, RosterAudio
from campaigns.models.scheduling import (
    PENDING_STATUSES,
    AudienceKind,
    ChannelAccount,
    ConfirmationSource,
    Delivery,
    DeliveryStatus,
    Priority,
    Publication,
    SlotMode,
    WorkerHeartbeat,
)
from campaigns.models.tracking import ConfirmationEvidence, ConfirmationLink, LinkMessage, LinkMessageStatus

__all__ = [
    "AudioRenderStatus",
    "RosterAudio",
    "SpeechVoice",
    "Anniversary",
    "CalendarFeed",
    "PENDING_STATUSES",
    "AudienceKind",
    "ChannelAccount",
    "ConfirmationEvidence",
    "ConfirmationLink",
    "LinkMessage",
    "LinkMessageStatus",
    "Delivery",
    "ConfirmationSource",
    "DeliveryStatus",
    "Priority",
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
    "CoverageReport",
    "ReportFormat",
    "Resolution",
    "ResolutionKind",
    "ResponsibleUnit",
    "Role",
    "PlanImportJob",
    "PlanImportPage",
    "PlanImportStatus",
    "Target",
    "WardGroup",
]
