"""Shared set-up for benchmarks: a throw-away SQLite database (or DATABASE_URL) with migrations applied."""

import os
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import _stdlib_first  # noqa: F401 (before anything imports calendar)

ROOT = Path(__file__).resolve().parent.parent


def setup_django(*, fresh_sqlite: bool = True, migrate: bool = True) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    if fresh_sqlite and "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="loa-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", verbosity=0)


def postgres_database_url(name: str) -> str | None:
    """A fresh PostgreSQL database for a benchmark (DATABASE_URL's server, or the local one); None if unreachable."""
    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base.startswith("postgres"):
        return None
    server = base.rsplit("/", 1)[0]
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return None
    return f"{server}/{name}"


def redis_url_reachable(default: str | None = None) -> str | None:
    """REDIS_URL (else ``default``) when a Redis answers there; None otherwise."""
    url = os.environ.get("REDIS_URL", default)
    if not url:
        return None
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return None
    return url


def median_seconds(action, *, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return median(samples)
