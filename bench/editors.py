"""Twenty editors saving their pages in the admin while a qcluster dispatches: gunicorn on loopback.

Each simulated editor logs in (POST /admin/login/) as a Hải An editor of its own and saves drafts of
its own loudspeaker script through Wagtail's edit form (POST /admin/pages/<id>/edit/, "Lưu nháp"),
one save after another, as twenty people at twenty desks would; meanwhile a real ``manage.py
qcluster`` takes dispatch passes from the broker and posts due deliveries to a local stub of the
Facebook API. Baseline: the same clients, logged in, posting the same form to a trivial view
(CSRF-checked, answers a redirect) under the same gunicorn, settings and dispatch, in the same run.

Afterwards the revisions are counted: every save answered with a redirect must be one revision of
that editor's page, and each page's latest revision must hold the text of its editor's last save
(zero revisions lost); every dispatched delivery must have been posted once.

PostgreSQL (DATABASE_URL's server or 127.0.0.1, database ``loa_editors``, recreated) when reachable,
else SQLite; Redis (REDIS_URL) as the broker and cache when set and reachable, else django-q2's ORM
broker. The editors save back to back (no time spent typing), far harder than twenty people at work.
Headline: saves per second (baseline: the trivial view's). Targets: at least 2 saves/s (each of the
twenty saving every 10 s), 0 errors, 0 revisions lost; p99 of a save reported beside it.
``--editors N`` (20), ``--saves S`` per editor (15), ``--workers W`` gunicorn workers (3).
"""

import _stdlib_first  # noqa: F401, I001 - first: bench/calendar.py would hide Python's calendar module
import argparse
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from _django import ROOT, postgres_database_url, redis_url_reachable
from confirm_load import _free_port, _wait_until_serving

TARGET_SAVES_PER_SECOND = 2
DELIVERIES = 3000  # enough for the stub account to stay busy through both phases
TOKEN_ENV = "LOA_FACEBOOK_TOKEN_BENCH"  # noqa: S105 - the name of a variable, not a secret
PASSWORD = "bench-editor-password"  # noqa: S105 - throw-away users in a throw-away database


def _settings_module(folder: Path) -> None:
    """Test settings with a URLconf adding the baseline view (a form post answered with a redirect)."""
    (folder / "bench_editors_settings.py").write_text(
        "from cms.settings.test import *  # noqa\n"
        "ROOT_URLCONF = 'bench_editors_urls'\n"
        "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'root': {'level': 'ERROR'}}\n"
    )
    (folder / "bench_editors_urls.py").write_text(
        "from django.http import HttpResponse, HttpResponseRedirect\n"
        "from django.urls import path\n"
        "from cms.urls import urlpatterns as site\n"
        "def baseline(request):\n"
        "    return HttpResponseRedirect('/bench-baseline/') if request.method == 'POST' else HttpResponse('ok')\n"
        "urlpatterns = [path('bench-baseline/', baseline), *site]\n"
    )


def _prepare(editors: int, stub_url: str) -> dict:
    """Editors with a draft script each, and DELIVERIES due Facebook posts for the dispatcher."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from campaigns.demo.loader import demo_load
    from campaigns.models import ChannelAccount, Publication, Role, WardGroup
    from campaigns.scheduling.expansion import publication_schedule
    from cms.demo import topic_page_ensure
    from cms.models import ArticlePage, LoudspeakerScriptPage, WardHomePage

    campaign = demo_load()["campaign"]
    topic = topic_page_ensure(WardHomePage.objects.get(locality=campaign.ward), campaign)
    group = WardGroup.objects.get(locality=campaign.ward, role=Role.EDITOR).group
    pages = {}
    for index in range(editors):
        user = get_user_model().objects.create_user(f"bientap{index:02d}", password=PASSWORD,
                                                    first_name=f"Biên tập {index:02d}")
        user.groups.add(group)
        page = LoudspeakerScriptPage(title=f"Thông báo tổ {index:02d}", slug=f"thong-bao-to-{index:02d}",
                                     text="Bản nháp đầu.", campaign=campaign, owner=user, live=False)
        topic.add_child(instance=page)
        page.save_revision(user=user)
        pages[user.username] = page.pk

    article = ArticlePage(title="Tin nhà ở xã hội", slug="tin-nha-o-xa-hoi-bench", intro="Sapo", body=[],
                          campaign=campaign)
    topic.add_child(instance=article)
    article.save_revision().publish()
    ChannelAccount.objects.create(ward=campaign.ward, channel="facebook", base_url=f"{stub_url}/v21.0",
                                  account_id="1234567890", token_env=TOKEN_ENV, honours_idempotency_key=False)
    start = timezone.now() - dt.timedelta(minutes=DELIVERIES + 5)
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=article,
                                             channel="facebook", starts_at=start,
                                             rrule=f"FREQ=MINUTELY;COUNT={DELIVERIES}")
    publication_schedule(publication=publication, now=start - dt.timedelta(minutes=1))
    return pages


class Editor(threading.Thread):
    """One person at one desk: logs in, then saves one page ``saves`` times, one save after another."""

    def __init__(self, port: int, username: str, page_id: int, saves: int, *, baseline: bool):
        super().__init__()
        self.port, self.username, self.page_id, self.saves, self.baseline = port, username, page_id, saves, baseline
        self.csrf = secrets.token_hex(16)  # a 32-character secret: Django accepts it unmasked in the form
        self.session = ""
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.last_text = ""

    def _headers(self, body: str | None = None) -> dict:
        cookie = f"csrftoken={self.csrf}" + (f"; sessionid={self.session}" if self.session else "")
        headers = {"Host": "localhost", "Cookie": cookie, "Referer": "http://localhost/admin/"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return headers

    def login(self, connection: http.client.HTTPConnection) -> None:
        body = urlencode({"csrfmiddlewaretoken": self.csrf, "username": self.username, "password": PASSWORD})
        connection.request("POST", "/admin/login/", body=body, headers=self._headers(body))
        response = connection.getresponse()
        response.read()
        found = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
        if response.status != 302 or not found:
            raise SystemExit(f"{self.username} could not log in ({response.status})")
        self.session = found.group(1)

    def form(self, number: int) -> str:
        self.last_text = f"Bà con tổ {self.username[-2:]} chú ý: lịch họp tổ dân phố, bản sửa lần {number}."
        return urlencode({
            "csrfmiddlewaretoken": self.csrf, "title": f"Thông báo tổ {self.username[-2:]}",
            "slug": f"thong-bao-to-{self.username[-2:]}", "priority": "normal", "text": self.last_text,
            "comments-TOTAL_FORMS": 0, "comments-INITIAL_FORMS": 0, "comments-MIN_NUM_FORMS": 0,
            "comments-MAX_NUM_FORMS": 1000,
        })

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        if not self.session:
            self.login(connection)
        path = "/bench-baseline/" if self.baseline else f"/admin/pages/{self.page_id}/edit/"
        for number in range(1, self.saves + 1):
            body = self.form(number)
            started = time.perf_counter()
            try:
                connection.request("POST", path, body=body, headers=self._headers(body))
                response = connection.getresponse()
                response.read()
                status = response.status
            except (http.client.HTTPException, OSError):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                status = 0
            self.latencies.append(time.perf_counter() - started)
            self.statuses[status] += 1
        connection.close()


def _phase(port: int, pages: dict, saves: int, *, baseline: bool) -> tuple[dict, list[Editor]]:
    editors = [Editor(port, username, page_id, saves, baseline=baseline) for username, page_id in pages.items()]
    for editor in editors:  # everyone logged in before the clock starts
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        editor.login(connection)
        connection.close()
    started = time.perf_counter()
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join()
    seconds = time.perf_counter() - started
    latencies = sorted(latency for editor in editors for latency in editor.latencies)
    statuses = sum((editor.statuses for editor in editors), Counter())
    return {"saves": len(latencies), "seconds": seconds, "per_second": len(latencies) / seconds,
            "p50_ms": latencies[len(latencies) // 2] * 1000, "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
            "errors": sum(count for status, count in statuses.items() if status != 302),
            "statuses": dict(statuses)}, editors


def _enqueue_passes(count: int) -> None:
    from django_q.tasks import async_task

    for _ in range(count):
        async_task("campaigns.dispatch.tasks.dispatch_due_task", sync=False)


def main() -> None:  # noqa: PLR0915 - one bench, read top to bottom
    parser = argparse.ArgumentParser()
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--saves", type=int, default=15)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="loa-bench-editors-"))
    _settings_module(folder)
    env = dict(os.environ)
    database = postgres_database_url("loa_editors")
    env["DATABASE_URL"] = database or f"sqlite:///{folder}/bench.sqlite3"
    redis_url = redis_url_reachable()
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    env.update({"DJANGO_SETTINGS_MODULE": "bench_editors_settings", TOKEN_ENV: "bench-token",
                "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT), env.get("PYTHONPATH", "")])})
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", TOKEN_ENV)})
    if not redis_url:
        os.environ.pop("REDIS_URL", None)
    sys.path[:0] = [str(folder), str(ROOT)]

    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connections
    from django_q.brokers import get_broker

    from tests.stub_social import StubServer

    call_command("migrate", verbosity=0)
    get_broker().purge_queue()
    stub = StubServer(latency_ms=20, honour_idempotency=False)
    stub.__enter__()
    pages = _prepare(args.editors, stub.url)
    connections.close_all()

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
         "-k", "gthread", "--threads", "4", "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT, env=env)
    cluster = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT,
                               env={**env, "Q_WORKERS": "2", "Q_SCHEDULER": "0"}, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_serving(port, server)
        _enqueue_passes(2)
        deadline = time.monotonic() + 180
        while stub.stats()["posts"] < 20 and time.monotonic() < deadline:
            time.sleep(0.5)
        if stub.stats()["posts"] < 20:
            raise SystemExit("the qcluster never started dispatching")
        _phase(port, dict(list(pages.items())[:4]), 3, baseline=True)  # warm: every worker imported
        base, _editors = _phase(port, pages, args.saves, baseline=True)
        posts_before = stub.stats()["posts"]
        _enqueue_passes(2)  # a pass ends after its time budget: keep dispatching through the editors' phase
        result, editors = _phase(port, pages, args.saves, baseline=False)
        posts_during = stub.stats()["posts"] - posts_before
    finally:
        server.terminate()
        server.wait(timeout=30)
        cluster.send_signal(signal.SIGTERM)
        try:
            cluster.wait(timeout=60)
        finally:
            try:
                os.killpg(cluster.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        stub.__exit__(None, None, None)

    from wagtail.models import Page

    lost, wrong_text = 0, 0
    for editor in editors:
        page = Page.objects.get(pk=editor.page_id).specific
        revisions = page.revisions.count()
        lost += max(0, 1 + editor.statuses.get(302, 0) - revisions)  # 1: the draft made in _prepare
        latest = page.get_latest_revision_as_object()
        wrong_text += latest.text != editor.last_text
    posted = Counter(entry["idempotency_key"] for entry in stub.requests(channel="facebook")
                     if entry.get("outcome", "").startswith("post"))
    doubled = sum(1 for count in posted.values() if count > 1)
    where = (f"database: {'PostgreSQL' if database else 'SQLite'}, broker: {'Redis' if redis_url else 'ORM'}, "
             f"gunicorn {args.workers} workers x 4 threads, {args.editors} editors x {args.saves} saves")
    print(where)
    for name, phase in (("baseline", base), ("editors", result)):
        print(f"{name:9} {phase['per_second']:7.1f} saves/s  p50 {phase['p50_ms']:7.1f} ms  "
              f"p99 {phase['p99_ms']:7.1f} ms  errors {phase['errors']}  {phase['statuses']}")
    print(f"posts dispatched during the editors' phase: {posts_during}; revisions lost {lost}, "
          f"latest revision not the last save {wrong_text}, deliveries posted twice {doubled}")
    print(json.dumps({
        "bench": "editors", "value": round(result["per_second"], 2), "unit": "saves/s",
        "baseline": round(base["per_second"], 1), "ratio": round(result["per_second"] / base["per_second"], 4),
        "target": f">= {TARGET_SAVES_PER_SECOND} saves/s, 0 errors, 0 revisions lost",
        "p99_ms": round(result["p99_ms"], 1), "p50_ms": round(result["p50_ms"], 1),
        "baseline_p99_ms": round(base["p99_ms"], 1),
        "saves": result["saves"], "errors": result["errors"], "revisions_lost": lost,
        "latest_revision_wrong": wrong_text, "posts_during": posts_during, "posted_twice": doubled,
        "editors": args.editors, "database": "postgresql" if database else "sqlite",
        "broker": "redis" if redis_url else "orm",
    }))


if __name__ == "__main__":
    main()
