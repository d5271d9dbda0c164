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
