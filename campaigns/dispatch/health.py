"""Is dispatch running? The selector behind the dashboard's health panel."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone

from campaigns.models import Delivery, DeliveryStatus, WorkerHeartbeat
from campaigns.places import access

WORKER_STALE_AFTER = dt.timedelta(minutes=3)
OVERDUE_AFTER = dt.timedelta(minutes=5)
# A django-q2 worker that has just started runs its first pass when the minute's schedule comes due
# (up to a couple of minutes after `make run`): until then the panel says "đang khởi động".
STARTING_FOR = dt.timedelta(minutes=3)
# Heartbeat rows written when a worker process starts, apart from the rows of its dispatch passes.
STARTED_PREFIX = "khoi-dong:"


@dataclass(frozen=True)
class DispatchHealth:
    now: dt.datetime
    last_pass_at: dt.datetime | None
    overdue: int
    failed: int
    needs_check: int
    started_at: dt.datetime | None = None

    @property
    def worker_ok(self) -> bool:
        return self.last_pass_at is not None and self.now - self.last_pass_at <= WORKER_STALE_AFTER

    @property
    def starting(self) -> bool:
        """A worker started moments ago and has not run a dispatch pass since: not an alert yet."""
        return (not self.worker_ok and self.started_at is not None
                and self.now - self.started_at <= STARTING_FOR
                and (self.last_pass_at is None or self.last_pass_at < self.started_at))

    @property
    def ok(self) -> bool:
        return self.worker_ok and not self.overdue

    @property
    def attention(self) -> int:
        return self.failed + self.needs_check


def dispatch_health(*, user, now: dt.datetime | None = None) -> DispatchHealth:
    """The latest dispatch pass of any worker, and the user's wards' overdue and troubled deliveries."""
    now = now or timezone.now()
    heartbeats = WorkerHeartbeat.objects.aggregate(
        last=Max("last_pass_at", filter=~Q(worker__startswith=STARTED_PREFIX)),
        started=Max("last_pass_at", filter=Q(worker__startswith=STARTED_PREFIX)),
    )
    deliveries = access.scope_queryset(Delivery.objects.all(), user)
    cutoff = now - OVERDUE_AFTER
    counts = deliveries.aggregate(
        overdue=Count("pk", filter=Q(status=DeliveryStatus.PLANNED, due_at__lt=cutoff)
                      & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=cutoff))),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        needs_check=Count("pk", filter=Q(status=DeliveryStatus.NEEDS_CHECK)),
    )
    return DispatchHealth(now=now, last_pass_at=heartbeats["last"], started_at=heartbeats["started"], **counts)


def worker_started(*, worker: str, now: dt.datetime | None = None) -> None:
    """Note that a worker process has just started (django-q2's ``post_spawn`` signal)."""
    WorkerHeartbeat.objects.update_or_create(
        worker=f"{STARTED_PREFIX}{worker}"[:80], defaults={"last_pass_at": now or timezone.now()})


def on_worker_spawn(sender, proc_name=None, **kwargs) -> None:
    from campaigns.dispatch.runner import worker_name

    worker_started(worker=worker_name())
