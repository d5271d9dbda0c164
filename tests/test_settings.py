"""Environment-driven settings: embedded SQLite by default, PostgreSQL/Redis by URL, production checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper

from cms.settings.services import cache_settings, database_settings, q_cluster_settings

ROOT = Path(__file__).resolve().parent.parent


def test_language_and_time_zone_are_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


@pytest.mark.django_db
def test_default_database_is_sqlite_in_wal_mode_with_immediate_transactions(tmp_path):
    config = database_settings(tmp_path / "db" / "loa.sqlite3", env={})
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    wrapper = DatabaseWrapper({**config, "TIME_ZONE": None, "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True,
                               "CONN_HEALTH_CHECKS": False, "TEST": {}}, alias="probe")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
    finally:
        wrapper.close()


def test_database_url_switches_to_postgresql():
    config = database_settings(Path("/unused"), env={"DATABASE_URL": "postgres://loa:pw@db.example:5432/loa"})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["NAME"], config["USER"]) == ("db.example", "loa", "loa")


def test_database_url_may_name_another_sqlite_file_which_keeps_wal(tmp_path):
    config = database_settings(Path("/unused"), env={"DATABASE_URL": f"sqlite:///{tmp_path}/other.sqlite3"})
    assert config["NAME"] == f"{tmp_path}/other.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_redis_url_switches_broker_and_cache():
    env = {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert cache_settings(env)["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    q_cluster = q_cluster_settings(name="loa", env=env)
    assert q_cluster["redis"] == "redis://127.0.0.1:6379/3"
    assert "orm" not in q_cluster


def test_without_redis_the_broker_is_the_orm():
    q_cluster = q_cluster_settings(name="loa", env={})
    assert q_cluster["orm"] == "default"
    assert q_cluster["timeout"] < q_cluster["retry"]
    assert q_cluster["catch_up"] is False


def test_tasks_run_inline_in_tests():
    assert settings.Q_CLUSTER["sync"] is True


def _manage(*args, env_overrides: dict) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides={
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "p9" * 30 + "-Zx!qLm",
        "ALLOWED_HOSTS": "loa.haiphong.gov.vn",
        "WAGTAILADMIN_BASE_URL": "https://loa.haiphong.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
    })
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env_overrides={
        "DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": "", "ALLOWED_HOSTS": "x",
        "WAGTAILADMIN_BASE_URL": "https://x",
    })
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_django_admin_is_not_exposed(client, db):
    assert client.get("/django-admin/").status_code == 404
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
