"""django-q2 tasks of the tracking stage. Safe to run twice: a missed row is not moved again."""

from django.utils import timezone

from campaigns.tracking.transitions import deliveries_mark_missed


def deliveries_mark_missed_task() -> int:
    """What waited past its channel's grace period becomes missed; returns how many rows moved."""
    return deliveries_mark_missed(now=timezone.now())
