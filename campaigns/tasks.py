"""django-q2 tasks: each takes ids, loads, calls one service. All are safe to run twice."""

from django.core.management import call_command

from campaigns.dispatch.runner import dispatch_due
from campaigns.models import Publication
from campaigns.schedule import publication_schedule


def dispatch_due_task() -> dict:
    from dataclasses import asdict

    return asdict(dispatch_due())


def publish_scheduled_task() -> None:
    """Wagtail's own scheduled publishing and expiry of pages."""
    call_command("publish_scheduled")


def publication_schedule_task(publication_id: int) -> dict:
    from dataclasses import asdict

    return asdict(publication_schedule(publication=Publication.objects.get(pk=publication_id)))
