"""django-q2 tasks of the tracking stage. Safe to run twice: a missed row is not moved again."""

from django.utils import timezone

from campaigns.tracking.transitions import deliveries_mark_missed


def deliveries_mark_missed_task() -> int:
    """What waited past its channel's grace period becomes missed; returns how many rows moved."""
    return deliveries_mark_missed(now=timezone.now())


def link_messages_send_task() -> dict:
    """Hourly and idempotent: from the morning on, each group head gets the day's link once."""
    from dataclasses import asdict

    from campaigns.tracking.link_messages import SEND_FROM_HOUR, link_messages_send

    now = timezone.now()
    local = timezone.localtime(now)
    if local.hour < SEND_FROM_HOUR:
        return {}
    return asdict(link_messages_send(day=local.date(), now=now))
