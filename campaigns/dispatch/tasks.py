"""django-q2 tasks: each takes ids, loads, calls one service. All are safe to run twice."""

from django.core.management import call_command

from campaigns.dispatch.runner import dispatch_due
from campaigns.models import Publication
from campaigns.scheduling.expansion import publication_schedule


def dispatch_due_task() -> dict:
    from dataclasses import asdict

    return asdict(dispatch_due())


def publish_scheduled_task() -> None:
    """Wagtail's own scheduled publishing and expiry of pages."""
    call_command("publish_scheduled")


def publications_extend_task() -> int:
    """Open-ended rules are expanded a year ahead; once a day, push that horizon forward."""
    from campaigns.scheduling.recurrence import is_finite

    extended = 0
    for publication in Publication.objects.filter(cancelled_at__isnull=True).exclude(rrule=""):
        if not is_finite(publication.rrule):
            publication_schedule(publication=publication)
            extended += 1
    return extended


def publication_schedule_task(publication_id: int) -> dict:
    from dataclasses import asdict

    return asdict(publication_schedule(publication=Publication.objects.get(pk=publication_id)))
