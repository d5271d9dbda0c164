"""The calendar's filters, read from the URL (so a view can be shared) and checked against the
user's wards: a value the user may not see is refused exactly like one that does not exist."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from campaigns.admin.ids import parse_id
from campaigns.content.channels import Channel
from campaigns.models import Campaign, DeliveryStatus, Locality, LoudspeakerCluster, ResidentialGroup
from campaigns.places import access
from campaigns.reports.calendar.periods import CalendarInputError

FILTER_KEYS = ("ward", "campaign", "channel", "status", "group", "cluster")


@dataclass
class CalendarFilters:
    wards: list[Locality]  # the wards shown: the chosen one, or every ward of the user
    ward: Locality | None = None
    campaign: Campaign | None = None
    channel: str = ""
    status: str = ""
    group: ResidentialGroup | None = None
    cluster: LoudspeakerCluster | None = None
    choices: dict = field(default_factory=dict)

    @property
    def ward_ids(self) -> list[int]:
        return [ward.pk for ward in self.wards]

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label) if self.channel else ""

    @property
    def status_label(self) -> str:
        return str(DeliveryStatus(self.status).label) if self.status else ""

    def delivery_q(self, prefix: str = "") -> Q:
        """The condition on Delivery rows (``prefix`` to reach them from another model)."""
        q = Q(**{f"{prefix}publication__ward_id__in": self.ward_ids})
        if self.campaign:
            q &= Q(**{f"{prefix}publication__campaign_id": self.campaign.pk})
        if self.channel:
            q &= Q(**{f"{prefix}channel": self.channel})
        if self.status:
            q &= Q(**{f"{prefix}status": self.status})
        if self.group:
            q &= Q(**{f"{prefix}group_id": self.group.pk})
        if self.cluster:
            q &= Q(**{f"{prefix}cluster_id": self.cluster.pk})
        return q

    def as_query(self) -> dict[str, str]:
        values = {
            "ward": self.ward.pk if self.ward else "", "campaign": self.campaign.pk if self.campaign else "",
            "channel": self.channel, "status": self.status, "group": self.group.pk if self.group else "",
            "cluster": self.cluster.pk if self.cluster else "",
        }
        return {key: str(value) for key, value in values.items() if value}

    def querystring(self, **extra) -> str:
        return urlencode({**self.as_query(), **{k: v for k, v in extra.items() if v}})


def _pick(queryset: QuerySet, raw: str, label: str):
    if not raw:
        return None
    pk = parse_id(raw)
    obj = queryset.filter(pk=pk).first() if pk else None
    if obj is None:
        raise CalendarInputError(f"Không tìm thấy {label} “{raw[:40]}” trong các phường/xã bạn phụ trách. "
                                 "Hãy chọn lại trong bộ lọc.")
    return obj


def filters_parse(*, user, params) -> CalendarFilters:
    """The filters in ``params`` (a QueryDict or dict), limited to what ``user`` may read."""
    def get(key):
        value = params.get(key, "")
        return value.strip() if isinstance(value, str) else ""

    wards = list(access.user_wards(user).order_by("name"))
    ward = _pick(access.user_wards(user), get("ward"), "phường/xã")
    shown = [ward] if ward else wards
    ward_ids = [w.pk for w in shown]
    campaigns = Campaign.objects.filter(ward_id__in=ward_ids).order_by("-period_start", "title")
    groups = ResidentialGroup.objects.filter(ward_id__in=ward_ids).order_by("ward__name", "name")
    clusters = LoudspeakerCluster.objects.filter(ward_id__in=ward_ids).order_by("ward__name", "name")
    channel, status = get("channel"), get("status")
    if channel and channel not in Channel.values:
        raise CalendarInputError(f"Kênh “{channel[:40]}” không tồn tại. Hãy chọn một kênh trong bộ lọc.")
    if status and status not in DeliveryStatus.values:
        raise CalendarInputError(f"Trạng thái “{status[:40]}” không tồn tại. Hãy chọn trong bộ lọc.")
    return CalendarFilters(
        wards=shown, ward=ward, campaign=_pick(campaigns, get("campaign"), "kế hoạch"), channel=channel,
        status=status, group=_pick(groups, get("group"), "tổ/thôn"),
        cluster=_pick(clusters, get("cluster"), "cụm loa"),
        choices={"wards": wards, "campaigns": campaigns, "groups": groups, "clusters": clusters,
                 "channels": Channel.choices, "statuses": DeliveryStatus.choices},
    )
