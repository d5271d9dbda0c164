"""The loudspeaker roster (lịch phát thanh): what one cluster reads in each slot of a day or a week.

A roster item is one occurrence of a publication in one cluster; it stands for the deliveries of
every residential group the cluster covers (one row each), which the as-run log moves together.
Items of a slot are read emergency first, then priority, then normal; within a level in the order
broadcast staff set (``Delivery.roster_position``), then by planned time. Airtime is counted at
the cluster's own reading speed. Items outside every slot (an emergency put on air now) head
their day, in a section of their own.

``cluster_roster`` runs a fixed number of queries whatever the number of days, slots and items.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from campaigns.content.channels import Channel
from campaigns.models import (
    BroadcastSlot,
    Campaign,
    Delivery,
    DeliveryStatus,
    LoudspeakerCluster,
    Priority,
)
from campaigns.scheduling.recurrence import LOCAL_TZ

PRIORITY_RANK = {Priority.URGENT: 0, Priority.PRIORITY: 1, Priority.NORMAL: 2}
PRIORITY_LABELS = dict(Priority.choices)
AIRED_STATUSES = {DeliveryStatus.DELIVERED, DeliveryStatus.CONFIRMED}
NOT_AIRED_STATUSES = {DeliveryStatus.MISSED, DeliveryStatus.FAILED}
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class SlotState:
    TO_READ, AIRED, NOT_AIRED, PARTLY, EMPTY = "to_read", "aired", "not_aired", "partly", "empty"
    LABELS = {TO_READ: "Chờ đọc", AIRED: "Đã phát", NOT_AIRED: "Không phát", PARTLY: "Phát một phần",
              EMPTY: "Không có bài"}


def clock(seconds: int) -> str:
    """"24:30" (minutes:seconds), as slot fill is written on paper."""
    minutes, rest = divmod(max(int(seconds), 0), 60)
    return f"{minutes}:{rest:02d}"


def seconds_at(syllables: int, reading_speed: int) -> int:
    """The same rounding as ``cms.airtime.airtime_seconds``, from the stored syllable count."""
    return math.ceil(syllables * 60 / reading_speed) if syllables else 0


@dataclass
class RosterItem:
    delivery_ids: list[int]
    publication_id: int
    occurrence: dt.datetime
    due_at: dt.datetime
    title: str
    text: str
    campaign: str
    resolution_codes: list[str]
    priority: str
    airtime: int
    statuses: set[str]
    position: int
    notes: list[str] = field(default_factory=list)
    planned_start: dt.datetime | None = None

    @property
    def key(self) -> int:
        """The item's handle in URLs and forms: its first delivery's id."""
        return self.delivery_ids[0]

    @property
    def priority_label(self) -> str:
        return str(PRIORITY_LABELS[self.priority])

    @property
    def is_urgent(self) -> bool:
        return self.priority == Priority.URGENT

    @property
    def airtime_clock(self) -> str:
        return clock(self.airtime)

    @property
    def state(self) -> str:
        if not self.statuses:
            return SlotState.EMPTY
        if self.statuses <= AIRED_STATUSES:
            return SlotState.AIRED
        if self.statuses <= NOT_AIRED_STATUSES:
            return SlotState.NOT_AIRED
        if self.statuses & (AIRED_STATUSES | NOT_AIRED_STATUSES):
            return SlotState.PARTLY
        return SlotState.TO_READ

    @property
    def state_label(self) -> str:
        return SlotState.LABELS[self.state]


@dataclass
class RosterSlot:
    slot: BroadcastSlot | None  # None: outside every slot (an emergency put on air now)
    day: dt.date
    items: list[RosterItem] = field(default_factory=list)

    @property
    def start(self) -> dt.datetime:
        if self.slot is None:
            return min((item.due_at for item in self.items), default=dt.datetime.combine(
                self.day, dt.time(0), tzinfo=LOCAL_TZ))
        return dt.datetime.combine(self.day, self.slot.start, tzinfo=LOCAL_TZ)

    @property
    def capacity(self) -> int | None:
        return self.slot.capacity_seconds if self.slot is not None else None

    @property
    def used(self) -> int:
        return sum(item.airtime for item in self.items)

    @property
    def overfull(self) -> bool:
        return self.capacity is not None and self.used > self.capacity

    @property
    def fill(self) -> str:
        """"24:30 / 30:00"."""
        if self.capacity is None:
            return clock(self.used)
        return f"{clock(self.used)} / {clock(self.capacity)}"

    @property
    def label(self) -> str:
        if self.slot is None:
            return "Phát ngay (ngoài khung giờ)"
        return f"{self.slot.start:%H:%M}–{self.slot.end:%H:%M}"

    @property
    def state(self) -> str:
        states = {item.state for item in self.items}
        if not states:
            return SlotState.EMPTY
        if len(states) == 1:
            return states.pop()
        return SlotState.PARTLY if states & {SlotState.AIRED, SlotState.NOT_AIRED, SlotState.PARTLY} \
            else SlotState.TO_READ

    @property
    def state_label(self) -> str:
        return SlotState.LABELS[self.state]

    def number_items(self) -> None:
        """Order the items and give each its planned start (slot start + running total)."""
        self.items.sort(key=lambda item: (PRIORITY_RANK[item.priority], item.position, item.due_at,
                                          item.publication_id))
        moment = self.start
        for item in self.items:
            item.planned_start = item.due_at if self.slot is None else moment
            moment += dt.timedelta(seconds=item.airtime)


@dataclass
class RosterDay:
    day: dt.date
    slots: list[RosterSlot]

    @property
    def label(self) -> str:
        return f"{WEEKDAY_NAMES[self.day.weekday()]}, ngày {self.day:%d/%m/%Y}"

    @property
    def items(self) -> list[RosterItem]:
        return [item for slot in self.slots for item in slot.items]

    @property
    def is_empty(self) -> bool:
        return not self.items


@dataclass
class Roster:
    cluster: LoudspeakerCluster
    ward_name: str
    groups: list[str]
    days: list[RosterDay]

    @property
    def first_day(self) -> dt.date:
        return self.days[0].day

    @property
    def last_day(self) -> dt.date:
        return self.days[-1].day

    @property
    def is_empty(self) -> bool:
        return all(day.is_empty for day in self.days)

    @property
    def period_label(self) -> str:
        if self.first_day == self.last_day:
            return self.days[0].label
        return f"Từ ngày {self.first_day:%d/%m/%Y} đến ngày {self.last_day:%d/%m/%Y}"


def day_bounds(first_day: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first_day, dt.time(0), tzinfo=LOCAL_TZ)
    return start, start + dt.timedelta(days=days)


def slot_of(slots: list[BroadcastSlot], moment: dt.datetime) -> BroadcastSlot | None:
    local = moment.astimezone(LOCAL_TZ)
    for slot in slots:
        if slot.weekdays & (1 << local.weekday()) and slot.start <= local.time() < slot.end:
            return slot
    return None


ROW_FIELDS = ("pk", "cluster_id", "publication_id", "occurrence", "due_at", "status", "status_note",
              "roster_position", "publication__page_id", "publication__priority", "publication__campaign_id",
              "publication__campaign__number", "publication__campaign__title")


def roster_deliveries(cluster_ids, start: dt.datetime, end: dt.datetime):
    """The loudspeaker rows of the clusters in [start, end), as tuples of ``ROW_FIELDS``, in one query."""
    return (
        Delivery.objects.filter(cluster_id__in=cluster_ids, channel=Channel.LOUDSPEAKER, due_at__gte=start,
                                due_at__lt=end)
        .exclude(status=DeliveryStatus.CANCELLED)
        .order_by("due_at", "publication_id", "pk")
        .values_list(*ROW_FIELDS)
    )


def _scripts(page_ids) -> dict:
    from cms.models import LoudspeakerScriptPage

    rows = LoudspeakerScriptPage.objects.filter(pk__in=page_ids).values_list(
        "pk", "title", "text", "syllables", "priority")
    return {row[0]: row[1:] for row in rows}


def _resolution_codes(campaign_ids) -> dict[int, list[str]]:
    codes = defaultdict(list)
    through = Campaign.resolutions.through.objects.filter(campaign_id__in=campaign_ids)
    for campaign_id, code in through.values_list("campaign_id", "resolution__code").order_by("resolution__code"):
        codes[campaign_id].append(code)
    return codes


def build_items(rows, reading_speed_of: dict[int, int]) -> dict[tuple[int, int, dt.datetime], RosterItem]:
    """{(cluster_id, publication_id, occurrence): item} from ``roster_deliveries`` (two more queries)."""
    rows = list(rows)
    scripts = _scripts({row[8] for row in rows})
    codes = _resolution_codes({row[10] for row in rows})
    items: dict[tuple[int, int, dt.datetime], RosterItem] = {}
    for (pk, cluster_id, publication_id, occurrence, due_at, status, note, position, page_id, priority,
         campaign_id, number, campaign_title) in rows:
        key = (cluster_id, publication_id, occurrence)
        item = items.get(key)
        if item is None:
            title, text, syllables, script_priority = scripts.get(page_id, ("", "", 0, Priority.NORMAL))
            item = items[key] = RosterItem(
                delivery_ids=[], publication_id=publication_id, occurrence=occurrence, due_at=due_at,
                title=title, text=text, campaign=" ".join(filter(None, [number, campaign_title])),
                resolution_codes=codes.get(campaign_id, []), priority=priority or script_priority,
                airtime=seconds_at(syllables, reading_speed_of[cluster_id]), statuses=set(), position=position,
            )
        item.delivery_ids.append(pk)
        item.statuses.add(status)
        if due_at < item.due_at:
            item.due_at = due_at
        if note and note not in item.notes:
            item.notes.append(note)
    return items


def clusters_rosters(clusters: list[LoudspeakerCluster], *, first_day: dt.date, days: int = 1) -> list[Roster]:
    """The rosters of several clusters (of one ward) for ``days`` days from ``first_day``.

    Queries: slots, covered groups, deliveries, scripts, resolution codes: five, whatever the size.
    """
    cluster_ids = [cluster.pk for cluster in clusters]
    slots_of = defaultdict(list)
    for slot in BroadcastSlot.objects.filter(cluster_id__in=cluster_ids).order_by("start"):
        slots_of[slot.cluster_id].append(slot)
    groups_of = defaultdict(list)
    through = LoudspeakerCluster.groups.through.objects.filter(loudspeakercluster_id__in=cluster_ids)
    for cluster_id, name in through.values_list("loudspeakercluster_id", "residentialgroup__name").order_by(
            "residentialgroup__name"):
        groups_of[cluster_id].append(name)
    start, end = day_bounds(first_day, days)
    items = build_items(roster_deliveries(cluster_ids, start, end),
                        {cluster.pk: cluster.reading_speed for cluster in clusters})
    by_cluster_day = defaultdict(list)
    for (cluster_id, _publication, _occurrence), item in items.items():
        by_cluster_day[(cluster_id, item.due_at.astimezone(LOCAL_TZ).date())].append(item)

    rosters = []
    for cluster in clusters:
        roster_days = []
        for offset in range(days):
            day = first_day + dt.timedelta(days=offset)
            sections = {slot.pk: RosterSlot(slot, day) for slot in slots_of[cluster.pk]
                        if slot.weekdays & (1 << day.weekday())}
            outside = RosterSlot(None, day)
            for item in by_cluster_day[(cluster.pk, day)]:
                slot = slot_of(slots_of[cluster.pk], item.due_at)
                (sections[slot.pk] if slot is not None and slot.pk in sections else outside).items.append(item)
            day_slots = ([outside] if outside.items else []) + list(sections.values())
            for section in day_slots:
                section.number_items()
            roster_days.append(RosterDay(day, day_slots))
        rosters.append(Roster(cluster=cluster, ward_name=cluster.ward.name, groups=groups_of[cluster.pk],
                              days=roster_days))
    return rosters


def cluster_roster(cluster: LoudspeakerCluster, *, first_day: dt.date, days: int = 1) -> Roster:
    """One cluster's roster (``cluster`` with its ward loaded: ``select_related("ward")``)."""
    return clusters_rosters([cluster], first_day=first_day, days=days)[0]


def ward_clusters(ward_id: int) -> list[LoudspeakerCluster]:
    return list(LoudspeakerCluster.objects.filter(ward_id=ward_id).select_related("ward").order_by("name"))

