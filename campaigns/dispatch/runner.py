"""One dispatch pass: recover stale claims, claim due deliveries, send each, record the result."""

import datetime as dt
import logging
import os
import random
import socket
import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from campaigns.content.approval import piece_may_go_out
from campaigns.dispatch import claim
from campaigns.dispatch.adapters import AdapterRegistry, Outcome, SendResult
from campaigns.dispatch.claim import claim_due, finish, mark_leaving, reap_stale_claims
from campaigns.dispatch.pack import piece_pack
from campaigns.models import Delivery, DeliveryStatus, WorkerHeartbeat
from cms.busy import is_database_locked

logger = logging.getLogger("loa.dispatch")

BATCH_SIZE = 25  # a dying worker holds few rows (returned after the claim timeout); one claim per 25 posts
DEFAULT_MAX_ATTEMPTS = getattr(settings, "LOA_DISPATCH_MAX_ATTEMPTS", 5)
BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 3600
RETRY_AFTER_MAX_SECONDS = 24 * 3600  # a channel may ask us to wait until its quota resets
TIME_BUDGET_SECONDS = 180  # below the django-q2 task timeout (240 s): stop claiming, let the next pass go on
# A result that could not be written because SQLite stayed locked past its busy timeout is tried again
# this many times (each waits the busy timeout) before the row is left to the reaper ("cần kiểm tra").
RESULT_WRITE_ATTEMPTS = 3


@dataclass
class DispatchReport:
    worker: str
    claimed: int = 0
    delivered: int = 0
    ready: int = 0
    retrying: int = 0
    failed: int = 0
    needs_check: int = 0
    lost_claims: int = 0
    resumed: int = 0
    busy: bool = False  # the database stayed locked: the pass stopped early, the next pass goes on
    recovered: dict = field(default_factory=dict)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff_seconds(attempt: int, retry_after: int | None = None) -> int:
    """Exponential backoff with jitter (60 s, 120 s, 240 s … capped at an hour), or what the channel asked."""
    if retry_after:
        return min(int(retry_after), RETRY_AFTER_MAX_SECONDS)
    delay = min(BACKOFF_BASE_SECONDS * 2 ** max(attempt - 1, 0), BACKOFF_MAX_SECONDS)
    return int(delay * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not security


def _result_fields(delivery: Delivery, result: SendResult, *, max_attempts: int, now: dt.datetime) -> dict:
    if result.outcome is Outcome.DELIVERED:
        return {"status": DeliveryStatus.DELIVERED, "delivered_at": now, "external_id": result.external_id,
                "error": "", "next_attempt_at": None}
    if result.outcome is Outcome.READY:
        return {"status": DeliveryStatus.READY, "pack": piece_pack(delivery.publication.page, delivery.channel),
                "error": ""}
    if result.outcome is Outcome.TRANSIENT and delivery.attempts < max_attempts:
        retry_at = now + dt.timedelta(seconds=backoff_seconds(delivery.attempts, result.retry_after))
        when = f"{timezone.localtime(retry_at):%H:%M %d/%m}"
        return {"status": DeliveryStatus.PLANNED, "next_attempt_at": retry_at, "claimed_by": "",
                "error": f"Lần {delivery.attempts}: {result.message} Sẽ thử lại lúc {when}."}
    if result.outcome is Outcome.UNKNOWN:
        return {"status": DeliveryStatus.NEEDS_CHECK, "error": result.message}
    message = result.message
    if result.outcome is Outcome.TRANSIENT:
        message = f"Đã thử {delivery.attempts} lần không thành công. {message}"
    return {"status": DeliveryStatus.FAILED, "error": message}


def deliver_claimed(delivery: Delivery, *, registry: AdapterRegistry, worker: str, report: DispatchReport) -> None:
    if not piece_may_go_out(delivery.publication.page, delivery.channel):  # unpublished or edited since
        finish(delivery_id=delivery.pk, worker=worker, status=DeliveryStatus.HELD, claimed_by="",
               attempts=delivery.attempts - 1)
        return
    if not mark_leaving(delivery_id=delivery.pk, worker=worker):
        report.lost_claims += 1
        return
    try:
        result = registry.for_delivery(delivery).send(delivery)
    except Exception as error:  # an adapter bug must not kill the pass or lose the row
        result = SendResult(Outcome.UNKNOWN, message=f"Lỗi không xác định khi gửi ({type(error).__name__}).")
    try:
        fields = _result_fields(delivery, result, now=timezone.now(),
                                max_attempts=registry.max_attempts(delivery, DEFAULT_MAX_ATTEMPTS))
    except Exception as error:  # e.g. a pack whose image file is missing: record it, keep going
        fields = {"status": DeliveryStatus.NEEDS_CHECK,
                  "error": f"Đã gửi nhưng không ghi được kết quả ({type(error).__name__}): hãy kiểm tra."}
    if not _finish_when_unlocked(delivery_id=delivery.pk, worker=worker, fields=fields):
        report.lost_claims += 1
        return
    counter = {DeliveryStatus.DELIVERED: "delivered", DeliveryStatus.READY: "ready",
               DeliveryStatus.PLANNED: "retrying", DeliveryStatus.FAILED: "failed",
               DeliveryStatus.NEEDS_CHECK: "needs_check"}[fields["status"]]
    setattr(report, counter, getattr(report, counter) + 1)


def _finish_when_unlocked(*, delivery_id: int, worker: str, fields: dict) -> bool:
    """``finish``, tried again while SQLite reports the database locked: the request has left, so its
    result is worth waiting for (a row left ``sending`` would become "cần kiểm tra")."""
    for attempt in range(1, RESULT_WRITE_ATTEMPTS + 1):
        try:
            return finish(delivery_id=delivery_id, worker=worker, **fields)
        except OperationalError as error:
            if not is_database_locked(error) or attempt == RESULT_WRITE_ATTEMPTS:
                raise
            logger.warning("Cơ sở dữ liệu đang bận, ghi lại kết quả lượt gửi %s (lần %s).", delivery_id, attempt)
    return False


def dispatch_due(*, now: dt.datetime | None = None, worker: str | None = None, limit: int | None = None,
                 delivery_ids=None) -> DispatchReport:
    """Send everything due by ``now`` (or just ``delivery_ids``); safe to run in any number of workers.

    When SQLite stays locked past its busy timeout the pass stops and reports ``busy`` instead of
    failing: rows it claimed and had not sent yet stay claimed by ``worker``; its next pass (the
    same process) resumes them first, and a pass by any other worker returns them to the queue
    after the claim timeout (``claim.reap_stale_claims``).
    """
    worker = worker or worker_name()
    report = DispatchReport(worker=worker)
    try:
        _dispatch_pass(now=now, worker=worker, limit=limit, delivery_ids=delivery_ids, report=report)
    except OperationalError as error:
        if not is_database_locked(error):
            raise
        report.busy = True
        logger.warning("Cơ sở dữ liệu đang bận (%s): dừng lượt gửi của %s, lượt sau sẽ tiếp tục.", error, worker)
    return report


def _dispatch_pass(*, now, worker: str, limit: int | None, delivery_ids, report: DispatchReport) -> None:
    started = time.monotonic()
    _heartbeat(worker, report)
    registry = AdapterRegistry()
    report.recovered = reap_stale_claims(now=timezone.now(), safe_to_resend=registry.safe_to_resend())
    # left by this worker's earlier pass that found the database busy
    own = claim.own_unsent_claims(worker=worker) if delivery_ids is None else []
    if own:
        report.resumed = report.claimed = len(own)
        _deliver_ids(own, registry=registry, worker=worker, report=report)
    while (limit is None or report.claimed < limit) and time.monotonic() - started < TIME_BUDGET_SECONDS:
        batch = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - report.claimed)
        ids = claim_due(now=now or timezone.now(), worker=worker, limit=batch, delivery_ids=delivery_ids)
        if not ids:
            break
        report.claimed += len(ids)
        _deliver_ids(ids, registry=registry, worker=worker, report=report)
    _heartbeat(worker, report)


def _deliver_ids(ids, *, registry: AdapterRegistry, worker: str, report: DispatchReport) -> None:
    claimed = Delivery.objects.filter(pk__in=ids).select_related("publication__page").order_by("due_at", "pk")
    for delivery in claimed:
        deliver_claimed(delivery, registry=registry, worker=worker, report=report)


def _heartbeat(worker: str, report: DispatchReport) -> None:
    WorkerHeartbeat.objects.update_or_create(worker=worker, defaults={
        "last_pass_at": timezone.now(), "last_report": asdict(report)})
