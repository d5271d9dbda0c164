"""The health panel tells a worker that has just started ("đang khởi động") from one that has stopped
("đã dừng")."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from campaigns.dispatch.health import dispatch_health, on_worker_spawn, worker_started
from campaigns.models import WorkerHeartbeat

NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def test_just_started_is_starting_then_stopped_after_the_grace(demo, django_user_model):
    user = django_user_model.objects.get(username="lanhdao")
    assert not dispatch_health(user=user, now=NOW).starting
    worker_started(worker="may-1:42", now=NOW)
    health = dispatch_health(user=user, now=NOW + dt.timedelta(minutes=1))
    assert health.starting and not health.worker_ok and health.last_pass_at is None
    assert not dispatch_health(user=user, now=NOW + dt.timedelta(minutes=10)).starting


def test_a_pass_after_the_start_is_running_not_starting(demo, django_user_model):
    user = django_user_model.objects.get(username="lanhdao")
    worker_started(worker="may-1:42", now=NOW)
    WorkerHeartbeat.objects.create(worker="may-1:42", last_pass_at=NOW + dt.timedelta(seconds=50))
    health = dispatch_health(user=user, now=NOW + dt.timedelta(minutes=1))
    assert health.worker_ok and not health.starting and health.last_pass_at == NOW + dt.timedelta(seconds=50)


def test_the_panel_says_starting_then_stopped(demo, login):
    on_worker_spawn(sender="django_q", proc_name="Process-1")
    client = login("lanhdao")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-loa-health="starting"' in html and "đang khởi động" in html
    WorkerHeartbeat.objects.update(last_pass_at=timezone.now() - dt.timedelta(minutes=20))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-loa-health="alert"' in html and "đã dừng" in html
