"""Production shape: `check --deploy` is clean, the probes answer, only one cluster schedules."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from cms import probes
from cms.settings.services import q_cluster_settings

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "loa.example.vn", "WAGTAILADMIN_BASE_URL": "https://loa.example.vn",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'loa.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "media")})
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_serve_static_files_with_whitenoise():
    source = (ROOT / "cms" / "settings" / "production.py").read_text()
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in source
    assert "CompressedManifestStaticFilesStorage" in source


def test_only_the_cluster_started_with_q_scheduler_runs_schedules():
    assert q_cluster_settings(name="loa", env={})["scheduler"] is True
    assert q_cluster_settings(name="loa", env={"Q_SCHEDULER": "1"})["scheduler"] is True
    assert q_cluster_settings(name="loa", env={"Q_SCHEDULER": "0"})["scheduler"] is False


@pytest.mark.django_db
def test_healthz_reports_database_broker_and_last_dispatch(client):
    from campaigns.models import WorkerHeartbeat

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "last_dispatch_at": None,
                               "dispatch_recent": False}
    WorkerHeartbeat.objects.create(worker="may-1:7", last_pass_at=timezone.now(), last_report={})
    body = client.get("/healthz").json()
    assert body["last_dispatch_at"] and body["dispatch_recent"] is True


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_does_not_answer(client, monkeypatch):
    import django_q.brokers

    def unreachable():
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(django_q.brokers, "get_broker", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["broker"] == "lỗi"


@pytest.mark.django_db
def test_readyz_and_probes_refuse_other_methods(client):
    assert client.get("/readyz").json() == {"ready": True}
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


def test_readyz_is_503_without_a_database(client, monkeypatch):
    monkeypatch.setattr(probes, "database_ok", lambda: False)
    assert client.get("/readyz").status_code == 503


def test_portal_responses_carry_the_security_headers(portal_demo, client):
    response = client.get("/", HTTP_HOST="hai-an.localhost:8000")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]
    assert "Content-Security-Policy" in response.headers
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    assert "Permissions-Policy" not in client.get("/admin/login/").headers  # editors may record audio
