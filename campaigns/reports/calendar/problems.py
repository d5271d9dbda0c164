"""What needs the supervisor's attention in the days shown: overbooked loudspeaker slots, held,
failed or overdue deliveries, and residential groups an active campaign has left without anything
planned for two weeks."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import DateField, Func
from django.db.models.functions import TruncDate

from campaigns.content.channels import PER_GROUP_CHANNELS, Channel
from campaigns.models import Campaign, CampaignStatus, Delivery, DeliveryStatus, LoudspeakerCluster, ResidentialGroup
from campaigns.reports.calendar.entries import Entry
from campaigns.scheduling.conflicts import Overbooking, slots_overbooked
from campaigns.scheduling.recurrence import LOCAL_TZ

GAP_DAYS = 14


@dataclass(frozen=True)
class Gap:
    """A residential group with no delivery of an active campaign for ``GAP_DAYS`` days or more."""

    group_name: str
    campaign_title: str
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass
class Problems:
    overbooked: list[tuple[Overbooking, str]] = field(default_factory=list)  # with the cluster's name
    attention: list[Entry] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def overbooked_days(self) -> set[dt.date]:
        return {overbooking.day for overbooking, _name in self.overbooked}

    def __bool__(self):
        return bool(self.overbooked or self.attention or self.gaps)


def overbooked_slots(*, filters, window) -> list[tuple[Overbooking, str]]:
    if filters.channel and filters.channel != Channel.LOUDSPEAKER:
        return []
    clusters = LoudspeakerCluster.objects.filter(ward_id__in=filters.ward_ids)
    if filters.cluster:
        clusters = clusters.filter(pk=filters.cluster.pk)
    if filters.group:
        clusters = clusters.filter(groups=filters.group)
    names = dict(clusters.values_list("pk", "name"))
    return [(o, names[o.cluster_id]) for o in slots_overbooked(cluster_ids=list(names), window=window)]


class OffsetDate(TruncDate):
    """The local calendar day of a datetime column where the zone's offset is ``offset`` throughout.

    SQLite reads ``TruncDate`` through a Python function called once per row (most of a busy month's
    cost); at a fixed offset its own ``date(column, '+N seconds')`` gives the same day in C. Other
    databases truncate natively and keep Django's SQL."""

    def __init__(self, expression, *, offset: dt.timedelta, **extra):
        super().__init__(expression, tzinfo=LOCAL_TZ, **extra)  # what other databases truncate in
        self.offset_seconds = int(offset.total_seconds())

    def as_sqlite(self, compiler, connection, **extra_context):
        shifted = Func(self.get_source_expressions()[0], function="date", output_field=DateField(),
                       template=f"%(function)s(%(expressions)s, '{self.offset_seconds:+d} seconds')")
        return compiler.compile(shifted)


def local_day(column: str, *, start: dt.datetime, end: dt.datetime):
    """The Vietnamese day of ``column`` for rows in [start, end): the cheap fixed-offset form when
    Asia/Ho_Chi_Minh keeps one offset over the window (it has been +07:00 since 1975)."""
    offset = start.astimezone(LOCAL_TZ).utcoffset()
    if offset == end.astimezone(LOCAL_TZ).utcoffset():
        return OffsetDate(column, offset=offset)
    return TruncDate(column, tzinfo=LOCAL_TZ)


def planning_gaps(*, filters, first: dt.date, last: dt.date) -> list[Gap]:
    """Groups without a delivery (of a per-group channel) of an active campaign for ``GAP_DAYS`` days
    within the campaign's period and the days shown. Ward-wide posts do not count: nobody planned
    them for the group."""
    campaigns = Campaign.objects.filter(ward_id__in=filters.ward_ids, status=CampaignStatus.ACTIVE)
    if filters.campaign:
        campaigns = campaigns.filter(pk=filters.campaign.pk)
    campaigns = list(campaigns.only("pk", "title", "ward_id", "period_start", "period_end"))
    if not campaigns:
        return []
    groups = ResidentialGroup.objects.filter(ward_id__in={c.ward_id for c in campaigns})
    if filters.group:
        groups = groups.filter(pk=filters.group.pk)
    if filters.cluster:
        groups = groups.filter(clusters=filters.cluster)
    groups = list(groups.order_by("name").values_list("pk", "name", "ward_id"))
    margin = dt.timedelta(days=GAP_DAYS)
    start = dt.datetime.combine(first - margin, dt.time(), tzinfo=LOCAL_TZ)
    end = dt.datetime.combine(last + margin + dt.timedelta(days=1), dt.time(), tzinfo=LOCAL_TZ)
    planned = set(
        Delivery.objects.filter(publication__campaign__in=campaigns, channel__in=PER_GROUP_CHANNELS,
                                group__isnull=False, due_at__gte=start, due_at__lt=end)
        .exclude(status=DeliveryStatus.CANCELLED)
        .annotate(day=local_day("due_at", start=start, end=end))
        .values_list("publication__campaign_id", "group_id", "day").order_by().distinct()
    )
    days_of: dict[tuple[int, int], list[dt.date]] = {}
    for campaign_id, group_id, day in planned:
        days_of.setdefault((campaign_id, group_id), []).append(day)
    gaps = []
    for campaign in campaigns:
        low = max(first, campaign.period_start or first)
        high = min(last, campaign.period_end or last)
        if (high - low).days + 1 < GAP_DAYS:
            continue
        for group_id, name, ward_id in groups:
            if ward_id != campaign.ward_id:
                continue
            days = sorted(days_of.get((campaign.pk, group_id), ()))
            gaps += [Gap(name, str(campaign), a, b) for a, b in _empty_runs(days, low, high)]
    return sorted(gaps, key=lambda gap: (gap.first, gap.group_name))


def _empty_runs(days: list[dt.date], low: dt.date, high: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Runs of at least ``GAP_DAYS`` days in [low, high] containing none of ``days`` (a run may
    start before ``low`` when nothing was planned there either: it is clipped to what is shown)."""
    runs = []
    previous = None
    for day in [*days, None]:
        run_start = (previous + dt.timedelta(days=1)) if previous else None
        run_end = (day - dt.timedelta(days=1)) if day else None
        clipped_start = max(run_start or low, low)
        clipped_end = min(run_end or high, high)
        whole_start = run_start or low
        whole_end = run_end or high
        if clipped_start <= clipped_end and (whole_end - whole_start).days + 1 >= GAP_DAYS:
            runs.append((clipped_start, clipped_end))
        previous = day
    return runs


def calendar_problems(*, filters, period, entries: list[Entry], now: dt.datetime) -> Problems:
    return Problems(
        overbooked=overbooked_slots(filters=filters, window=period.window),
        attention=[entry for entry in entries if entry.attention],
        gaps=planning_gaps(filters=filters, first=period.first, last=period.last),
    )
