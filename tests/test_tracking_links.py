"""Group heads confirm through signed links: the page, single use, expiry, tampering, cancelled rows,
rate limits, evidence photos."""

import base64
import datetime as dt
import io
import json

import pytest
import time_machine
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.models import ModelLogEntry

from campaigns.models import ConfirmationEvidence, ConfirmationLink, ConfirmationSource, Delivery, DeliveryStatus
from campaigns.tracking import links as links_module
from campaigns.tracking.links import link_issue_for_delivery, link_token, links_issue

S = DeliveryStatus


@pytest.fixture
def ready_rows(due_deliveries):
    """Deliveries of one visual publication (one per group), released to people."""
    rows = due_deliveries("visual", count=1)
    Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(status=S.READY)
    return list(Delivery.objects.filter(pk__in=[r.pk for r in rows]).select_related("group", "publication"))


@pytest.fixture
def day_link(ready_rows):
    row = ready_rows[0]
    day = timezone.localtime(row.due_at).date()
    link = next(link for link in links_issue(ward_id=row.publication.ward_id, day=day, now=timezone.now())
                if link.group_id == row.group_id)
    return link, row


def _url(link_or_token):
    token = link_or_token if isinstance(link_or_token, str) else link_token(link_or_token)
    return reverse("confirm_link", args=[token])


def _jpeg_with_exif(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x010F] = "Điện thoại của tổ trưởng"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_the_group_head_sees_the_days_items_and_confirms_them_with_a_post(client, day_link):
    link, row = day_link
    page = client.get(_url(link))
    assert page.status_code == 200
    text = page.content.decode()
    assert row.group.name in text and "đã nhận thông tin" in text and row.publication.page.title in text
    response = client.post(_url(link), {"deliveries": [row.pk], "comment": "Đã dán ở nhà văn hóa"},
                           REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert f"{row.group.name} đã nhận thông tin: đã xác nhận 1 nội dung" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.confirmed_via, row.status_changed_by) == (S.CONFIRMED, ConfirmationSource.GROUP_HEAD,
                                                                       None)
    entry = ModelLogEntry.objects.get(object_id=str(row.pk), action="loa.delivery.confirmed")
    assert entry.user is None and entry.data["origin"] == "10.1.2.3" and entry.data["link"] == link.pk
    link.refresh_from_db()
    assert link.used_at is not None and link.used_from == "10.1.2.3"
    assert ConfirmationEvidence.objects.get(link=link).comment == "Đã dán ở nhà văn hóa"


def test_a_link_for_one_delivery_confirms_only_that_delivery(client, ready_rows):
    first, other = ready_rows[0], ready_rows[1]
    link = link_issue_for_delivery(first, now=timezone.now())
    assert client.post(_url(link), {"deliveries": [other.pk]}).status_code == 400  # not this link's
    assert client.post(_url(link), {"deliveries": [first.pk]}).status_code == 200
    assert Delivery.objects.get(pk=first.pk).status == S.CONFIRMED
    assert Delivery.objects.get(pk=other.pk).status == S.READY


def test_confirming_twice_says_it_was_already_confirmed_and_changes_nothing(client, day_link):
    link, row = day_link
    client.post(_url(link), {"deliveries": [row.pk]})
    again = client.post(_url(link), {"deliveries": [row.pk]})
    assert again.status_code == 410
    assert "đã được dùng để xác nhận" in again.content.decode()
    assert ModelLogEntry.objects.filter(action="loa.delivery.confirmed").count() == 1
    assert client.get(_url(link)).status_code == 410


def test_rows_confirmed_by_staff_meanwhile_are_reported_as_already_confirmed(client, day_link):
    link, row = day_link
    Delivery.objects.filter(pk=row.pk).update(status=S.CONFIRMED)
    page = client.get(_url(link))
    assert page.status_code == 200 and "đã được xác nhận trước đó" in page.content.decode()
    assert ConfirmationLink.objects.get(pk=link.pk).used_at is None


def test_an_expired_link_is_refused_with_410_and_a_clear_message(client, day_link):
    link, row = day_link
    url = _url(link)
    with time_machine.travel(link.expires_at + dt.timedelta(minutes=1), tick=False):
        response = client.post(url, {"deliveries": [row.pk]})
    assert response.status_code == 410 and "đã hết hạn" in response.content.decode()
    assert Delivery.objects.get(pk=row.pk).status == S.READY


def test_a_signature_older_than_the_longest_lifetime_is_refused_whatever_the_row_says(client, day_link):
    link, row = day_link
    ConfirmationLink.objects.filter(pk=link.pk).update(expires_at=link.expires_at + dt.timedelta(days=365))
    url = _url(link)
    with time_machine.travel(timezone.now() + links_module.MAX_LINK_AGE + dt.timedelta(hours=1), tick=False):
        assert client.get(url).status_code == 410


def test_a_tampered_token_is_refused_with_400_and_logged(client, day_link, caplog):
    link, _row = day_link
    token = link_token(link)
    broken = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with caplog.at_level("WARNING", logger="loa.tracking.links"):
        response = client.get(_url(broken))
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    assert "bad signature" in caplog.text


def test_a_link_whose_group_id_was_changed_is_refused(client, day_link, ready_rows):
    link, row = day_link
    other_group = next(r.group_id for r in ready_rows if r.group_id != link.group_id)
    payload, rest = link_token(link).split(":", 1)
    changed = base64.urlsafe_b64encode(json.dumps({"l": link.pk, "g": other_group},
                                                  separators=(",", ":")).encode()).decode().rstrip("=")
    assert client.post(_url(f"{changed}:{rest}"), {"deliveries": [row.pk]}).status_code == 400
    # Even correctly signed, a group id that is not the link's own is refused.
    forged = signing.TimestampSigner(salt=links_module.SALT).sign_object({"l": link.pk, "g": other_group})
    assert client.post(_url(forged), {"deliveries": [row.pk]}).status_code == 400
    assert Delivery.objects.get(pk=row.pk).status == S.READY
    assert payload


def test_confirming_a_cancelled_delivery_says_so_and_changes_nothing(client, ready_rows):
    row = ready_rows[0]
    link = link_issue_for_delivery(row, now=timezone.now())
    Delivery.objects.filter(pk=row.pk).update(status=S.CANCELLED)
    response = client.post(_url(link), {"deliveries": [row.pk]})
    assert response.status_code == 409 and "đã bị hủy" in response.content.decode()
    assert Delivery.objects.get(pk=row.pk).status == S.CANCELLED
    assert ConfirmationLink.objects.get(pk=link.pk).used_at is None
    assert not ModelLogEntry.objects.filter(action__startswith="loa.delivery").exists()


def test_the_post_needs_the_csrf_token(day_link):
    link, row = day_link
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_url(link), {"deliveries": [row.pk]}).status_code == 403
    page = strict.get(_url(link))
    token = page.cookies["csrftoken"].value
    response = strict.post(_url(link), {"deliveries": [row.pk], "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and Delivery.objects.get(pk=row.pk).status == S.CONFIRMED


def test_requests_are_limited_per_token_and_per_address(client, day_link, settings):
    link, _row = day_link
    settings.LOA_CONFIRM_RATE_LIMITS = {"token": (3, 60), "ip": (5, 60)}
    statuses = [client.get(_url(link), REMOTE_ADDR="10.0.0.1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # a link signed again is still the same link
    assert "quá nhiều yêu cầu" in client.get(_url(link), REMOTE_ADDR="10.0.0.2").content.decode()
    # Another link from the first address: the address has two requests left, then it is refused.
    other = links_issue(ward_id=link.ward_id, day=link.day, days=2, now=timezone.now())[0]
    statuses = [client.get(_url(other), REMOTE_ADDR="10.0.0.1").status_code for _ in range(2)]
    assert statuses == [200, 429]


def test_a_confirmation_reads_and_writes_in_a_few_queries(client, day_link):
    """The link, its deliveries, the claim, the locked statuses, the move, the log entry: no row is
    read twice. Counted: reads and writes of rows, leaving out the throttle's own table (used when
    there is no Redis), transaction statements and Django's cached content type."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    link, row = day_link
    client.get(_url(link))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(_url(link), {"deliveries": [row.pk]})
    assert response.status_code == 200 and "đã xác nhận 1 nội dung" in response.content.decode()
    assert "Đã xác nhận" in response.content.decode()  # the row's new status, shown without reading it again
    ours = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("SELECT", "INSERT", "UPDATE", "DELETE"))
            and "loa_throttle_cache" not in q["sql"] and "django_content_type" not in q["sql"]]
    assert len(ours) <= 6, "\n".join(ours)
    assert ModelLogEntry.objects.get(action="loa.delivery.confirmed").label == str(row)


def test_a_photo_is_stored_privately_as_a_jpeg_without_its_exif(client, day_link):
    link, row = day_link
    photo = SimpleUploadedFile("anh.png", _jpeg_with_exif(), content_type="image/jpeg")
    response = client.post(_url(link), {"deliveries": [row.pk], "photo": photo, "attendance": "35"})
    assert response.status_code == 200
    evidence = ConfirmationEvidence.objects.get(link=link)
    assert evidence.attendance == 35 and evidence.photo.startswith(f"confirmations/{link.ward_id}/")
    with default_storage.open(evidence.photo) as stored:
        image = Image.open(stored)
        assert image.format == "JPEG" and not image.getexif()
    assert client.get("/media/" + evidence.photo).status_code == 404  # no public URL serves it


@pytest.mark.parametrize("upload, message", [
    (lambda: SimpleUploadedFile("anh.jpg", b"\xff\xd8" + b"0" * (60 * 1024 * 1024), content_type="image/jpeg"),
     "Ảnh quá lớn"),
    (lambda: SimpleUploadedFile("anh.jpg", b"MZ not an image at all", content_type="image/jpeg"),
     "Không đọc được tệp ảnh"),
])
def test_bad_evidence_is_refused_with_a_message_and_nothing_changes(client, day_link, upload, message):
    link, row = day_link
    response = client.post(_url(link), {"deliveries": [row.pk], "photo": upload()})
    assert response.status_code == 400 and message in response.content.decode()
    assert Delivery.objects.get(pk=row.pk).status == S.READY
    assert ConfirmationLink.objects.get(pk=link.pk).used_at is None
    assert not ConfirmationEvidence.objects.exists()


def test_ticking_nothing_is_refused_with_a_message(client, day_link):
    link, row = day_link
    response = client.post(_url(link), {})
    assert response.status_code == 400 and "ít nhất một nội dung" in response.content.decode()
    assert Delivery.objects.get(pk=row.pk).status == S.READY
