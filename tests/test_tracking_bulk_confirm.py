"""Admin "Xác nhận thực hiện": filters in the URL, bulk confirm in one request, evidence, permissions, wards."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from campaigns.models import ConfirmationEvidence, ConfirmationSource, Delivery, DeliveryStatus

S = DeliveryStatus
URL = "/admin/tracking/confirm/"


@pytest.fixture
def ready(due_deliveries):
    def _make(channel="visual", count=1):
        rows = due_deliveries(channel, count=count)
        Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(status=S.READY)
        return list(Delivery.objects.filter(pk__in=[r.pk for r in rows]).select_related("group"))

    return _make


@pytest.fixture
def editor(client, ward_user):
    client.force_login(ward_user("hai-an", "editor"))
    return client


def test_the_menu_item_leads_to_the_list(editor):
    from tests.test_admin_menus import sidebar_labels

    assert reverse("confirm_deliveries:index") == URL
    assert "Xác nhận thực hiện" in sidebar_labels(editor.get("/admin/").content.decode())


def test_the_list_filters_by_channel_group_and_status_from_the_url(editor, ready):
    visual = ready("visual")
    ready("meeting")
    group = visual[0].group
    page = editor.get(URL, {"channel": "visual", "group": group.pk})
    assert page.status_code == 200 and page.context["total"] == 1
    assert editor.get(URL, {"channel": "visual"}).context["total"] == len(visual)
    assert editor.get(URL, {"status": "confirmed"}).context["total"] == 0


def test_confirming_over_500_rows_matching_the_filters_takes_one_request(editor, ready):
    rows = []
    while len(rows) <= 500:
        rows += ready("visual", count=60)
    response = editor.post(URL + "?channel=visual", {"all_matching": "1", "comment": "Kiểm tra cuối tuần"})
    assert response.status_code == 302
    assert Delivery.objects.filter(pk__in=[r.pk for r in rows], status=S.CONFIRMED).count() == len(rows)
    assert ModelLogEntry.objects.filter(action="loa.delivery.confirmed").count() == len(rows)
    row = Delivery.objects.get(pk=rows[0].pk)
    assert row.confirmed_via == ConfirmationSource.STAFF and row.status_changed_by.username == "hai-an-editor"
    assert ConfirmationEvidence.objects.get().deliveries.count() == len(rows)


def test_only_the_ticked_rows_are_confirmed_and_a_repeat_says_so(editor, ready):
    rows = ready("meeting")
    response = editor.post(URL, {"ids": [rows[0].pk], "attendance": "42"}, follow=True)
    assert "Đã xác nhận 1 lượt." in response.content.decode()
    assert [Delivery.objects.get(pk=r.pk).status for r in rows[:2]] == [S.CONFIRMED, S.READY]
    assert ConfirmationEvidence.objects.get().attendance == 42
    again = editor.post(URL, {"ids": [rows[0].pk]}, follow=True)
    assert "Đã xác nhận 0 lượt." in again.content.decode()


def test_a_cancelled_row_is_not_confirmed(editor, ready):
    rows = ready("visual")
    Delivery.objects.filter(pk=rows[0].pk).update(status=S.CANCELLED)
    editor.post(URL, {"ids": [rows[0].pk]})
    assert Delivery.objects.get(pk=rows[0].pk).status == S.CANCELLED


@pytest.mark.parametrize("data, message", [
    ({}, "Hãy chọn ít nhất một lượt"),
    ({"ids": ["x"]}, "Hãy chọn một lựa chọn hợp lệ"),
    ({"all_matching": "1", "photo": "FILE"}, "Không đọc được tệp ảnh"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_changes(editor, ready, data, message):
    rows = ready("visual")
    if data.get("photo") == "FILE":
        data["photo"] = SimpleUploadedFile("anh.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = editor.post(URL, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Delivery.objects.filter(pk__in=[r.pk for r in rows], status=S.CONFIRMED).exists()


def test_a_period_ending_before_it_starts_confirms_nothing(editor, ready):
    rows = ready("visual")
    response = editor.post(URL + "?date_from=20/11/2026&date_to=10/11/2026", {"all_matching": "1"})
    assert response.status_code == 400
    assert "phải sau hoặc bằng" in response.content.decode()
    assert not Delivery.objects.filter(pk__in=[r.pk for r in rows], status=S.CONFIRMED).exists()


def test_a_photo_with_the_bulk_confirmation_is_readable_by_the_ward_only(editor, ready, client, ward_user):
    rows = ready("visual")
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(buffer, format="PNG")
    editor.post(URL, {"ids": [rows[0].pk], "photo": SimpleUploadedFile("a.png", buffer.getvalue())})
    evidence = ConfirmationEvidence.objects.get()
    url = reverse("confirm_deliveries:evidence_photo", args=[evidence.pk])
    response = editor.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.force_login(ward_user("ha-bac", "editor"))
    assert client.get(url).status_code == 404


def test_another_wards_people_neither_see_nor_confirm_these_rows(client, ready, ward_user):
    rows = ready("visual")
    client.force_login(ward_user("ha-bac", "supervisor"))
    assert client.get(URL).context["total"] == 0
    client.post(URL, {"ids": [r.pk for r in rows]})
    client.post(URL, {"all_matching": "1"})
    assert not Delivery.objects.filter(status=S.CONFIRMED).exists()


def test_people_without_the_confirm_permission_are_refused(client, demo, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create(username="reader")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"all_matching": "1"}).status_code == 403


def test_the_qr_sheet_has_one_card_per_group_with_its_heads_name(editor, demo):
    from campaigns.models import ConfirmationLink, Locality, ResidentialGroup

    ward = Locality.objects.get(slug="hai-an")
    url = reverse("confirm_deliveries:qr_sheet")
    empty = editor.get(url, {"week": "25/11/2026"})
    assert empty.status_code == 200 and "chưa có thẻ" in empty.content.decode()
    assert not ConfirmationLink.objects.exists()  # showing the sheet writes nothing
    issued = editor.post(url, {"ward": ward.pk, "week": "25/11/2026"})
    assert issued.status_code == 302 and "week=23/11/2026" in issued["Location"]  # the Monday
    text = editor.get(issued["Location"]).content.decode()
    groups = ResidentialGroup.objects.filter(ward=ward)
    assert text.count('class="card"') == groups.count() and text.count("<svg") == groups.count()
    assert "@page { size: A4" in text and "Tuần 23/11–29/11/2026" in text
    for group in groups:
        assert group.name in text and (group.head_name or "") in text
    editor.post(url, {"ward": ward.pk, "week": "27/11/2026"})
    assert ConfirmationLink.objects.filter(days=7).count() == groups.count()  # the same cards again
    assert editor.get(url, {"week": "31/02/2026"}).status_code == 400


def test_the_qr_sheet_of_another_ward_is_404(client, demo, ward_user):
    from campaigns.models import Locality

    client.force_login(ward_user("ha-bac", "editor"))
    hai_an = Locality.objects.get(slug="hai-an")
    url = reverse("confirm_deliveries:qr_sheet")
    assert client.get(url, {"ward": hai_an.pk}).status_code == 404
    assert client.post(url, {"ward": hai_an.pk, "week": "24/11/2026"}).status_code == 404
    assert client.get(url, {"ward": "abc"}).status_code == 404


def _pdf_text(pdf: bytes) -> str:
    import subprocess
    import unicodedata

    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return unicodedata.normalize("NFC", text.decode())


def test_the_qr_sheet_downloads_as_a_pdf_with_group_and_head_names(editor, demo):
    from pypdf import PdfReader

    from campaigns.models import Locality, ResidentialGroup

    ward = Locality.objects.get(slug="hai-an")
    groups = list(ResidentialGroup.objects.filter(ward=ward).order_by("name"))
    groups[0].name, groups[0].head_name = "Tổ dân phố Đông Hải 5", "Nguyễn Thị Hằng"
    groups[0].save()
    url = reverse("confirm_deliveries:qr_sheet")
    assert editor.get(url, {"ward": ward.pk, "week": "25/11/2026", "format": "pdf"}).status_code == 400  # no cards yet
    editor.post(url, {"ward": ward.pk, "week": "25/11/2026"})
    page = editor.get(url, {"ward": ward.pk, "week": "25/11/2026"}).content.decode()
    assert "format=pdf" in page and "Tải PDF" in page  # the button on the screen
    response = editor.get(url, {"ward": ward.pk, "week": "25/11/2026", "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="the-qr-xac-nhan-hai-an-20261123.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    text = " ".join(_pdf_text(pdf).split())
    for group in ResidentialGroup.objects.filter(ward=ward):
        assert group.name in text and group.head_name in text, group.name
    assert "Nguyễn Thị Hằng" in text and "Tổ dân phố Đông Hải 5" in text
    assert "Tuần 23/11–29/11/2026" in text and "Tạo thẻ QR" not in text and "Xem" not in text.split()


def test_the_qr_sheet_pdf_of_another_ward_is_404(client, demo, ward_user):
    from campaigns.models import Locality

    client.force_login(ward_user("ha-bac", "editor"))
    hai_an = Locality.objects.get(slug="hai-an")
    url = reverse("confirm_deliveries:qr_sheet")
    assert client.get(url, {"ward": hai_an.pk, "format": "pdf"}).status_code == 404


def test_the_period_filter_shows_and_takes_dd_mm_yyyy(editor, ready):
    ready("visual")
    page = editor.get(URL, {"date_from": "01/01/2020", "date_to": "2099-12-31"})
    html = page.content.decode()
    assert page.status_code == 200 and page.context["total"] >= 1
    assert 'name="date_from" value="01/01/2020"' in html and 'name="date_to" value="31/12/2099"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'type="date"' not in html
    bad = editor.get(URL, {"date_from": "31/02/2026"})
    assert "Ngày “31/02/2026” không hợp lệ: hãy ghi theo dạng dd/mm/yyyy" in bad.content.decode()
