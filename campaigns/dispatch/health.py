"""Is dispatch running? The selector behind the dashboard's health panel."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone

from campaigns.models import Delivery, DeliveryStatus, WorkerHeartbeat
from campaigns.places import access

WORKER_STALE_AFTER = dt.timedelta(minutes=3)
OVERDUE_AFTER = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class DispatchHealth:
    now: dt.datetime
    last_pass_at: dt.datetime | None
    overdue: int
    failed: int
    needs_check: int

    @property
    def worker_ok(self) -> bool:
        return self.last_pass_at is not None and self.now - self.last_pass_at <= WORKER_STALE_AFTER

    @property
    def ok(self) -> bool:
        return self.worker_ok and not self.overdue

    @property
    def attention(self) -> int:
        return self.failed + self.needs_check


def dispatch_health(*, user, now: dt.datetime | None = None) -> DispatchHealth:
    """The latest dispatch pass of any worker, and the user's wards' overdue and troubled deliveries."""
    now = now or timezone.now()
    last_pass_at = WorkerHeartbeat.objects.aggregate(last=Max("last_pass_at"))["last"]
    deliveries = access.scope_queryset(Delivery.objects.all(), user)
    cutoff = now - OVERDUE_AFTER
    counts = deliveries.aggregate(
        overdue=Count("pk", filter=Q(status=DeliveryStatus.PLANNED, due_at__lt=cutoff)
                      & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=cutoff))),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        needs_check=Count("pk", filter=Q(status=DeliveryStatus.NEEDS_CHECK)),
    )
    return DispatchHealth(now=now, last_pass_at=last_pass_at, **counts)
