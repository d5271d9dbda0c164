"""``/healthz`` and ``/readyz``: what a load balancer or a monitoring probe asks, without logging in.

``/healthz``: can this process reach the database and the task broker, and when did dispatch last
run (any worker)? 200 when the database and broker answer, 503 otherwise; the dispatch time is
reported for a person or an alert rule to judge (a quiet night is not an outage). Nothing about
any ward is shown.

``/readyz``: may this process take traffic? The database answers and every migration is applied
(checked once per process, then remembered).
"""

import datetime as dt

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from campaigns.dispatch.health import WORKER_STALE_AFTER

_migrated = False


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def broker_ok() -> bool:
    from django_q.brokers import get_broker

    try:
        return bool(get_broker().ping())
    except Exception:  # noqa: BLE001 - any failure to reach the broker is "not ok"
        return False


def last_dispatch_at() -> dt.datetime | None:
    from campaigns.models import WorkerHeartbeat

    try:
        return WorkerHeartbeat.objects.aggregate(last=Max("last_pass_at"))["last"]
    except DatabaseError:
        return None


def migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        try:
            executor = MigrationExecutor(connection)
            _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError:
            return False
    return _migrated


def health_report(now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    database = database_ok()
    last = last_dispatch_at() if database else None
    return {
        "database": "ok" if database else "lỗi",
        "broker": "ok" if broker_ok() else "lỗi",
        "last_dispatch_at": last.isoformat() if last else None,
        "dispatch_recent": bool(last and now - last <= WORKER_STALE_AFTER),
    }


@never_cache
@require_GET
def healthz(request):
    report = health_report()
    healthy = report["database"] == "ok" and report["broker"] == "ok"
    return JsonResponse(report, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
def readyz(request):
    ready = database_ok() and migrations_applied()
    return JsonResponse({"ready": ready}, status=200 if ready else 503)
