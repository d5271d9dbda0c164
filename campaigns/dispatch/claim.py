"""Claiming due deliveries in the database, so that any number of workers never take the same one.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` hands each worker different rows.
SQLite: transactions begin IMMEDIATE (one writer at a time), and the claiming
UPDATE is conditional on the row still being ``planned``.

A claimed row is ``sending`` with ``dispatched_at`` empty; just before the
request leaves, ``dispatched_at`` is set. A worker that dies leaves its rows
``sending``: after ``CLAIM_TIMEOUT`` those never sent go back to ``planned``,
and those that may have been sent go to "cần kiểm tra" (or back to ``planned``
when the channel deduplicates on the idempotency key).
"""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from campaigns.models import Delivery, DeliveryStatus

CLAIM_TIMEOUT = dt.timedelta(seconds=getattr(settings, "LOA_CLAIM_TIMEOUT_SECONDS", 300))


def _due(now: dt.datetime):
    return Delivery.objects.filter(status=DeliveryStatus.PLANNED, due_at__lte=now).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def claim_due(*, now: dt.datetime, worker: str, limit: int, delivery_ids=None) -> list[int]:
    """Mark up to ``limit`` due deliveries as ``sending`` by ``worker`` and return their ids."""
    with transaction.atomic():
        candidates = _due(now)
        if delivery_ids is not None:
            candidates = candidates.filter(pk__in=delivery_ids)
        candidates = candidates.order_by("due_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PLANNED).update(
            status=DeliveryStatus.SENDING, claimed_at=now, claimed_by=worker, dispatched_at=None,
            attempts=F("attempts") + 1,
        )
        return list(Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENDING, claimed_by=worker,
                                            claimed_at=now).values_list("pk", flat=True))


def own_unsent_claims(*, worker: str) -> list[int]:
    """Rows ``worker`` claimed and never sent (its pass stopped early, e.g. on a locked database)."""
    return list(Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_by=worker, dispatched_at__isnull=True)
                .order_by("due_at", "pk").values_list("pk", flat=True))


def mark_leaving(*, delivery_id: int, worker: str) -> bool:
    """Record that the request is about to leave; False if the claim was lost meanwhile."""
    now = timezone.now()  # also renews the claim, so a slow batch is not taken back while it works
    return bool(Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING, claimed_by=worker)
                .update(dispatched_at=now, claimed_at=now))


def finish(*, delivery_id: int, worker: str, **fields) -> bool:
    """Write a result, but only while the claim is still ours."""
    return bool(Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING, claimed_by=worker)
                .update(**fields))


def reap_stale_claims(*, now: dt.datetime, safe_to_resend: Q) -> dict[str, int]:
    """Recover rows left ``sending`` by a worker that died or hung.

    ``safe_to_resend`` selects the deliveries whose channel deduplicates on the idempotency key.
    """
    stale = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    never_sent = stale.filter(dispatched_at__isnull=True).update(
        status=DeliveryStatus.PLANNED, claimed_by="", attempts=F("attempts") - 1)
    resend = stale.filter(safe_to_resend, dispatched_at__isnull=False).update(
        status=DeliveryStatus.PLANNED, claimed_by="")
    unknown = stale.filter(dispatched_at__isnull=False).update(
        status=DeliveryStatus.NEEDS_CHECK, claimed_by="",
        error="Tiến trình gửi bị gián đoạn sau khi đã gửi yêu cầu: hãy kiểm tra trên kênh xem bài đã lên chưa.")
    return {"returned": never_sent, "resent": resend, "needs_check": unknown}
