"""Broadcast staff arrange a roster: the order of items within a slot, and moving an item to another
slot of the same cluster (conflicts re-checked at the cluster's own reading speed).

An item is addressed by one of its deliveries (``RosterItem.key``); every delivery of the same
occurrence in the same cluster moves with it. A moved item is pinned (``roster_pinned``) so a later
re-expansion of its publication does not put it back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from campaigns.content.channels import Channel
from campaigns.models import PENDING_STATUSES, BroadcastSlot, Delivery, DeliveryStatus, LoudspeakerCluster
from campaigns.reports.rosters.roster import PRIORITY_RANK, RosterItem, RosterSlot, clock, cluster_roster
from campaigns.scheduling.conflicts import ERROR, WARNING, Conflict, ConflictsBySeverity
from campaigns.scheduling.recurrence import LOCAL_TZ


class RosterError(Exception):
    """Something the person asked cannot be done; the message says why, in Vietnamese."""


@dataclass
class MoveResult(ConflictsBySeverity):
    moved: bool
    conflicts: list[Conflict] = field(default_factory=list)


def item_rows(delivery: Delivery):
    """Every delivery of ``delivery``'s roster item: the same occurrence in the same cluster."""
    return Delivery.objects.filter(publication_id=delivery.publication_id, occurrence=delivery.occurrence,
                                   cluster_id=delivery.cluster_id, channel=Channel.LOUDSPEAKER).exclude(
        status=DeliveryStatus.CANCELLED)


def _section_of(cluster: LoudspeakerCluster, delivery: Delivery) -> tuple[RosterSlot, RosterItem]:
    day = delivery.due_at.astimezone(LOCAL_TZ).date()
    for section in cluster_roster(cluster, first_day=day).days[0].slots:
        for item in section.items:
            if item.publication_id == delivery.publication_id and item.occurrence == delivery.occurrence:
                return section, item
    raise RosterError("Bài này không có trên lịch phát thanh của cụm loa.")


@transaction.atomic
def roster_item_shift(*, delivery: Delivery, step: int) -> bool:
    """Move an item one place up (``step=-1``) or down (``+1``) within its slot and priority level.

    Emergency items stay ahead of the others whatever the order set here. Returns whether
    anything changed."""
    cluster = LoudspeakerCluster.objects.select_related("ward").get(pk=delivery.cluster_id)
    section, item = _section_of(cluster, delivery)
    order = list(section.items)
    index = order.index(item)
    other = index + step
    if not 0 <= other < len(order) or PRIORITY_RANK[order[other].priority] != PRIORITY_RANK[item.priority]:
        return False
    order[index], order[other] = order[other], order[index]
    for position, entry in enumerate(order):
        entry.rows().update(roster_position=position)
    return True


def move_conflicts(*, cluster: LoudspeakerCluster, item: RosterItem, slot: BroadcastSlot,
                   day: dt.date) -> list[Conflict]:
    """What is wrong with putting ``item`` in ``slot`` on ``day``."""
    if slot.cluster_id != cluster.pk:
        return [Conflict("other_cluster", ERROR, "Khung giờ này thuộc cụm loa khác.")]
    if not slot.weekdays & (1 << day.weekday()):
        return [Conflict("slot_not_that_day", ERROR,
                         f"Khung giờ {slot.start:%H:%M}–{slot.end:%H:%M} không phát vào ngày {day:%d/%m/%Y}.")]
    if not item.statuses <= set(PENDING_STATUSES) | {DeliveryStatus.READY}:
        return [Conflict("already_handled", ERROR, "Bài này đã được ghi nhật ký phát; không chuyển được.")]
    target = next((section for section in cluster_roster(cluster, first_day=day).days[0].slots
                   if section.slot is not None and section.slot.pk == slot.pk), None)
    conflicts = []
    others = [entry for entry in (target.items if target else []) if entry.publication_id != item.publication_id
              or entry.occurrence != item.occurrence]
    used = sum(entry.airtime for entry in others) + item.airtime
    if used > slot.capacity_seconds:
        conflicts.append(Conflict("slot_overbooked", WARNING,
                                  f"Khung giờ sẽ quá thời lượng: {clock(used)} / {clock(slot.capacity_seconds)}."))
    if any(entry.title == item.title and entry.publication_id == item.publication_id for entry in others):
        conflicts.append(Conflict("same_piece_twice_in_slot", WARNING,
                                  "Cùng một bài phát hai lần trong một khung giờ."))
    return conflicts


@transaction.atomic
def roster_item_move(*, delivery: Delivery, slot: BroadcastSlot, day: dt.date, accept_warnings: bool = False
                     ) -> MoveResult:
    """Put an item in ``slot`` on ``day``; warnings (overfull, same piece twice) need ``accept_warnings``."""
    cluster = LoudspeakerCluster.objects.select_related("ward").get(pk=delivery.cluster_id)
    _section, item = _section_of(cluster, delivery)
    conflicts = move_conflicts(cluster=cluster, item=item, slot=slot, day=day)
    result = MoveResult(moved=False, conflicts=conflicts)
    if result.errors or (result.warnings and not accept_warnings):
        return result
    due_at = dt.datetime.combine(day, slot.start, tzinfo=LOCAL_TZ)
    item_rows(delivery).filter(status__in=[*PENDING_STATUSES, DeliveryStatus.READY]).update(
        due_at=due_at, roster_pinned=True, roster_position=999)
    result.moved = True
    return result
