"""The loudspeaker roster (lịch phát thanh): what one cluster reads in each slot of a day or a week.

A roster item is one occurrence of a publication in one cluster; it stands for the deliveries of
every residential group the cluster covers (one row each), which the as-run log moves together.
The roster reads them counted per item in SQL (one row per item and status), not one by one: a
cluster covering ten groups costs the same as one covering two.
Items of a slot are read emergency first, then priority, then normal; within a level in the order
broadcast staff set (``Delivery.roster_position``), then by planned time. Airtime is counted at
the cluster's own reading speed. Items outside every slot (an emergency put on air now) head
their day, in a section of their own.

``cluster_roster`` runs a fixed number of queries whatever the number of days, slots and items.
Their SQL is compiled once per process (``cms.prepared``) and run again with each call's values:
building a queryset costs more than running it for a week of one cluster. An ``IN`` list is padded
(with its last id repeated) to the next power of two, so a handful of shapes cover any ward.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min

from campaigns.content.channels import Channel
from campaigns.models import (
    BroadcastSlot,
    Delivery,
    DeliveryStatus,
    LoudspeakerCluster,
    Priority,
    Publication,
)
from campaigns.scheduling.recurrence import LOCAL_TZ
from cms.prepared import PreparedValues

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
    key: int  # the item's handle in URLs and forms: its first delivery's id
    groups: int  # how many residential groups' deliveries it stands for
    cluster_id: int
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

    def rows(self):
        """The deliveries this item stands for (a queryset, not run until read)."""
        return Delivery.objects.filter(cluster_id=self.cluster_id, publication_id=self.publication_id,
                                       occurrence=self.occurrence, channel=Channel.LOUDSPEAKER).exclude(
            status=DeliveryStatus.CANCELLED)

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
    return slot_at(slots, moment.astimezone(LOCAL_TZ))


def slot_at(slots: list[BroadcastSlot], local: dt.datetime) -> BroadcastSlot | None:
    """The slot holding ``local`` (a moment already in local time), or None."""
    weekday, time = 1 << local.weekday(), local.time()
    for slot in slots:
        if slot.weekdays & weekday and slot.start <= time < slot.end:
            return slot
    return None


GROUP_FIELDS = ("cluster_id", "publication_id", "occurrence", "status", "status_note")
ROW_FIELDS = (*GROUP_FIELDS, "first_id", "groups", "first_due", "position")
SCRIPT = "page__loudspeakerscriptpage__"
PUBLICATION_FIELDS = ("pk", "priority", "campaign__number", "campaign__title", "campaign__resolutions__code",
                      "page__title", f"{SCRIPT}text", f"{SCRIPT}syllables", f"{SCRIPT}priority")
SLOT_FIELDS = tuple(field.attname for field in BroadcastSlot._meta.concrete_fields)

_prepared: dict[tuple, PreparedValues] = {}


def prepared(key: tuple, build) -> PreparedValues:
    """The roster query ``key`` (its name and the length of its padded id list), compiled once."""
    return _prepared.get(key) or _prepared.setdefault(key, PreparedValues(build, model=Delivery))


def padded(ids) -> list[int]:
    """The ids, sorted, padded with the last one to a power of two (a fixed ``IN`` shape per size)."""
    ids = sorted(set(ids))
    size = 1
    while size < len(ids):
        size *= 2
    return ids + ids[-1:] * (size - len(ids))


def id_values(ids: list[int]) -> dict[str, int]:
    return {f"id{index}": value for index, value in enumerate(ids)}


def id_list(values: dict, count: int) -> list:
    return [values[f"id{index}"] for index in range(count)]


def _deliveries_query(count: int):
    def build(start, end, **ids):
        return (
            Delivery.objects.filter(cluster_id__in=id_list(ids, count), channel=Channel.LOUDSPEAKER,
                                    due_at__gte=start, due_at__lt=end)
            .exclude(status=DeliveryStatus.CANCELLED)
            .values(*GROUP_FIELDS)  # grouped by these; the counts follow, in ROW_FIELDS order
            .annotate(first_id=Min("pk"), groups=Count("pk"), first_due=Min("due_at"),
                      position=Min("roster_position"))
            .order_by("first_due", "publication_id", "first_id")
        )
    return build


def roster_deliveries(cluster_ids, start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """The loudspeaker rows of the clusters in [start, end), counted per item and status (the groups'
    rows of an item share them), as tuples of ``ROW_FIELDS``, in one query."""
    ids = padded(cluster_ids)
    if not ids:
        return []
    return prepared(("deliveries", len(ids)), _deliveries_query(len(ids))).tuples(
        start=start, end=end, **id_values(ids))


def _publications_query(count: int):
    def build(**ids):
        return Publication.objects.filter(pk__in=id_list(ids, count)).values(*PUBLICATION_FIELDS).order_by(
            "pk", "campaign__resolutions__code")
    return build


def _publications(publication_ids) -> dict[int, tuple]:
    """{publication id: (priority, campaign, codes, title, text, syllables, script priority)}: one row per
    publication and resolution code of its campaign (a few), in one query."""
    found: dict[int, tuple] = {}
    ids = padded(publication_ids)
    if not ids:
        return found
    rows = prepared(("publications", len(ids)), _publications_query(len(ids))).tuples(**id_values(ids))
    for pk, priority, number, campaign_title, code, title, text, syllables, script_priority in rows:
        if pk not in found:
            found[pk] = (priority, " ".join(filter(None, [number, campaign_title])), [], title or "", text or "",
                         syllables or 0, script_priority)
        if code:
            found[pk][2].append(code)
    return found


def build_items(rows, reading_speed_of: dict[int, int]) -> dict[tuple[int, int, dt.datetime], RosterItem]:
    """{(cluster_id, publication_id, occurrence): item} from ``roster_deliveries`` (one more query)."""
    rows = list(rows)
    publications = _publications({row[1] for row in rows})
    items: dict[tuple[int, int, dt.datetime], RosterItem] = {}
    for cluster_id, publication_id, occurrence, status, note, first_id, groups, due_at, position in rows:
        key = (cluster_id, publication_id, occurrence)
        item = items.get(key)
        if item is None:
            priority, campaign, codes, title, text, syllables, script_priority = publications[publication_id]
            item = items[key] = RosterItem(
                key=first_id, groups=0, cluster_id=cluster_id, publication_id=publication_id,
                occurrence=occurrence, due_at=due_at, title=title, text=text, campaign=campaign,
                resolution_codes=codes, priority=priority or script_priority or Priority.NORMAL,
                airtime=seconds_at(syllables, reading_speed_of[cluster_id]), statuses=set(), position=position,
            )
        item.key = min(item.key, first_id)
        item.groups += groups
        item.position = min(item.position, position)
        item.statuses.add(status)
        if due_at < item.due_at:
            item.due_at = due_at
        if note and note not in item.notes:
            item.notes.append(note)
    return items


def _slots_query(count: int):
    def build(**ids):
        return BroadcastSlot.objects.filter(cluster_id__in=id_list(ids, count)).values(*SLOT_FIELDS).order_by(
            "start")
    return build


def _groups_query(count: int):
    def build(**ids):
        through = LoudspeakerCluster.groups.through.objects.filter(loudspeakercluster_id__in=id_list(ids, count))
        return through.values("loudspeakercluster_id", "residentialgroup__name").order_by("residentialgroup__name")
    return build


def clusters_rosters(clusters: list[LoudspeakerCluster], *, first_day: dt.date, days: int = 1) -> list[Roster]:
    """The rosters of several clusters (of one ward) for ``days`` days from ``first_day``.

    Queries: slots, covered groups, deliveries, publications with their scripts and resolution codes:
    four, whatever the size.
    """
    cluster_ids = [cluster.pk for cluster in clusters]
    slots_of = defaultdict(list)
    groups_of = defaultdict(list)
    ids = padded(cluster_ids)
    if ids:
        query = prepared(("slots", len(ids)), _slots_query(len(ids)))
        alias = query.database()
        for row in query.tuples(**id_values(ids)):
            slot = BroadcastSlot.from_db(alias, SLOT_FIELDS, row)
            slots_of[slot.cluster_id].append(slot)
        for cluster_id, name in prepared(("groups", len(ids)), _groups_query(len(ids))).tuples(**id_values(ids)):
            groups_of[cluster_id].append(name)
    start, end = day_bounds(first_day, days)
    items = build_items(roster_deliveries(cluster_ids, start, end),
                        {cluster.pk: cluster.reading_speed for cluster in clusters})
    by_cluster_day = defaultdict(list)
    for (cluster_id, _publication, _occurrence), item in items.items():
        local = item.due_at.astimezone(LOCAL_TZ)  # once per item: its day and its slot
        by_cluster_day[(cluster_id, local.date())].append((local, item))

    rosters = []
    for cluster in clusters:
        roster_days = []
        for offset in range(days):
            day = first_day + dt.timedelta(days=offset)
            sections = {slot.pk: RosterSlot(slot, day) for slot in slots_of[cluster.pk]
                        if slot.weekdays & (1 << day.weekday())}
            outside = RosterSlot(None, day)
            for local, item in by_cluster_day[(cluster.pk, day)]:
                slot = slot_at(slots_of[cluster.pk], local)
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

