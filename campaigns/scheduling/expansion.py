"""Expansion: a publication becomes Delivery rows, one per occurrence per residential group
(per-group channels) or one ward-wide row per occurrence.

Re-expansion touches only the future and only rows nobody acted on yet:
delivered, confirmed, failed or in-flight rows stay as they are; occurrences
that drop out of the rule are marked cancelled, never deleted. Rows are
written in bulk so a ward-year (tens of thousands of rows) takes seconds.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from campaigns.content.approval import piece_airtime_at, piece_may_go_out
from campaigns.content.channels import PER_GROUP_CHANNELS, Channel
from campaigns.models import (
    PENDING_STATUSES,
    AudienceKind,
    BroadcastSlot,
    Delivery,
    DeliveryStatus,
    LoudspeakerCluster,
    Publication,
    ResidentialGroup,
    SlotMode,
)
from campaigns.scheduling.bulk_insert import insert_ignoring_conflicts
from campaigns.scheduling.recurrence import LOCAL_TZ, is_finite, occurrences

HORIZON_DAYS = 366
BATCH_SIZE = 2000


@dataclass
class ScheduleResult:
    created: int = 0
    cancelled: int = 0
    revived: int = 0
    moved: int = 0
    unplaced: list[str] = field(default_factory=list)  # occurrences with no free slot


@dataclass(frozen=True)
class DeliveryTarget:
    """Who one delivery of an occurrence goes to: a residential group (and its cluster), or the whole ward."""

    group_id: int | None
    cluster_id: int | None


def horizon(publication: Publication, now: dt.datetime) -> dt.datetime:
    """The last moment to expand.

    A finite rule (once, COUNT, UNTIL) is expanded fully, even past the campaign's end
    (that is a conflict the person must see and accept, not something to drop silently).
    An open-ended rule stops at the campaign's end, and at most a year ahead.
    """
    if is_finite(publication.rrule):
        return now + dt.timedelta(days=HORIZON_DAYS * 10)
    limit = now + dt.timedelta(days=HORIZON_DAYS)
    end = publication.campaign.period_end
    if end is None:
        return limit
    return min(dt.datetime.combine(end, dt.time(23, 59, 59), tzinfo=LOCAL_TZ), limit)


def audience_targets(publication: Publication) -> list[DeliveryTarget]:
    """Who receives each occurrence: residential groups (with their cluster for loudspeakers), or the ward."""
    if publication.channel not in PER_GROUP_CHANNELS:
        return [DeliveryTarget(None, None)]
    if publication.audience == AudienceKind.CLUSTERS:
        clusters = publication.clusters.filter(ward_id=publication.ward_id)
        pairs = clusters.values_list("groups__id", "id").order_by("id", "groups__id")
    else:
        groups = ResidentialGroup.objects.filter(ward_id=publication.ward_id)
        if publication.audience == AudienceKind.GROUPS:
            groups = groups.filter(pk__in=publication.groups.values("pk"))
        if publication.channel != Channel.LOUDSPEAKER:
            return [DeliveryTarget(pk, None) for pk in groups.order_by("pk").values_list("pk", flat=True)]
        pairs = (LoudspeakerCluster.groups.through.objects.filter(residentialgroup__in=groups)
                 .values_list("residentialgroup_id", "loudspeakercluster_id").order_by("loudspeakercluster_id"))
    targets, seen = [], set()
    for group_id, cluster_id in pairs:
        if group_id is not None and group_id not in seen:
            seen.add(group_id)
            targets.append(DeliveryTarget(group_id, cluster_id))
    return targets


def reading_speeds(cluster_ids) -> dict[int, int]:
    """{cluster_id: syllables a minute}: each cluster's own reading speed."""
    return dict(LoudspeakerCluster.objects.filter(pk__in=set(cluster_ids)).values_list("pk", "reading_speed"))


class ClusterAirtime:
    """Seconds a script takes on a cluster's loudspeakers, read at that cluster's speed (a slow
    reader's cluster fills its slots sooner); each page × speed is counted once."""

    def __init__(self, cluster_ids):
        self.speeds = reading_speeds(cluster_ids)
        self._seconds: dict[tuple[int, int], int] = {}

    def of(self, page: Page, cluster_id: int) -> int:
        speed = self.speeds[cluster_id]
        key = (page.pk, speed)
        if key not in self._seconds:
            self._seconds[key] = piece_airtime_at(page, reading_speed=speed)
        return self._seconds[key]


def booked_airtime(booked: set[tuple[int, dt.datetime, int]]) -> defaultdict:
    """{(cluster_id, due_at): seconds of scripts booked there}, from ``booked_pages``, each script
    timed at its cluster's reading speed."""
    pages = {page.pk: page for page in Page.objects.filter(pk__in={page_id for _c, _d, page_id in booked}).specific()}
    airtime = ClusterAirtime({cluster_id for cluster_id, _d, _p in booked})
    used = defaultdict(int)
    for cluster_id, due_at, page_id in booked:
        if page_id in pages:
            used[(cluster_id, due_at)] += airtime.of(pages[page_id], cluster_id)
    return used


def booked_pages(cluster_ids, window, *, exclude_publication: Publication) -> set[tuple[int, dt.datetime, int]]:
    """(cluster_id, due_at, page_id) of other publications' loudspeaker rows."""
    return set(
        Delivery.objects.filter(cluster_id__in=cluster_ids, due_at__range=window, channel=Channel.LOUDSPEAKER)
        .exclude(publication=exclude_publication).exclude(status=DeliveryStatus.CANCELLED)
        .values_list("cluster_id", "due_at", "publication__page_id").distinct()
    )


class SlotFinder:
    """Places loudspeaker occurrences in the first slot of the day with room for the script."""

    def __init__(self, publication: Publication, cluster_ids: set[int], window: tuple[dt.datetime, dt.datetime]):
        self.page = publication.page.specific
        self.airtime = ClusterAirtime(cluster_ids)
        self.slots = defaultdict(list)
        for slot in BroadcastSlot.objects.filter(cluster_id__in=cluster_ids).order_by("start"):
            self.slots[slot.cluster_id].append(slot)
        self.used = booked_airtime(booked_pages(cluster_ids, window, exclude_publication=publication))

    def place(self, cluster_id: int, day: dt.date) -> dt.datetime | None:
        for slot in self.slots.get(cluster_id, []):
            if not slot.weekdays & (1 << day.weekday()):
                continue
            start = dt.datetime.combine(day, slot.start, tzinfo=LOCAL_TZ)
            airtime = self.airtime.of(self.page, cluster_id)
            if self.used[(cluster_id, start)] + airtime <= slot.capacity_seconds:
                self.used[(cluster_id, start)] += airtime
                return start
        return None


def desired_rows(publication: Publication, now: dt.datetime) -> tuple[dict, list[str]]:
    """The rows the rule wants, ``{(occurrence, group_id): (due_at, cluster_id)}`` for every future
    occurrence and target, and the days of occurrences no slot could take."""
    unplaced: list[str] = []
    if publication.cancelled_at is not None:
        return {}, unplaced
    end = horizon(publication, now)
    times = occurrences(starts_at=publication.starts_at, rule=publication.rrule, exdates=publication.exdates,
                        window_start=max(now, publication.starts_at), window_end=end)
    targets = audience_targets(publication)
    next_free = publication.channel == Channel.LOUDSPEAKER and publication.slot_mode == SlotMode.NEXT_FREE
    finder = SlotFinder(publication, {t.cluster_id for t in targets if t.cluster_id}, (now, end)) \
        if next_free and times else None
    rows = {}
    for moment in times:
        placed = {}
        for target in targets:
            due_at = moment
            if finder is not None:
                if target.cluster_id not in placed:
                    placed[target.cluster_id] = finder.place(target.cluster_id, moment.astimezone(LOCAL_TZ).date())
                due_at = placed[target.cluster_id]
                if due_at is None:
                    unplaced.append(f"{moment:%d/%m/%Y}")
                    continue
            rows[(moment, target.group_id)] = (due_at, target.cluster_id)
    return rows, unplaced


@transaction.atomic
def publication_schedule(*, publication: Publication, now: dt.datetime | None = None) -> ScheduleResult:
    """Create, cancel, revive or move the future deliveries of ``publication`` to match its rule."""
    now = now or timezone.now()
    result = ScheduleResult()
    publication = Publication.objects.select_for_update().select_related("campaign", "page").get(pk=publication.pk)
    wanted, result.unplaced = desired_rows(publication, now)
    initial = DeliveryStatus.PLANNED if piece_may_go_out(publication.page, publication.channel) else DeliveryStatus.HELD

    existing = {}
    pinned = set()  # moved to another slot by broadcast staff (campaigns.reports.rosters): kept there
    for pk, occurrence, group_id, status, due_at, roster_pinned in Delivery.objects.filter(
        publication=publication, occurrence__gte=now
    ).values_list("pk", "occurrence", "group_id", "status", "due_at", "roster_pinned"):
        existing[(occurrence, group_id)] = (pk, status, due_at)
        if roster_pinned:
            pinned.add(pk)

    to_cancel = [pk for key, (pk, status, _due) in existing.items()
                 if key not in wanted and status in (DeliveryStatus.PLANNED, DeliveryStatus.HELD)]
    to_revive = [pk for key, (pk, status, _due) in existing.items()
                 if key in wanted and status == DeliveryStatus.CANCELLED]
    to_move = [Delivery(pk=pk, due_at=wanted[key][0]) for key, (pk, status, due_at) in existing.items()
               if key in wanted and status in PENDING_STATUSES and due_at != wanted[key][0] and pk not in pinned]
    new_rows = [
        (occurrence, group_id, cluster_id, due_at)
        for (occurrence, group_id), (due_at, cluster_id) in wanted.items()
        if (occurrence, group_id) not in existing
    ]
    insert_ignoring_conflicts(
        Delivery,
        constants={"publication": publication.pk, "channel": publication.channel, "status": initial},
        columns=("occurrence", "group", "cluster", "due_at"),
        rows=new_rows,
    )
    for start in range(0, len(to_cancel), BATCH_SIZE):
        Delivery.objects.filter(pk__in=to_cancel[start:start + BATCH_SIZE]).update(status=DeliveryStatus.CANCELLED)
    for start in range(0, len(to_revive), BATCH_SIZE):
        Delivery.objects.filter(pk__in=to_revive[start:start + BATCH_SIZE]).update(status=initial)
    Delivery.objects.bulk_update(to_move, ["due_at"], batch_size=BATCH_SIZE)
    Delivery.objects.filter(publication=publication, occurrence__gte=now, status__in=PENDING_STATUSES).exclude(
        channel=publication.channel).update(channel=publication.channel)
    result.created, result.cancelled = len(new_rows), len(to_cancel)
    result.revived, result.moved = len(to_revive), len(to_move)
    return result


@transaction.atomic
def publication_cancel(*, publication: Publication, now: dt.datetime | None = None) -> ScheduleResult:
    """Stop a publication: its future pending deliveries are marked cancelled (kept for the record)."""
    Publication.objects.filter(pk=publication.pk, cancelled_at__isnull=True).update(cancelled_at=timezone.now())
    return publication_schedule(publication=publication, now=now)


def deliveries_hold_for_page(*, page_id: int) -> int:
    """A piece was edited after approval: its pending deliveries wait until it is approved again."""
    return Delivery.objects.filter(publication__page_id=page_id, status=DeliveryStatus.PLANNED).update(
        status=DeliveryStatus.HELD)


def deliveries_release_for_page(*, page_id: int, now: dt.datetime | None = None) -> int:
    """The piece's new revision was approved and published: held deliveries still ahead may go out;
    those whose time passed while held are marked missed (three late copies must not go out at once)."""
    now = now or timezone.now()
    held = Delivery.objects.filter(publication__page_id=page_id, status=DeliveryStatus.HELD)
    held.filter(due_at__lt=now).update(status=DeliveryStatus.MISSED)
    return held.filter(due_at__gte=now, publication__cancelled_at__isnull=True).update(status=DeliveryStatus.PLANNED)
