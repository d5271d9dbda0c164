"""Database, cache and task-broker settings read from the environment.

Kept apart from ``base`` so that the rules (embedded SQLite by default,
``DATABASE_URL``/``REDIS_URL`` for scale-out) are plain functions tests can call.
"""

import os
from pathlib import Path

import dj_database_url

SQLITE_OPTIONS = {
    # WAL lets readers work while django-q2's ORM broker writes; IMMEDIATE takes the
    # write lock at BEGIN so two writers queue on busy_timeout instead of failing
    # later with "database is locked".
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_settings(default_sqlite_path: Path, env=os.environ) -> dict:
    url = env.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        config = dj_database_url.parse(f"sqlite:///{default_sqlite_path}")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


# Counters shared by every process (campaigns/tracking/throttle.py): Redis when configured, else a
# table in the database (created by campaigns' migration 0008), never a per-process memory.
THROTTLE_CACHE_TABLE = "loa_throttle_cache"


def cache_settings(env=os.environ) -> dict:
    redis_url = env.get("REDIS_URL")
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "loa",
            },
            "throttle": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "loa-throttle",
            },
        }
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": THROTTLE_CACHE_TABLE},
    }


def q_cluster_settings(*, name: str, env=os.environ) -> dict:
    settings = {
        "name": name,
        "workers": int(env.get("Q_WORKERS", 2)),
        # A task may run again after `retry` seconds if its worker died; tasks are
        # idempotent and `timeout` stays well below `retry`.
        "timeout": 240,
        "retry": 300,
        "max_attempts": 1,
        "catch_up": False,
        "save_limit": 1000,
        "label": "Tác vụ nền",
        # Several clusters may share a broker (make serve-prod runs two): only the one started with
        # Q_SCHEDULER=1 (the default) turns schedules into tasks, so none runs twice.
        "scheduler": env.get("Q_SCHEDULER", "1") != "0",
    }
    redis_url = env.get("REDIS_URL")
    if redis_url:
        settings["redis"] = redis_url
    else:
        settings["orm"] = "default"
    return settings
