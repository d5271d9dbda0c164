"""Coverage: which residential group has been reached on which channel, and what is missing.

A delivery counts as *planned* unless it was cancelled, and as *reached* once it is delivered or
confirmed. A campaign's numbers include the deliveries of its child campaigns (a city campaign
rolls up its wards'). Every number comes from a ``GROUP BY`` in the database, so each function
runs a fixed number of queries whatever the size of the campaign; the totals are sums of the
grouped rows (at most groups × channels × weeks of them) done in Python.

Rows are limited to what ``user`` may read (``campaigns.places.access``): a ward's people opening
the city campaign see their own ward's rows only. ``user=None`` means no limit (commands, tasks).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncWeek

from campaigns.content.channels import Channel
from campaigns.models import (
    Campaign,
    Delivery,
    DeliveryStatus,
    Locality,
    LoudspeakerCluster,
    ResidentialGroup,
)
from campaigns.places import access

REACHED_STATUSES = (DeliveryStatus.DELIVERED, DeliveryStatus.CONFIRMED)
NOT_PLANNED_STATUSES = (DeliveryStatus.CANCELLED,)
REACHED = Q(status__in=REACHED_STATUSES)
PLANNED = ~Q(status__in=NOT_PLANNED_STATUSES)
# Rows are counted on ``status`` (never null), not on ``id``: every column the GROUP BYs read is
# then in the covering index ``delivery_coverage_idx`` (publication, due_at + group, channel,
# status), so PostgreSQL answers a city-year from the index alone, without reading the table.
# (Django refuses COUNT(*) with a FILTER.)
ROWS = "status"


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_bounds(start: dt.date | None, end: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """[start 00:00, end+1 00:00) in Asia/Ho_Chi_Minh: both days included."""
    zone = local_zone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=zone) if start else None
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone) if end else None
    return low, high


def iso_week_of(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> dt.date:
    year, number = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(number), 1)


def campaign_family_q(campaign: Campaign, prefix: str = "") -> Q:
    """The campaign and its children (a city campaign's ward campaigns)."""
    return Q(**{f"{prefix}campaign": campaign}) | Q(**{f"{prefix}campaign__parent": campaign})


def campaign_deliveries(*, campaign: Campaign, user=None, start: dt.date | None = None,
                        end: dt.date | None = None) -> QuerySet:
    """The deliveries a campaign's coverage counts, due between ``start`` and ``end`` (local days)."""
    queryset = Delivery.objects.filter(campaign_family_q(campaign, "publication__"))
    low, high = day_bounds(start, end)
    if low:
        queryset = queryset.filter(due_at__gte=low)
    if high:
        queryset = queryset.filter(due_at__lt=high)
    return queryset if user is None else access.scope_queryset(queryset, user)


def campaign_wards(*, campaign: Campaign, user=None) -> QuerySet:
    """The wards whose groups a campaign's matrix lists: its own ward and its children's."""
    wards = Locality.objects.filter(
        Q(campaigns=campaign) | Q(campaigns__parent=campaign), kind__in=_ward_kinds()
    ).distinct()
    return wards if user is None else access.scope_queryset(wards, user)


def _ward_kinds():
    from campaigns.models.places import WARD_KINDS

    return WARD_KINDS


@dataclass
class Cell:
    reached: int = 0
    planned: int = 0

    def add(self, reached: int, planned: int) -> None:
        self.reached += reached
        self.planned += planned

    @property
    def ratio(self) -> float | None:
        return None if not self.planned else self.reached / self.planned

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else round(100 * self.ratio)

    def as_dict(self) -> dict:
        return {"reached": self.reached, "planned": self.planned}


@dataclass
class GroupRow:
    id: int
    name: str
    ward_id: int
    ward_name: str
    cells: dict[str, Cell] = field(default_factory=dict)
    weeks: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (channel, ISO week) -> cell
    total: Cell = field(default_factory=Cell)


@dataclass
class CoverageMatrix:
    """Residential group × channel (× ISO week), each cell reached/planned, with its totals."""

    campaign: Campaign
    start: dt.date | None
    end: dt.date | None
    channels: list[str]
    weeks: list[str]
    rows: list[GroupRow]
    by_channel: dict[str, Cell]
    by_ward: dict[int, Cell]
    ward_names: dict[int, str]
    by_cluster: list[tuple[LoudspeakerCluster, Cell]]
    ward_wide: dict[str, Cell]  # deliveries to a whole ward (portal, social…), not to one group
    total: Cell

    def as_dict(self) -> dict:
        return {
            "campaign": {"id": self.campaign.pk, "slug": self.campaign.slug, "title": self.campaign.title},
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "channels": self.channels,
            "weeks": self.weeks,
            "groups": [
                {"id": row.id, "name": row.name, "ward": row.ward_name,
                 "cells": {channel: cell.as_dict() for channel, cell in row.cells.items()},
                 "weeks": {f"{channel}/{week}": cell.as_dict() for (channel, week), cell in row.weeks.items()},
                 "total": row.total.as_dict()}
                for row in self.rows
            ],
            "by_channel": {channel: cell.as_dict() for channel, cell in self.by_channel.items()},
            "by_ward": [{"id": ward_id, "name": self.ward_names.get(ward_id, ""), **cell.as_dict()}
                        for ward_id, cell in self.by_ward.items()],
            "by_cluster": [{"id": cluster.pk, "name": cluster.name, **cell.as_dict()}
                           for cluster, cell in self.by_cluster],
            "ward_wide": {channel: cell.as_dict() for channel, cell in self.ward_wide.items()},
            "total": self.total.as_dict(),
        }


def _channel_order(codes) -> list[str]:
    order = {code: index for index, code in enumerate(Channel.values)}
    return sorted(set(codes), key=lambda code: order.get(code, len(order)))


def coverage_matrix(*, campaign: Campaign, user=None, start: dt.date | None = None,
                    end: dt.date | None = None, by_week: bool = False) -> CoverageMatrix:
    """The matrix of a campaign (and its child campaigns), with a cell per ISO week too when
    ``by_week``. Five queries whatever the size."""
    groups = list(
        ResidentialGroup.objects.filter(ward__in=campaign_wards(campaign=campaign, user=user))
        .order_by("ward__name", "pk").values_list("pk", "name", "ward_id", "ward__name")
    )
    rows = {pk: GroupRow(pk, name, ward_id, ward_name) for pk, name, ward_id, ward_name in groups}
    keys = ["group_id", "channel", "publication__ward_id"]
    deliveries = campaign_deliveries(campaign=campaign, user=user, start=start, end=end)
    if by_week:
        deliveries, keys = deliveries.annotate(week=TruncWeek("due_at", tzinfo=local_zone())), [*keys, "week"]
    grouped = (deliveries.values(*keys)
               .annotate(reached=Count(ROWS, filter=REACHED), planned=Count(ROWS, filter=PLANNED)).order_by())
    by_channel: dict[str, Cell] = defaultdict(Cell)
    by_ward: dict[int, Cell] = defaultdict(Cell)
    ward_wide: dict[str, Cell] = defaultdict(Cell)
    ward_names = dict(campaign_wards(campaign=campaign, user=user).values_list("pk", "name"))
    for ward_id in ward_names:
        by_ward[ward_id] = Cell()
    weeks, total = set(), Cell()
    for item in grouped:
        reached, planned, channel = item["reached"], item["planned"], item["channel"]
        by_channel[channel].add(reached, planned)
        by_ward[item["publication__ward_id"]].add(reached, planned)
        total.add(reached, planned)
        row = rows.get(item["group_id"])
        if item["group_id"] is None:
            ward_wide[channel].add(reached, planned)
        elif row is not None:
            row.cells.setdefault(channel, Cell()).add(reached, planned)
            if by_week:
                week = iso_week_of(item["week"].date())
                weeks.add(week)
                row.weeks.setdefault((channel, week), Cell()).add(reached, planned)
            row.total.add(reached, planned)
    members = defaultdict(list)
    for cluster_id, group_id in LoudspeakerCluster.groups.through.objects.filter(
        residentialgroup_id__in=list(rows)
    ).values_list("loudspeakercluster_id", "residentialgroup_id"):
        members[cluster_id].append(group_id)
    clusters = LoudspeakerCluster.objects.filter(pk__in=list(members)).order_by("ward__name", "name")
    by_cluster = []
    for cluster in clusters:
        cell = Cell()
        for group_id in members[cluster.pk]:
            cell.add(rows[group_id].total.reached, rows[group_id].total.planned)
        by_cluster.append((cluster, cell))
    channels = _channel_order(list(by_channel) + list(campaign.channels or []))
    return CoverageMatrix(
        campaign=campaign, start=start, end=end, channels=channels, weeks=sorted(weeks),
        rows=list(rows.values()), by_channel={c: by_channel[c] for c in channels if c in by_channel},
        by_ward=dict(sorted(by_ward.items(), key=lambda pair: ward_names.get(pair[0], ""))),
        ward_names=ward_names, by_cluster=by_cluster, ward_wide=dict(ward_wide), total=total,
    )


@dataclass
class UnreachedGroup:
    id: int
    name: str
    ward_name: str
    last_reached_at: dt.datetime | None


def groups_not_reached(*, campaign: Campaign, now: dt.datetime, days: int, user=None) -> list[UnreachedGroup]:
    """The groups of the campaign's wards with no delivery reached in the ``days`` before ``now``,
    with when they were last reached (None: never). Two queries."""
    since = now - dt.timedelta(days=days)
    last = dict(
        campaign_deliveries(campaign=campaign, user=user).filter(REACHED, group__isnull=False, due_at__lte=now)
        .values("group_id").annotate(last=Max("due_at")).order_by().values_list("group_id", "last")
    )
    groups = (ResidentialGroup.objects.filter(ward__in=campaign_wards(campaign=campaign, user=user))
              .order_by("ward__name", "pk").values_list("pk", "name", "ward__name"))
    return [
        UnreachedGroup(pk, name, ward_name, last.get(pk))
        for pk, name, ward_name in groups
        if last.get(pk) is None or last[pk] < since
    ]


@dataclass
class WeeklySeries:
    """Deliveries per ISO week per channel: reached against planned."""

    weeks: list[str]
    channels: list[str]
    points: dict[tuple[str, str], Cell]  # (channel, week) -> cell

    def cell(self, channel: str, week: str) -> Cell:
        return self.points.get((channel, week), Cell())

    def as_dict(self) -> dict:
        return {"weeks": self.weeks, "channels": self.channels,
                "points": [{"channel": c, "week": w, **cell.as_dict()} for (c, w), cell in self.points.items()]}


def weekly_by_channel(*, campaign: Campaign, user=None, start: dt.date | None = None,
                      end: dt.date | None = None) -> WeeklySeries:
    """One query: deliveries per ISO week (local time) and channel."""
    grouped = (
        campaign_deliveries(campaign=campaign, user=user, start=start, end=end)
        .annotate(week=TruncWeek("due_at", tzinfo=local_zone()))
        .values("channel", "week")
        .annotate(reached=Count(ROWS, filter=REACHED), planned=Count(ROWS, filter=PLANNED))
        .order_by()
    )
    points: dict[tuple[str, str], Cell] = defaultdict(Cell)
    for item in grouped:
        points[(item["channel"], iso_week_of(item["week"].date()))].add(item["reached"], item["planned"])
    weeks = sorted({week for _channel, week in points})
    channels = _channel_order(channel for channel, _week in points)
    return WeeklySeries(weeks=weeks, channels=channels, points=dict(points))


def status_counts(*, campaign: Campaign, user=None, start: dt.date | None = None,
                  end: dt.date | None = None) -> dict[str, dict[str, int]]:
    """{channel: {status: count}} for the report's summary. One query."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    rows = (campaign_deliveries(campaign=campaign, user=user, start=start, end=end)
            .values("channel", "status").annotate(n=Count(ROWS)).order_by())
    for item in rows:
        counts[item["channel"]][item["status"]] = item["n"]
    return {channel: counts[channel] for channel in _channel_order(counts)}


def last_reached(*, campaign: Campaign, user=None, start: dt.date | None = None,
                 end: dt.date | None = None) -> dict[tuple[int, str], dt.datetime]:
    """{(group id, channel): when the group was last reached on the channel} in the period. One query."""
    rows = (campaign_deliveries(campaign=campaign, user=user, start=start, end=end)
            .filter(REACHED, group__isnull=False).values("group_id", "channel").annotate(last=Max("due_at"))
            .order_by())
    return {(item["group_id"], item["channel"]): item["last"] for item in rows}
