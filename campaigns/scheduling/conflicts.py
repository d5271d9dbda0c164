"""Conflicts of a publication, checked before it is saved and shown in the admin.

Errors block saving; warnings must be acknowledged by the person saving
(never silently accepted), and are stored on the publication.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass

from django.utils import timezone

from campaigns.content.approval import (
    piece_airtime_seconds,
    piece_approved_at,
    piece_go_live_at,
    piece_is_approved,
)
from campaigns.content.channels import Channel
from campaigns.models import BroadcastSlot, Delivery, DeliveryStatus, Publication
from campaigns.scheduling.expansion import ClusterAirtime, booked_airtime, booked_pages, desired_rows, horizon
from campaigns.scheduling.recurrence import LOCAL_TZ

ERROR, WARNING = "error", "warning"
MAX_EXAMPLES = 3


@dataclass(frozen=True)
class Conflict:
    code: str
    severity: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


class ConflictsBySeverity:
    """For a result holding ``conflicts``: the ones that block (errors) and the ones a person may
    acknowledge (warnings)."""

    conflicts: list[Conflict]

    @property
    def errors(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.severity == ERROR]

    @property
    def warnings(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.severity == WARNING]


def _dates(moments) -> str:
    moments = sorted(set(moments))
    shown = moments[:MAX_EXAMPLES]
    more = len(moments) - len(shown)
    text = ", ".join(f"{timezone.localtime(m):%H:%M %d/%m/%Y}" for m in shown)
    return text + (f" và {more} lần khác" if more > 0 else "")


def _slot_for(slots_by_cluster, cluster_id: int, moment: dt.datetime) -> BroadcastSlot | None:
    local = moment.astimezone(LOCAL_TZ)
    for slot in slots_by_cluster.get(cluster_id, []):
        if slot.weekdays & (1 << local.weekday()) and slot.start <= local.time() < slot.end:
            return slot
    return None


def _approval_conflicts(publication: Publication, rows) -> list[Conflict]:
    page = publication.page
    go_live_at = piece_go_live_at(page) if publication.channel == Channel.PORTAL else None
    if go_live_at is not None:
        # Approved to go live later: the portal delivery publishes it, not before the approved time.
        early = [due for due, _cluster in rows.values() if due < go_live_at]
        if early:
            return [Conflict("before_go_live", ERROR,
                             f"Có lượt trước thời điểm lãnh đạo duyệt cho đăng "
                             f"({timezone.localtime(go_live_at):%H:%M %d/%m/%Y}): {_dates(early)}.")]
        return []
    if not page.live:
        return [Conflict("not_approved", ERROR, "Nội dung chưa được duyệt và xuất bản nên chưa thể lên lịch.")]
    conflicts = []
    if not piece_is_approved(page):
        conflicts.append(Conflict("edited_after_approval", WARNING,
                                  "Nội dung đã bị sửa sau khi duyệt: các lượt sẽ tạm giữ đến khi được duyệt lại."))
    approved_at = piece_approved_at(page)
    early = [due for due, _cluster in rows.values() if approved_at and due < approved_at]
    if early:
        message = f"Có lượt trước thời điểm nội dung được duyệt: {_dates(early)}."
        conflicts.append(Conflict("before_approval", ERROR, message))
    return conflicts


def _period_conflicts(publication: Publication, rows) -> list[Conflict]:
    campaign = publication.campaign
    outside = [due for due, _cluster in rows.values()
               if (campaign.period_start and timezone.localtime(due).date() < campaign.period_start)
               or (campaign.period_end and timezone.localtime(due).date() > campaign.period_end)]
    if not outside:
        return []
    return [Conflict("outside_campaign", WARNING, f"Có lượt nằm ngoài thời gian của kế hoạch: {_dates(outside)}.")]


def _audience_conflicts(publication: Publication) -> list[Conflict]:
    strangers = [g.name for g in publication.groups.exclude(ward_id=publication.ward_id)]
    strangers += [c.name for c in publication.clusters.exclude(ward_id=publication.ward_id)]
    if publication.campaign.ward_id != publication.ward_id:
        strangers.append(str(publication.campaign))
    if not strangers:
        return []
    return [Conflict("outside_ward", ERROR, f"Không thuộc {publication.ward.name}: {', '.join(strangers)}.")]


def _loudspeaker_conflicts(publication: Publication, rows, now: dt.datetime) -> list[Conflict]:
    airtime = piece_airtime_seconds(publication.page)
    if airtime <= 0:
        return [Conflict("not_a_script", ERROR, "Chỉ bài phát thanh mới có thể phát trên loa.")]
    times = {(cluster_id, due) for due, cluster_id in rows.values() if cluster_id}
    if not times:
        return []
    cluster_ids = {cluster_id for cluster_id, _due in times}
    airtime_on = ClusterAirtime(cluster_ids)
    page = publication.page.specific
    window = (now, horizon(publication, now))
    slots_by_cluster = defaultdict(list)
    for slot in BroadcastSlot.objects.filter(cluster_id__in=cluster_ids):
        slots_by_cluster[slot.cluster_id].append(slot)
    others = booked_pages(cluster_ids, window, exclude_publication=publication)
    used = booked_airtime(others)
    outside_slot, overbooked, twice = [], [], []
    overbooked_airtimes = set()
    per_slot = defaultdict(list)
    for cluster_id, due in times:
        slot = _slot_for(slots_by_cluster, cluster_id, due)
        if slot is None:
            outside_slot.append(due)
            continue
        local_day = due.astimezone(LOCAL_TZ).date()
        per_slot[(cluster_id, slot.pk, local_day)].append(due)
        slot_start = dt.datetime.combine(local_day, slot.start, tzinfo=LOCAL_TZ)
        slot_end = dt.datetime.combine(local_day, slot.end, tzinfo=LOCAL_TZ)
        booked = sum(seconds for (c, at), seconds in used.items() if c == cluster_id and slot_start <= at < slot_end)
        airtime = airtime_on.of(page, cluster_id)  # read at this cluster's speed
        if booked + airtime > slot.capacity_seconds:
            overbooked.append(due)
            overbooked_airtimes.add((airtime, airtime_on.speeds[cluster_id]))
        if any(c == cluster_id and page_id == publication.page_id and slot_start <= at < slot_end
               for c, at, page_id in others):
            twice.append(due)
    twice += [moments[1] for moments in per_slot.values() if len(moments) > 1]
    conflicts = []
    if outside_slot:
        message = f"Có lượt ngoài khung giờ phát của cụm loa: {_dates(outside_slot)}."
        conflicts.append(Conflict("outside_slot", WARNING, message))
    if overbooked:
        lengths = ", ".join(f"{seconds} giây ở {speed} tiếng/phút" for seconds, speed in sorted(overbooked_airtimes))
        conflicts.append(Conflict("slot_overbooked", WARNING,
                                  f"Khung giờ phát bị quá thời lượng (bài dài {lengths}): {_dates(overbooked)}."))
    if twice:
        conflicts.append(Conflict("same_piece_twice_in_slot", WARNING,
                                  f"Cùng một bài phát hai lần trong một khung giờ: {_dates(twice)}."))
    return conflicts


def publication_conflicts(*, publication: Publication, now: dt.datetime | None = None) -> list[Conflict]:
    """Every conflict of a saved publication's future occurrences (nothing is written)."""
    now = now or timezone.now()
    rows, _unplaced = desired_rows(publication, now)
    conflicts = _audience_conflicts(publication) + _approval_conflicts(publication, rows)
    conflicts += _period_conflicts(publication, rows)
    if publication.channel == Channel.LOUDSPEAKER:
        conflicts += _loudspeaker_conflicts(publication, rows, now)
    if not rows and publication.cancelled_at is None:
        conflicts.append(Conflict("no_occurrence", WARNING, "Quy tắc này không sinh lượt nào trong tương lai."))
    return conflicts


@dataclass(frozen=True)
class Overbooking:
    cluster_id: int
    day: dt.date
    slot: BroadcastSlot
    booked_seconds: int


def slots_overbooked(*, cluster_ids, window: tuple[dt.datetime, dt.datetime]) -> list[Overbooking]:
    """Broadcast slots whose booked scripts (every publication's) exceed their capacity in ``window``:
    the same airtime sum as ``_loudspeaker_conflicts`` uses, for what is already expanded."""
    booked = set(
        Delivery.objects.filter(cluster_id__in=cluster_ids, due_at__gte=window[0], due_at__lt=window[1],
                                channel=Channel.LOUDSPEAKER).exclude(status=DeliveryStatus.CANCELLED)
        .values_list("cluster_id", "due_at", "publication__page_id").distinct()
    )
    if not booked:
        return []
    slots_by_cluster = defaultdict(list)
    for slot in BroadcastSlot.objects.filter(cluster_id__in={cluster_id for cluster_id, _d, _p in booked}):
        slots_by_cluster[slot.cluster_id].append(slot)
    per_slot = defaultdict(int)
    slots = {}
    for (cluster_id, due_at), seconds in booked_airtime(booked).items():
        slot = _slot_for(slots_by_cluster, cluster_id, due_at)
        if slot is not None:
            key = (cluster_id, slot.pk, due_at.astimezone(LOCAL_TZ).date())
            per_slot[key] += seconds
            slots[slot.pk] = slot
    return sorted((Overbooking(cluster_id, day, slots[slot_id], seconds)
                   for (cluster_id, slot_id, day), seconds in per_slot.items()
                   if seconds > slots[slot_id].capacity_seconds),
                  key=lambda o: (o.day, o.slot.start, o.cluster_id))
