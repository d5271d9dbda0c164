"""The scale-out broker and cache: real Redis, and a real qcluster worker process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parent.parent


def test_cache_is_redis_and_keeps_vietnamese_text():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    cache.set("loa-test-key", "Nhà ở xã hội", timeout=30)
    assert cache.get("loa-test-key") == "Nhà ở xã hội"
    cache.delete("loa-test-key")


def test_django_q_broker_is_redis_and_round_trips_a_message():
    from django_q.brokers import get_broker

    broker = get_broker("loa-test-queue")
    assert type(broker).__name__ == "Redis"
    assert broker.ping()
    broker.purge_queue()
    broker.enqueue("payload")
    task_id, payload = broker.dequeue()[0]
    assert payload == b"payload"
    broker.acknowledge(task_id)
    broker.purge_queue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep Wagtail's root page
def test_a_qcluster_worker_process_runs_an_enqueued_task():
    """async_task -> Redis -> a real `manage.py qcluster` process -> result in the shared database."""
    from django_q.tasks import async_task, result

    database = connection.settings_dict
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("the worker process needs a database it can share: set DATABASE_URL=postgres://…")
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}",
    }
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        task_id = async_task("math.copysign", 2, -1, sync=False)
        deadline = time.monotonic() + 60
        value = None
        while value is None and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.5)
            value = result(task_id)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert value == -2.0, output
    assert "Traceback" not in output, output


def test_confirmation_page_counts_its_address_and_link_limits_in_one_round_trip(settings, monkeypatch):
    """campaigns/tracking/throttle.py: one pipeline per request, whatever the number of limits, and the
    counters expire with their window."""
    import redis
    from django.core.cache import caches

    from campaigns.tracking.throttle import over_limits

    settings.LOA_CONFIRM_RATE_LIMITS = {"ip": (3, 60), "token": (2, 60)}
    throttle = caches["throttle"]
    names = ["confirm:ip:10.9.8.7", "confirm:token:987654"]
    throttle.delete_many(names)
    trips = {"pipeline": 0, "single": 0}
    execute, command = redis.client.Pipeline.execute, redis.Redis.execute_command

    def counted_execute(self, *args, **kwargs):
        trips["pipeline"] += 1
        return execute(self, *args, **kwargs)

    def counted_command(self, *args, **kwargs):
        trips["single"] += 1
        return command(self, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", counted_execute)
    monkeypatch.setattr(redis.Redis, "execute_command", counted_command)
    answers = [over_limits(("ip", "10.9.8.7"), ("token", "987654")) for _ in range(3)]
    assert answers == [False, False, True]  # the link's limit (2) is passed first
    assert trips == {"pipeline": 3, "single": 0}
    monkeypatch.undo()
    assert throttle.get(names[0]) == 3 and throttle.get(names[1]) == 3
    client = throttle._cache.get_client(names[0])
    assert 0 < client.ttl(throttle.make_and_validate_key(names[0])) <= 60
    assert over_limits(("ip", "10.9.8.7")) is True  # the address's fourth request: over its 3
    throttle.delete_many(names)
