"""django-q2's ``qcluster`` with a bounded stop (overrides django_q's command: ``campaigns`` comes first).

On SIGTERM or SIGINT django-q2 stops taking tasks and waits for every worker to finish the one it
is running, however long that takes: a cluster once needed more than six minutes and a SIGKILL,
which kept Ctrl-C in ``make run`` from returning. Here the wait is bounded: after
``LOA_QCLUSTER_STOP_SECONDS`` (default 10) the workers still busy and the cluster's own processes
are killed. That is safe because every task is idempotent and dispatch keeps its state in the
database: a delivery claimed and not sent goes back to the queue after the claim timeout, one
whose request had left becomes "cần kiểm tra" (campaigns.dispatch.claim). A second signal kills
at once.
"""

import logging
import os
import signal
from pathlib import Path

from django.conf import settings
from django_q.cluster import Cluster
from django_q.management.commands.qcluster import Command as DjangoQClusterCommand

logger = logging.getLogger("loa.qcluster")
DEFAULT_STOP_SECONDS = 10


def stop_seconds(env=os.environ) -> int:
    return max(int(env.get("LOA_QCLUSTER_STOP_SECONDS") or DEFAULT_STOP_SECONDS), 1)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc), deepest first."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return list(reversed(found))


def kill_descendants() -> None:
    for pid in descendants(os.getpid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Command(DjangoQClusterCommand):
    help = "Chạy cụm tác vụ nền django-q2; khi được yêu cầu dừng, dừng hẳn trong thời gian giới hạn."

    def handle(self, *args, **options):
        settings.SECRET_KEY  # noqa: B018 - django-q2 signs tasks with it: fail now if it is missing
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]
        cluster = Cluster()
        grace = stop_seconds()
        stopping = []

        def out_of_time(signum, frame):
            logger.warning("Cụm tác vụ nền chưa dừng sau %s giây: buộc dừng các tiến trình còn chạy.", grace)
            kill_descendants()

        def stop(signum, frame):
            if stopping:  # asked twice: no more waiting
                kill_descendants()
                return
            stopping.append(signum)
            logger.info("Đang dừng cụm tác vụ nền (tối đa %s giây).", grace)
            signal.signal(signal.SIGALRM, out_of_time)
            signal.alarm(grace)
            cluster.sig_handler(signum, frame)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        cluster.start()
        if options.get("run_once", False):
            cluster.stop()
