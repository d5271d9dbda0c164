"""A SQLite database locked by another connection for longer than the busy timeout.

Each test copies the migrated test database to a file (an in-memory database has no file lock to
hold), points Django's connection at it with a short busy timeout, and holds the write lock from a
second, plain sqlite3 connection (``BEGIN IMMEDIATE``) as a long import or a stuck process would.

The page answers 503 with ``Retry-After`` and a Vietnamese "hệ thống đang bận"; ``dispatch_due``
stops its pass without an error, keeps what it claimed, and goes on at its next pass.
"""

import datetime as dt
import sqlite3
import threading
from contextlib import contextmanager
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import timezone

from campaigns.dispatch import runner
from campaigns.dispatch.adapters import AdapterRegistry, Outcome, SendResult
from campaigns.models import Delivery, DeliveryStatus
from cms import busy
from tests import file_database as file_database_module

BUSY_TIMEOUT = 0.3  # seconds; production waits 20 (the fixture's default)


@contextmanager
def write_lock(path):
    """Another process's write transaction, held until the block ends."""
    holder = sqlite3.connect(path, isolation_level=None, timeout=5, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield holder
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def due_deliveries(count=3):
    from campaigns.demo.loader import demo_load
    from campaigns.models import Publication
    from campaigns.scheduling.expansion import publication_schedule
    from cms.demo import topic_page_ensure
    from cms.models import ArticlePage, WardHomePage

    campaign = demo_load()["campaign"]
    topic = topic_page_ensure(WardHomePage.objects.get(locality=campaign.ward), campaign)
    page = ArticlePage(title="Tin lịch tiêm chủng", slug="tin-lich-tiem-chung", intro="Sapo", body=[],
                       campaign=campaign)
    topic.add_child(instance=page)
    page.save_revision().publish()
    start = timezone.now() - dt.timedelta(hours=count)
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel="facebook",
                                             starts_at=start, rrule=f"FREQ=HOURLY;COUNT={count}")
    publication_schedule(publication=publication, now=start - dt.timedelta(minutes=1))
    return list(publication.deliveries.order_by("due_at").values_list("pk", flat=True))


class RecordingAdapter:
    idempotent = False

    def __init__(self, on_send=None):
        self.sent = []
        self.on_send = on_send

    def send(self, delivery):
        self.sent.append(delivery.pk)
        if self.on_send:
            self.on_send(delivery)
        return SendResult(Outcome.DELIVERED, external_id=f"post-{delivery.pk}")


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch):
    monkeypatch.setattr(file_database_module, "BUSY_TIMEOUT", BUSY_TIMEOUT)


@pytest.fixture
def adapter(monkeypatch):
    recording = RecordingAdapter()
    monkeypatch.setattr(AdapterRegistry, "_build", lambda self, ward_id, channel: recording)
    return recording


def statuses(ids):
    return sorted(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True))


def test_a_write_on_a_locked_database_answers_busy_in_vietnamese(file_database):
    get_user_model().objects.create_superuser("bien-tap", password="mat-khau-thu")  # noqa: S106
    client = Client(raise_request_exception=False)
    with write_lock(file_database):
        response = client.post("/admin/login/", {"username": "bien-tap", "password": "mat-khau-thu"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(busy.RETRY_AFTER_SECONDS)
    text = response.content.decode()
    assert "Hệ thống đang bận" in text and "thử lại" in text
    # The lock gone, the same form goes through.
    response = client.post("/admin/login/", {"username": "bien-tap", "password": "mat-khau-thu"})
    assert response.status_code == 302


def test_a_lock_error_outside_the_view_is_the_busy_page_too():
    """handler500 sees the exception being handled (e.g. the session saved after the response)."""
    request = RequestFactory().get("/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = busy.server_error(request)
    assert response.status_code == 503 and response["Retry-After"]
    try:
        raise OperationalError("no such table: x")
    except OperationalError:
        response = busy.server_error(request)
    assert response.status_code == 500


def test_dispatch_due_on_a_locked_database_reports_busy_and_the_next_pass_sends(file_database, adapter):
    ids = due_deliveries()
    out = StringIO()
    with write_lock(file_database):
        call_command("dispatch_due", stdout=out)  # no CommandError, no exit 1
    assert "đang bận" in out.getvalue()
    assert statuses(ids) == [DeliveryStatus.PLANNED] * 3 and adapter.sent == []
    report = runner.dispatch_due()
    assert report.delivered == 3 and not report.busy
    assert statuses(ids) == [DeliveryStatus.DELIVERED] * 3 and sorted(adapter.sent) == sorted(ids)


def test_a_pass_stopped_by_the_lock_keeps_its_claims_and_resumes_them(file_database, adapter, monkeypatch):
    ids = due_deliveries()
    holder = {}
    real_mark_leaving = runner.mark_leaving

    def lock_then_mark_leaving(**kwargs):  # the lock is taken after the claim, before the first send
        if not holder:
            holder["lock"] = write_lock(file_database)
            holder["lock"].__enter__()
        return real_mark_leaving(**kwargs)

    monkeypatch.setattr(runner, "mark_leaving", lock_then_mark_leaving)
    report = runner.dispatch_due(worker="may-1:42")
    assert report.busy and report.claimed == 3 and adapter.sent == []
    holder["lock"].__exit__(None, None, None)
    rows = Delivery.objects.filter(pk__in=ids)
    assert {(row.status, row.claimed_by, row.dispatched_at) for row in rows} == {
        (DeliveryStatus.SENDING, "may-1:42", None)}

    report = runner.dispatch_due(worker="may-1:42")
    assert report.resumed == 3 and report.delivered == 3
    assert statuses(ids) == [DeliveryStatus.DELIVERED] * 3
    assert sorted(adapter.sent) == sorted(ids)  # each sent once


def test_a_result_written_while_locked_is_written_once_the_lock_goes(file_database, adapter, monkeypatch):
    ids = due_deliveries(count=1)
    monkeypatch.setattr(runner, "RESULT_WRITE_ATTEMPTS", 20)

    def lock_for_a_while(delivery):  # the lock arrives while the request is out
        lock = write_lock(file_database)
        lock.__enter__()
        threading.Timer(3 * BUSY_TIMEOUT, lock.__exit__, (None, None, None)).start()

    adapter.on_send = lock_for_a_while
    report = runner.dispatch_due()
    assert report.delivered == 1 and not report.busy
    assert statuses(ids) == [DeliveryStatus.DELIVERED]
