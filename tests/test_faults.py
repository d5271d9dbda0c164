"""Faults on real services: each asserts nothing lost, nothing doubled, and a state a person can act on.

Marked postgres/redis: they run in CI (``make test-services``) where DATABASE_URL/REDIS_URL are set,
and LOA_REQUIRE_SERVICES forbids skipping them there. Redis faults use a throwaway ``redis-server``
started here on its own port (the machine's Redis is shared and is never stopped).

Redis stopped (or frozen) for 30 s while a real qcluster dispatches, then brought back, is
test_redis_away_30s_under_a_real_qcluster_loses_and_doubles_nothing.

A qcluster killed mid-dispatch and restarted is tests/test_exactly_once.py (SIGKILL of a whole
cluster while its worker waits on a post; nothing doubled, the in-flight post "cần kiểm tra").
"""

import datetime as dt
import shutil
import socket
import subprocess
import time

import pytest
import time_machine
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.module_loading import import_string

from campaigns.dispatch.runner import dispatch_due
from campaigns.models import Delivery, DeliveryStatus
from tests.stub_social import StubServer

TOKEN_ENV = "LOA_FACEBOOK_TOKEN_FAULTS"


def facebook_deliveries(stub_url: str, count: int = 3):
    from campaigns.demo.loader import demo_load
    from campaigns.models import ChannelAccount, Publication
    from campaigns.scheduling.expansion import publication_schedule
    from cms.demo import topic_page_ensure
    from cms.models import ArticlePage, WardHomePage

    campaign = demo_load()["campaign"]
    topic = topic_page_ensure(WardHomePage.objects.get(locality=campaign.ward), campaign)
    page = ArticlePage(title="Tin phòng chống ngập", slug="tin-phong-chong-ngap", intro="Sapo", body=[],
                       campaign=campaign)
    topic.add_child(instance=page)
    page.save_revision().publish()
    ChannelAccount.objects.create(ward=campaign.ward, channel="facebook", base_url=f"{stub_url}/v21.0",
                                  account_id="1234567890", token_env=TOKEN_ENV, honours_idempotency_key=False)
    start = timezone.now() - dt.timedelta(hours=count)
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel="facebook",
                                             starts_at=start, rrule=f"FREQ=HOURLY;COUNT={count}")
    publication_schedule(publication=publication, now=start - dt.timedelta(minutes=1))
    return list(publication.deliveries.order_by("due_at"))


@pytest.fixture
def stub(monkeypatch, settings):
    monkeypatch.setenv(TOKEN_ENV, "test-token")
    settings.LOA_SOCIAL_TIMEOUT = (1, 1)
    with StubServer(slow_seconds=4) as server:
        yield server


def posts_per_key(stub, deliveries):
    return [stub.posts_for(delivery.idempotency_key) for delivery in deliveries]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed rows; keep Wagtail's root page
def test_postgres_connection_terminated_mid_pass_loses_and_doubles_nothing(stub, monkeypatch):
    """The server ends our backend (pg_terminate_backend, on this test database only) after the pass has
    claimed its batch: the pass fails, the rows stay claimed and unsent, the next pass (a fresh
    connection, after the claim timeout) sends each exactly once."""
    import psycopg

    from campaigns.dispatch import runner

    deliveries = facebook_deliveries(stub.url)
    database = connection.settings_dict
    real_mark_leaving = runner.mark_leaving
    terminated = []

    def terminate_then_mark_leaving(**kwargs):
        if not terminated:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid(), current_database()")
                pid, name = cursor.fetchone()
            assert name == database["NAME"]
            with psycopg.connect(host=database["HOST"] or "127.0.0.1", port=database["PORT"] or 5432,
                                 user=database["USER"], password=database.get("PASSWORD") or None,
                                 dbname=name, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            terminated.append(pid)
        return real_mark_leaving(**kwargs)

    monkeypatch.setattr(runner, "mark_leaving", terminate_then_mark_leaving)
    with pytest.raises(DatabaseError):
        dispatch_due(worker="may-1:1")
    connection.close()  # what Django (a request's end, a django-q2 task's end) does with a broken connection
    rows = Delivery.objects.filter(pk__in=[d.pk for d in deliveries])
    assert {(row.status, row.dispatched_at) for row in rows} == {(DeliveryStatus.SENDING, None)}
    assert stub.stats()["posts"] == 0

    monkeypatch.setattr(runner, "mark_leaving", real_mark_leaving)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10), tick=True):
        report = dispatch_due(worker="may-2:1")
    assert report.recovered["returned"] == 3 and report.delivered == 3
    assert posts_per_key(stub, deliveries) == [1, 1, 1]


@pytest.mark.postgres
@pytest.mark.django_db
def test_channel_hanging_past_the_timeout_is_needs_check_and_never_resent(stub):
    deliveries = facebook_deliveries(stub.url, count=2)
    stub.fault("slow", count=1, channel="facebook", slow_seconds=4)  # recorded, answer held back 4 s > 1 s
    report = dispatch_due(worker="may-1:2")
    assert report.needs_check == 1 and report.delivered == 1
    hung = Delivery.objects.get(status=DeliveryStatus.NEEDS_CHECK)
    assert "không trả lời" in hung.error
    dispatch_due(worker="may-1:2")  # the next pass leaves it to a person
    assert posts_per_key(stub, deliveries) == [1, 1]
    assert Delivery.objects.get(pk=hung.pk).status == DeliveryStatus.NEEDS_CHECK


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A redis-server of this test's own (no persistence), stopped and started at will."""

    def __init__(self, port: int):
        self.port, self.process = port, None

    def start(self):
        self.process = subprocess.Popen([shutil.which("redis-server"), "--port", str(self.port), "--save", "",
                                         "--appendonly", "no", "--bind", "127.0.0.1"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def throwaway_redis():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed for the Redis fault test")
    server = ThrowawayRedis(free_port())
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.mark.redis
@pytest.mark.django_db
def test_redis_stopped_during_dispatch_and_brought_back(stub, throwaway_redis, client, monkeypatch):
    """Redis only carries "run a dispatch pass" tasks; the deliveries live in the database. With the
    broker down, enqueueing fails and /healthz says so, the deliveries wait untouched; once it is
    back, the next pass taken from the broker sends each exactly once.

    The task is taken from the broker and run in this process (as a worker does), not by a qcluster."""
    import django_q.brokers
    import redis
    from django_q.brokers.redis_broker import Redis as RedisBroker
    from django_q.signing import SignedPackage
    from django_q.tasks import async_task

    def broker():
        instance = RedisBroker(list_key="loa-fault-test")
        instance.connection = redis.Redis(host="127.0.0.1", port=throwaway_redis.port, socket_timeout=2)
        return instance

    monkeypatch.setattr(django_q.brokers, "get_broker", lambda *args, **kwargs: broker())
    deliveries = facebook_deliveries(stub.url)
    async_task("campaigns.dispatch.tasks.dispatch_due_task", broker=broker(), sync=False)

    throwaway_redis.stop()  # the queued task is gone with it (no persistence)
    with pytest.raises(redis.exceptions.ConnectionError):
        async_task("campaigns.dispatch.tasks.dispatch_due_task", broker=broker(), sync=False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["broker"] == "lỗi"
    assert set(Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).values_list("status", flat=True)) == {
        DeliveryStatus.PLANNED}

    throwaway_redis.start()  # empty: the scheduler's next minute enqueues the pass again
    assert client.get("/healthz").status_code == 200
    async_task("campaigns.dispatch.tasks.dispatch_due_task", broker=broker(), sync=False)
    async_task("campaigns.dispatch.tasks.dispatch_due_task", broker=broker(), sync=False)  # and a duplicate
    queue = broker()
    ran = 0
    while items := queue.dequeue():  # what a worker does: take, unsign, run
        for _task_id, payload in items:
            task = SignedPackage.loads(payload)
            func = task["func"] if callable(task["func"]) else import_string(task["func"])
            func(*task["args"], **task["kwargs"])
            ran += 1
    assert ran == 2
    assert posts_per_key(stub, deliveries) == [1, 1, 1]
    assert set(Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).values_list("status", flat=True)) == {
        DeliveryStatus.DELIVERED}



# --- Redis stopped for 30 s under a real qcluster --------------------------------------------------------

OUTAGE_SECONDS = 30
EARLY, LATE = 40, 20  # due when dispatch starts / falling due while the broker is away
CLUSTER_LIMIT = 120  # generous on a loaded machine


def wait_until(condition, limit: float, step: float = 0.3) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def cluster_environment(redis_port: int) -> dict:
    """A cluster on the throwaway Redis (broker and cache) and this test's PostgreSQL database, reading the
    same (possibly shifted) clock as this test; its own scheduler off, this test enqueues the passes."""
    import os
    from pathlib import Path
    from urllib.parse import quote

    root = Path(__file__).resolve().parent.parent
    database = connection.settings_dict
    login = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database.get("PASSWORD") else "")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": f"postgres://{login}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
                            f"/{database['NAME']}",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "Q_WORKERS": "2", "Q_SCHEDULER": "0",
            "LOA_QCLUSTER_STOP_SECONDS": "5", TOKEN_ENV: "test-token",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(root / "tests" / "shifted_clock"),
                                                        os.environ.get("PYTHONPATH")]))}


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.parametrize("outage", ["stopped", "frozen"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a cluster process shares the rows
def test_redis_away_30s_under_a_real_qcluster_loses_and_doubles_nothing(outage, throwaway_redis, client,
                                                                         monkeypatch):
    """A real ``manage.py qcluster`` takes dispatch passes from its own Redis and posts to a stub account
    that does NOT deduplicate (a second send would be a second post). While it dispatches, Redis goes away
    for 30 s: ``stopped`` (the server ends; its queue, kept in memory only, is gone) or ``frozen``
    (SIGSTOP: connections hang, then SIGCONT). The passes already running finish from the database;
    enqueueing fails and /healthz says "broker: lỗi"; deliveries falling due meanwhile wait, planned. Once
    Redis is back, the same cluster (never restarted) takes the next passes (sent twice over) and every
    delivery is delivered, each posted exactly once, none left "đang gửi" or "cần kiểm tra"."""
    import os
    import signal
    import sys
    from collections import Counter
    from pathlib import Path

    import django_q.brokers
    import redis
    from django_q.brokers.redis_broker import Redis as RedisBroker
    from django_q.tasks import async_task

    from tests.stub_social import StubServer

    def broker():
        instance = RedisBroker(list_key="loa")
        instance.connection = redis.Redis(host="127.0.0.1", port=throwaway_redis.port, socket_timeout=2)
        return instance

    def enqueue_pass():
        async_task("campaigns.dispatch.tasks.dispatch_due_task", broker=broker(), sync=False)

    monkeypatch.setattr(django_q.brokers, "get_broker", lambda *args, **kwargs: broker())  # what /healthz asks
    monkeypatch.setenv(TOKEN_ENV, "test-token")
    root = Path(__file__).resolve().parent.parent
    with StubServer(latency_ms=150, honour_idempotency=False) as stub:
        deliveries = facebook_deliveries(stub.url, count=EARLY + LATE)
        keys = [delivery.idempotency_key for delivery in deliveries]
        late = [delivery.pk for delivery in deliveries[EARLY:]]
        Delivery.objects.filter(pk__in=late).update(due_at=timezone.now() + dt.timedelta(days=1))
        rows = Delivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries])

        def statuses(pks=None) -> Counter:
            return Counter((rows.filter(pk__in=pks) if pks else rows).values_list("status", flat=True))

        def posts() -> Counter:
            return Counter(entry["idempotency_key"] for entry in stub.requests(channel="facebook")
                           if entry.get("outcome", "").startswith("post"))

        cluster = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=root,
                                   env=cluster_environment(throwaway_redis.port), start_new_session=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            enqueue_pass()
            enqueue_pass()
            assert wait_until(lambda: stub.stats()["posts"] >= 5, CLUSTER_LIMIT), "the cluster never dispatched"

            # Redis goes away while the cluster is sending.
            went_away = time.monotonic()
            if outage == "stopped":
                throwaway_redis.stop()
            else:
                os.kill(throwaway_redis.process.pid, signal.SIGSTOP)
            assert statuses()[DeliveryStatus.DELIVERED] < EARLY  # it went away during dispatch
            with pytest.raises(redis.exceptions.RedisError):
                enqueue_pass()
            health = client.get("/healthz")
            assert health.status_code == 503 and health.json()["broker"] == "lỗi"
            # The passes already running need no broker: they finish the rows due from the database.
            assert wait_until(lambda: statuses(rows.exclude(pk__in=late))[DeliveryStatus.DELIVERED] == EARLY,
                              OUTAGE_SECONDS - 5), statuses()
            # More fall due while the broker is away: they wait, untouched, for a pass.
            Delivery.objects.filter(pk__in=late).update(due_at=timezone.now() - dt.timedelta(seconds=1))
            time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - went_away)))
            assert statuses(late) == {DeliveryStatus.PLANNED: LATE}
            assert cluster.poll() is None, "the cluster died with its broker"

            if outage == "stopped":
                throwaway_redis.start()  # same port, empty: the tasks queued before are gone
            else:
                os.kill(throwaway_redis.process.pid, signal.SIGCONT)
            assert client.get("/healthz").status_code == 200
            enqueue_pass()
            enqueue_pass()  # and a duplicate, as a redelivery or a second scheduler would
            assert wait_until(lambda: statuses()[DeliveryStatus.DELIVERED] == EARLY + LATE, CLUSTER_LIMIT), (
                statuses())

            assert {key: count for key, count in posts().items() if count > 1} == {}  # nothing doubled
            assert set(posts()) == set(keys)  # nothing lost
            assert statuses() == {DeliveryStatus.DELIVERED: EARLY + LATE}
            health = client.get("/healthz").json()
            assert health["broker"] == "ok" and health["dispatch_recent"] is True
        finally:
            if cluster.poll() is None:
                cluster.send_signal(signal.SIGTERM)
                try:
                    cluster.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    pass
            try:
                os.killpg(cluster.pid, signal.SIGKILL)  # anything left in its session
            except ProcessLookupError:
                pass
            output = cluster.communicate(timeout=30)[0]
            if outage == "frozen" and throwaway_redis.process.poll() is None:
                os.kill(throwaway_redis.process.pid, signal.SIGCONT)
    assert cluster.returncode == 0 or cluster.returncode == -signal.SIGTERM, output
