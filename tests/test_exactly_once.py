"""Exactly once under concurrency, on PostgreSQL + Redis with real worker processes.

Four `manage.py qcluster` processes take dispatch tasks from Redis and post 2.000
due deliveries to the local stub of the Facebook Graph API (a separate process).
One cluster is killed (SIGKILL, whole process group) in the middle of the run;
dispatch tasks are also enqueued twice over (as a redelivering broker or a
double click would). Afterwards every delivery is delivered and every
idempotency key was posted exactly once.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parent.parent
DELIVERIES = 2000
WORKERS = 4
CLAIM_TIMEOUT = 3
TOKEN_ENV = "LOA_FACEBOOK_TOKEN_TEST"


def start_stub(latency_ms: int):
    process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "stub_social.py"), "--port", "0",
                                "--latency-ms", str(latency_ms)], stdout=subprocess.PIPE, text=True)
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


def worker_env() -> dict:
    database = connection.settings_dict
    url = (f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
           f"/{database['NAME']}")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": url, "Q_WORKERS": "1",
            "LOA_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT), TOKEN_ENV: "test-token"}


def due_facebook_deliveries(stub_url: str):
    from campaigns.demo.loader import demo_load
    from campaigns.models import ChannelAccount, Delivery, Publication
    from campaigns.schedule import publication_schedule
    from cms.demo import topic_page_ensure
    from cms.models import ArticlePage, WardHomePage

    campaign = demo_load()["campaign"]
    topic = topic_page_ensure(WardHomePage.objects.get(locality=campaign.ward), campaign)
    article = ArticlePage(title="Tin nhà ở xã hội", slug="tin-nha-o-xa-hoi", intro="Sapo", body=[],
                          campaign=campaign)
    topic.add_child(instance=article)
    article.save_revision().publish()
    ChannelAccount.objects.create(ward=campaign.ward, channel="facebook", base_url=f"{stub_url}/v21.0",
                                  account_id="1234567890", token_env=TOKEN_ENV, honours_idempotency_key=True)
    start = timezone.now() - dt.timedelta(minutes=DELIVERIES + 5)
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=article,
                                             channel="facebook", starts_at=start,
                                             rrule=f"FREQ=MINUTELY;COUNT={DELIVERIES}")
    publication_schedule(publication=publication, now=start - dt.timedelta(minutes=1))
    assert Delivery.objects.filter(status="planned", due_at__lte=timezone.now()).count() == DELIVERIES


def enqueue_dispatch(count: int) -> None:
    from django_q.tasks import async_task

    for _ in range(count):
        async_task("campaigns.tasks.dispatch_due_task", sync=False)


def wait_for(condition, *, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep Wagtail's root page
def test_four_workers_one_killed_post_each_delivery_exactly_once(monkeypatch):
    from django_q.brokers import get_broker

    from campaigns.models import Delivery, DeliveryStatus
    from tests.stub_social import StubClient

    monkeypatch.setenv(TOKEN_ENV, "test-token")
    stub_process, stub_url = start_stub(latency_ms=5)
    stub = StubClient(stub_url)
    clusters = []
    try:
        due_facebook_deliveries(stub_url)
        get_broker().purge_queue()
        env = worker_env()
        for _ in range(WORKERS):
            clusters.append(subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             start_new_session=True))
        enqueue_dispatch(WORKERS * 2)  # twice as many tasks as workers: duplicates must do no harm

        assert wait_for(lambda: stub.stats()["posts"] >= DELIVERIES // 5, timeout=120), "workers never started"
        victim = clusters.pop(0)
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)

        def finished() -> bool:
            return not Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists()

        # The survivors finish; the victim's claims are taken back after the claim timeout.
        for _round in range(20):
            if finished():
                break
            time.sleep(CLAIM_TIMEOUT + 0.5)
            enqueue_dispatch(WORKERS)
            wait_for(lambda: not Delivery.objects.filter(status__in=["planned", "sending"]).exists(), timeout=20)
        left = list(Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).values_list("status", "error")[:5])
        assert finished(), left

        stats = stub.stats()
        keys = {delivery.idempotency_key for delivery in Delivery.objects.all()}
        assert len(keys) == DELIVERIES
        assert set(stats["posts_by_key"]) == keys  # none lost
        assert stats["duplicates"] == {}  # none posted twice
        assert all(count == 1 for count in stats["posts_by_key"].values())
        external_ids = list(Delivery.objects.values_list("external_id", flat=True))
        assert len(set(external_ids)) == DELIVERIES and all(external_ids)
    finally:
        for cluster in clusters:
            with_group_kill(cluster)
        stub_process.terminate()
        stub_process.wait(timeout=10)


def with_group_kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
