"""Workflow emails and spreadsheet exports read in Vietnamese: no English library sentence in a
notification, exports with local dd/mm/yyyy HH:MM times and the labels of channel and status."""

import csv
import datetime as dt
import html
import io
import zoneinfo

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import Delivery
from tests.content_helpers import hai_an_topic
from tests.english_strings import english_in
from tests.test_content_workflow import submit_slogan

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _english_of_mail(message) -> set[str]:
    lines = [message.subject, *message.body.splitlines()]
    found = english_in("".join(f"<p>{html.escape(line)}</p>" for line in lines))
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            found |= english_in(content)
    return found


@pytest.mark.django_db
def test_workflow_emails_are_in_vietnamese(portal_demo, login):
    mail.outbox.clear()
    slogan = submit_slogan(login("bientap"), hai_an_topic())
    task_state = slogan.current_workflow_task_state
    login("lanhdao").post(reverse("wagtailadmin_pages:workflow_action", args=[slogan.pk, "reject", task_state.pk]),
                          {"comment": "Sửa lại cho ngắn gọn"})
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        assert not _english_of_mail(message), (message.subject, message.body)
    assert any("Sửa lại cho ngắn gọn" in message.body for message in mail.outbox)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


def test_delivery_export_has_local_times_and_vietnamese_labels(portal_demo, login):
    delivery = Delivery.objects.filter(publication__ward__slug="hai-an").order_by("pk").first()
    Delivery.objects.filter(pk=delivery.pk).update(due_at=dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC))
    delivery.refresh_from_db()
    client = login("lanhdao")
    rows = _csv(client.get(reverse("delivery:index"), {"export": "csv"}))
    row = next(row for row in rows[1:] if row[0] == "05/03/2026 06:30")
    assert delivery.get_channel_display() in row and delivery.get_status_display() in row
    assert delivery.channel not in row and delivery.status not in row

    response = client.get(reverse("delivery:index"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = next(cells for cells in sheet.iter_rows(min_row=2) if cells[0].value == dt.datetime(2026, 3, 5, 6, 30))
    assert cells[0].number_format == "dd/mm/yyyy hh:mm"
    assert delivery.get_channel_display() in [cell.value for cell in cells]


def test_date_columns_read_dd_mm_yyyy(demo, login):
    rows = _csv(login("lanhdao").get(reverse("campaign:index"), {"export": "csv"}))
    header = rows[0]
    start = rows[1][header.index(next(h for h in header if "bắt đầu" in h.lower() or "từ" in h.lower()))]
    day, month, year = start.split("/")
    assert len(day) == 2 and len(month) == 2 and len(year) == 4
