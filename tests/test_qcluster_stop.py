"""``qcluster`` stops within a bounded time after SIGTERM, even while a worker is busy.

A real cluster (``manage.py qcluster``, ORM broker on a file SQLite database copied from the test
database) takes a task that works for ten minutes; SIGTERM must end the cluster and its worker
within the grace period (``LOA_QCLUSTER_STOP_SECONDS``, 3 here) plus start-up slack, where
django-q2 alone waits for the task to finish.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_q.brokers.orm import ORM
from django_q.tasks import async_task

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 3
WAIT_LIMIT = 90  # generous on a loaded machine; the task alone would run 600 s


def wait_for(condition, limit: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.django_db
def test_qcluster_stops_within_the_grace_period_while_a_task_runs(file_database, tmp_path):
    marker = tmp_path / "worker.pid"
    async_task("tests.slow_tasks.long_task", str(marker), 600, sync=False, broker=ORM(list_key="loa"))
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": f"sqlite:///{file_database}",
                "Q_WORKERS": "1", "LOA_QCLUSTER_STOP_SECONDS": str(GRACE_SECONDS),
                # The cluster reads the same (possibly shifted) clock as this test, which dated the task.
                "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "tests" / "shifted_clock"),
                                                            os.environ.get("PYTHONPATH")]))})
    cluster = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                               start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_for(marker.exists, WAIT_LIMIT), "the cluster never started the task"
        worker_pid = int(marker.read_text())
        started = time.monotonic()
        cluster.send_signal(signal.SIGTERM)
        cluster.wait(timeout=WAIT_LIMIT)
        stopped_after = time.monotonic() - started
        assert wait_for(lambda: not alive(worker_pid), 10), "the busy worker outlived its cluster"
        assert stopped_after < WAIT_LIMIT
    finally:
        if cluster.poll() is None:
            os.killpg(cluster.pid, signal.SIGKILL)
            cluster.wait()
        else:
            try:
                os.killpg(cluster.pid, signal.SIGKILL)  # anything left in its session
            except ProcessLookupError:
                pass
