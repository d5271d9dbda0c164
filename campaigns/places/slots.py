"""Broadcast slot rules: two slots of a cluster may not share airtime."""

from itertools import combinations

from campaigns.models import BroadcastSlot


def overlapping_pairs(slots) -> list[tuple[BroadcastSlot, BroadcastSlot]]:
    return [(a, b) for a, b in combinations(slots, 2) if a.overlaps(b)]


def find_overlapping_slot(slot: BroadcastSlot) -> BroadcastSlot | None:
    """Another saved slot of the same cluster that overlaps ``slot``, if any."""
    siblings = BroadcastSlot.objects.filter(
        cluster_id=slot.cluster_id, start__lt=slot.end, end__gt=slot.start
    ).exclude(pk=slot.pk)
    return next((other for other in siblings if other.overlaps(slot)), None)
