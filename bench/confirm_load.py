"""The group heads' confirmation endpoint under load: gunicorn on loopback, many clients at once.

Each simulated group head opens its link (GET /xac-nhan/<token>/) and confirms (POST with the CSRF
token), as a phone does; the rate limiter, the single-use claim, the conditional move and the
audit log all run. Baseline: a trivial Django view (HttpResponse("ok")) under the same gunicorn,
settings and client, measured in the same run. Afterwards the rows are counted: every POST
answered 200 must be one confirmed delivery and one log entry (zero lost confirmations).

PostgreSQL (DATABASE_URL's server or 127.0.0.1, database ``--database``, default ``loa_tracking``,
recreated) when reachable,
else SQLite; Redis (REDIS_URL, default db 7) for the throttle cache when reachable.
Targets: >= 300 requests/s and p99 < 200 ms. ``--links N`` (default 1000), ``--clients C`` (8).
"""

import _stdlib_first  # noqa: F401, I001 (first: bench/calendar.py would hide the standard library's calendar)
import argparse
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _django import ROOT, postgres_database_url, redis_url_reachable

TARGET_RPS = 300
TARGET_P99_MS = 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settings_module(folder: Path) -> None:
    """Test settings, the limiter kept in the path but with limits a load test cannot reach, and a
    URLconf adding the baseline view."""
    (folder / "bench_confirm_settings.py").write_text(
        "from cms.settings.test import *  # noqa\n"
        "LOA_CONFIRM_RATE_LIMITS = {'ip': (10**9, 60), 'token': (10**9, 60)}\n"
        "ROOT_URLCONF = 'bench_confirm_urls'\n"
        "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'root': {'level': 'ERROR'}}\n"
    )
    (folder / "bench_confirm_urls.py").write_text(
        "from django.http import HttpResponse\n"
        "from django.urls import path\n"
        "from cms.urls import urlpatterns as site\n"
        "urlpatterns = [path('bench-baseline/', lambda request: HttpResponse('ok')), *site]\n"
    )


def _prepare(links: int) -> dict[str, int]:
    """``links`` ready visual deliveries in Hải An, one signed link each: {URL path: delivery id}."""
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone
    from wagtail.models import Page

    from campaigns.demo.loader import demo_load
    from campaigns.models import ConfirmationLink, Delivery, DeliveryStatus, Publication, ResidentialGroup
    from campaigns.tracking.links import link_token

    demo = demo_load()
    campaign = demo["campaign"]
    groups = list(ResidentialGroup.objects.filter(ward=campaign.ward))
    now = timezone.now()
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=Page.objects.get(depth=1),
                                             channel="visual", starts_at=now - dt.timedelta(days=2))
    rows = []
    for index in range(links):
        occurrence = now - dt.timedelta(days=1, seconds=index // len(groups))
        rows.append(Delivery(publication=publication, channel="visual", occurrence=occurrence,
                             group=groups[index % len(groups)], due_at=occurrence, status=DeliveryStatus.READY))
    rows = Delivery.objects.bulk_create(rows, batch_size=1000)
    made = ConfirmationLink.objects.bulk_create([
        ConfirmationLink(ward=campaign.ward, group_id=row.group_id, delivery_id=row.pk, created_at=now,
                         expires_at=now + dt.timedelta(days=7)) for row in rows], batch_size=1000)
    return {reverse("confirm_link", args=[link_token(link)]): link.delivery_id for link in made}


def _wait_until_serving(port: int, server: subprocess.Popen, *, seconds: float = 180) -> None:
    """Until the baseline view answers (workers import Django and Wagtail first: slow on a busy machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/bench-baseline/", headers={"Host": "localhost"})
            if connection.getresponse().status == 200:
                return
        except (http.client.HTTPException, OSError):
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer in time")


class Load:
    """A few threads, each with one keep-alive connection, working through a shared list of jobs."""

    def __init__(self, port: int, clients: int):
        self.port, self.clients = port, clients
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.lock = threading.Lock()

    def run(self, jobs: list, work) -> float:
        queue = list(reversed(jobs))
        started = time.perf_counter()
        threads = [threading.Thread(target=self._worker, args=(queue, work)) for _ in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    def _worker(self, queue: list, work) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        latencies, statuses = [], {}
        while True:
            try:
                job = queue.pop()
            except IndexError:
                break
            for method, path, body, headers in work(job):
                started = time.perf_counter()
                try:
                    connection.request(method, path, body=body, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (http.client.HTTPException, OSError):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                    status = 0
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
        connection.close()
        with self.lock:
            self.latencies += latencies
            for status, count in statuses.items():
                self.statuses[status] = self.statuses.get(status, 0) + count

    def summary(self, seconds: float) -> dict:
        ordered = sorted(self.latencies)
        return {"requests": len(ordered), "rps": len(ordered) / seconds,
                "p50_ms": ordered[len(ordered) // 2] * 1000, "p99_ms": ordered[int(len(ordered) * 0.99)] * 1000,
                "statuses": self.statuses}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--database", default="loa_tracking", help="PostgreSQL database to recreate")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="loa-bench-confirm-"))
    _settings_module(folder)
    env = dict(os.environ)
    database = postgres_database_url(args.database)
    env["DATABASE_URL"] = database or f"sqlite:///{folder}/bench.sqlite3"
    redis_url = redis_url_reachable("redis://127.0.0.1:6379/7")
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "bench_confirm_settings"
    env["PYTHONPATH"] = os.pathsep.join([str(folder), str(ROOT), env.get("PYTHONPATH", "")])
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    sys.path[:0] = [str(folder), str(ROOT)]

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if redis_url:
        from django.core.cache import caches

        caches["throttle"].clear()
    delivery_ids = _prepare(args.links)
    paths = list(delivery_ids)
    from django.db import connections

    connections.close_all()

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
         "-k", "gthread", "--threads", "4", "--keep-alive", "30", "--log-level", "info"],
        cwd=ROOT, env=env)
    try:
        _wait_until_serving(port, server)
        csrf = secrets.token_hex(16)  # a 32-character secret: Django accepts it unmasked in the form
        cookie = {"Cookie": f"csrftoken={csrf}", "Host": "localhost"}
        baseline_jobs = list(range(len(paths)))

        def baseline(_job):
            yield "GET", "/bench-baseline/", None, {"Host": "localhost"}
            yield "GET", "/bench-baseline/", None, {"Host": "localhost"}

        def confirm(path):
            yield "GET", path, None, cookie
            body = f"csrfmiddlewaretoken={csrf}&deliveries={delivery_ids[path]}"
            yield "POST", path, body, {**cookie, "Content-Type": "application/x-www-form-urlencoded",
                                       "Referer": "http://localhost/"}

        warm = Load(port, args.clients)
        warm.run(list(range(args.clients * 20)), baseline)  # every worker imported and connected
        base_load = Load(port, args.clients)
        base = base_load.summary(base_load.run(baseline_jobs, baseline))
        load = Load(port, args.clients)
        result = load.summary(load.run(paths, confirm))
    finally:
        server.terminate()
        server.wait(timeout=30)

    from django.db.models import Count
    from wagtail.models import ModelLogEntry

    from campaigns.models import ConfirmationLink, Delivery

    confirmed = Delivery.objects.filter(status="confirmed").count()
    logged = ModelLogEntry.objects.filter(action="loa.delivery.confirmed").values("object_id").annotate(
        n=Count("id")).count()
    used = ConfirmationLink.objects.filter(used_at__isnull=False).count()
    post_ok = result["statuses"].get(200, 0) - len(paths)  # every GET answers 200 too
    lost = len(paths) - confirmed
    where = (f"database: {'PostgreSQL' if database else 'SQLite'}, "
             f"throttle cache: {'Redis' if redis_url else 'database'}")
    print(f"{where}, gunicorn {args.workers} workers x 4 threads, {args.clients} clients, {len(paths)} links")
    print(f"baseline  {base['rps']:8.1f} req/s  p50 {base['p50_ms']:6.1f} ms  p99 {base['p99_ms']:6.1f} ms  "
          f"{base['statuses']}")
    print(f"confirm   {result['rps']:8.1f} req/s  p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms  "
          f"{result['statuses']}")
    print(f"confirmed rows {confirmed}, logged {logged}, links used {used}, POSTs answered 200: {post_ok}, "
          f"lost {lost}")
    print(json.dumps({
        "bench": "confirm_load", "value": round(result["rps"], 1), "unit": "req/s",
        "baseline": round(base["rps"], 1), "ratio": round(result["rps"] / base["rps"], 3),
        "target": f">= {TARGET_RPS} req/s, p99 < {TARGET_P99_MS} ms, 0 lost",
        "p99_ms": round(result["p99_ms"], 1), "baseline_p99_ms": round(base["p99_ms"], 1),
        "lost": lost, "confirmed": confirmed, "logged": logged, "links": len(paths),
        "database": "postgresql" if database else "sqlite", "throttle_cache": "redis" if redis_url else "database",
    }))


if __name__ == "__main__":
    main()
