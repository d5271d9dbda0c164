"""Exactly once under concurrency, on PostgreSQL + Redis with real worker processes.

Four `manage.py qcluster` processes take dispatch tasks from Redis and post 2.000
due deliveries to the local stub of the Facebook Graph API (a separate process)
whose account does NOT deduplicate on ``Idempotency-Key``: every request that
reaches it is a new post, so a second send of the same delivery is a second post
on the ward's page. One post is made to hang (the stub records it, then keeps the
answer back) and the cluster whose worker is waiting on it is killed (SIGKILL,
whole process group); dispatch tasks are also enqueued twice over (as a
redelivering broker or a double click would).

Afterwards: no idempotency key was posted twice (counted from the stub's recorded
requests), every delivery is delivered except the killed worker's in-flight post,
which is "cần kiểm tra" (the post may exist: a person checks, nothing re-sends it).
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parent.parent
DELIVERIES = 2000
WORKERS = 4
PROCESSES_PER_CLUSTER = 1  # Q_WORKERS: a cluster has at most this many posts in flight
CLAIM_TIMEOUT = 5
SLOW_SECONDS = 120  # the hanging post: longer than the whole test
TOKEN_ENV = "LOA_FACEBOOK_TOKEN_TEST"


def start_stub(latency_ms: int):
    """The stub in its own process, treating every request as a new post (no deduplication)."""
    process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "stub_social.py"), "--port", "0",
                                "--latency-ms", str(latency_ms), "--slow-seconds", str(SLOW_SECONDS),
                                "--no-idempotency"], stdout=subprocess.PIPE, text=True)
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


def worker_env() -> dict:
    """This run's environment (REDIS_URL included), with DATABASE_URL pointing at the test database."""
    database = connection.settings_dict
    login = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database.get("PASSWORD") else "")
    url = f"postgres://{login}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    assert os.environ.get("REDIS_URL"), "the workers need this run's REDIS_URL"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": url,
            "Q_WORKERS": str(PROCESSES_PER_CLUSTER), "LOA_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT),
            TOKEN_ENV: "test-token"}


def due_facebook_deliveries(stub_url: str):
    from campaigns.demo.loader import demo_load
    from campaigns.models import ChannelAccount, Delivery, Publication
    from campaigns.scheduling.expansion import publication_schedule
    from cms.demo import topic_page_ensure
    from cms.models import ArticlePage, WardHomePage

    campaign = demo_load()["campaign"]
    topic = topic_page_ensure(WardHomePage.objects.get(locality=campaign.ward), campaign)
    article = ArticlePage(title="Tin nhà ở xã hội", slug="tin-nha-o-xa-hoi", intro="Sapo", body=[],
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
    assert Delivery.objects.filter(status="planned", due_at__lte=timezone.now()).count() == DELIVERIES


def enqueue_dispatch(count: int) -> None:
    from django_q.tasks import async_task

    for _ in range(count):
        async_task("campaigns.dispatch.tasks.dispatch_due_task", sync=False)


def wait_for(condition, *, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def by_key(deliveries) -> dict:
    return {delivery.idempotency_key: delivery for delivery in deliveries}


def posts_by_key(stub) -> Counter:
    """How many new posts the stub made per idempotency key, from its recorded requests."""
    return Counter(entry["idempotency_key"] for entry in stub.requests(channel="facebook")
                   if entry.get("outcome", "").startswith("post"))


def hanging_post(stub, *, since: int, timeout: float) -> dict:
    """The recorded request the stub made a post for and is keeping the answer of."""
    found = {}

    def seen() -> bool:
        for entry in stub.requests(since=since, channel="facebook"):
            if entry.get("outcome") == "post+slow":
                found.update(entry)
                return True
        return False

    assert wait_for(seen, timeout=timeout), "no worker took the hanging post"
    return found


def cluster_of(worker: str, clusters: list[subprocess.Popen]) -> subprocess.Popen:
    """The qcluster (own process group) whose worker process is ``worker`` ("host:pid")."""
    group = os.getpgid(int(worker.rsplit(":", 1)[1]))
    return next(cluster for cluster in clusters if cluster.pid == group)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep Wagtail's root page
def test_four_workers_one_killed_mid_post_nothing_posted_twice(monkeypatch):
    from django_q.brokers import get_broker

    from campaigns.models import Delivery, DeliveryStatus
    from tests.stub_social import StubClient

    monkeypatch.setenv(TOKEN_ENV, "test-token")
    stub_process, stub_url = start_stub(latency_ms=5)
    stub = StubClient(stub_url)
    clusters = []
    try:
        assert stub.stats()["honour_idempotency"] is False
        due_facebook_deliveries(stub_url)
        get_broker().purge_queue()
        env = worker_env()
        for _ in range(WORKERS):
            clusters.append(subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             start_new_session=True))
        enqueue_dispatch(WORKERS * 2)  # twice as many tasks as workers: duplicates must do no harm

        assert wait_for(lambda: stub.stats()["posts"] >= DELIVERIES // 5, timeout=120), "workers never started"
        # The next post is made but not answered: its worker waits, and is killed while it waits.
        since = stub.stats()["requests"]
        stub.fault("slow", count=1, channel="facebook", slow_seconds=SLOW_SECONDS)
        hanging = hanging_post(stub, since=since, timeout=60)
        in_flight = by_key(Delivery.objects.all())[hanging["idempotency_key"]]
        assert in_flight.status == DeliveryStatus.SENDING and in_flight.dispatched_at is not None
        victim = cluster_of(in_flight.claimed_by, clusters)
        clusters.remove(victim)
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        # A worker process sends one post at a time and the victim has one: this is its only post in flight.
        in_flight_keys = {in_flight.idempotency_key}
        assert len(in_flight_keys) <= PROCESSES_PER_CLUSTER

        def finished() -> bool:
            return not Delivery.objects.filter(status__in=["planned", "sending"]).exists()

        # The survivors finish; the victim's claims are taken back after the claim timeout.
        for _round in range(20):
            if finished():
                break
            time.sleep(CLAIM_TIMEOUT + 0.5)
            enqueue_dispatch(WORKERS)
            wait_for(finished, timeout=20)
        left = list(Delivery.objects.filter(status__in=["planned", "sending"]).values_list("status", "error")[:5])
        assert finished(), left

        posted = posts_by_key(stub)
        assert {key: n for key, n in posted.items() if n > 1} == {}  # none posted twice
        assert stub.stats()["duplicates"] == {}
        deliveries = by_key(Delivery.objects.all())
        assert len(deliveries) == DELIVERIES and set(posted) <= set(deliveries)

        # Only the killed worker's post in flight is left to a person; it was not sent again.
        needs_check = {key for key, delivery in deliveries.items() if delivery.status == DeliveryStatus.NEEDS_CHECK}
        assert needs_check == in_flight_keys
        assert posted[in_flight.idempotency_key] == 1
        assert "kiểm tra" in deliveries[in_flight.idempotency_key].error

        delivered = {key: delivery for key, delivery in deliveries.items()
                     if delivery.status == DeliveryStatus.DELIVERED}
        assert len(delivered) == DELIVERIES - len(needs_check), {d.status for d in deliveries.values()}
        assert all(posted[key] == 1 for key in delivered)  # none lost
        answers = {entry["idempotency_key"]: entry["answer"]["id"] for entry in stub.requests(channel="facebook")
                   if entry.get("outcome") == "post"}
        assert all(answers[key] == delivery.external_id for key, delivery in delivered.items())
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
