"""Admin "Nhập kế hoạch": upload → review beside the source → create a draft campaign."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus, Locality
from campaigns.plans.import_views import SESSION_KEY
from tests.importer.importer_testkit import load_expected, load_plan

HAI_AN_PLAN = "hai-an-ward-propaganda-plan-02-NQ-TU"
UPLOAD_URL = reverse("plan_import:upload")


def upload(client, *, ward: Locality, text: str | None = None, name: str = "ke-hoach.txt", data: bytes | None = None):
    content = data if data is not None else (text or load_plan(HAI_AN_PLAN)).encode("utf-8")
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content), "ward": ward.pk})


def post_data(context) -> dict:
    """What the browser sends back when the editor changes nothing on the review page."""
    form, formsets = context["form"], context["formsets"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        elif name in ("recipients", "reporting_days"):
            value = field.prepare_value(value)
        if value not in (None, False):
            data[name] = value
    for prefix, formset in formsets.items():
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}-{name}"] = management[name].value()
        for form_ in formset.initial_forms:
            for name, field in form_.fields.items():
                value = form_[name].value()
                if isinstance(value, dt.date):
                    value = value.strftime("%d/%m/%Y")
                elif isinstance(value, list):
                    value = field.prepare_value(value)
                if value not in (None, False, ""):
                    data[form_.add_prefix(name)] = value
    return data


@pytest.fixture
def hai_an(demo):
    return Locality.objects.get(slug="hai-an")


@pytest.fixture
def editor(login, demo):
    return login("bientap")


def test_editor_sees_the_menu_item_and_the_upload_form(editor):
    dashboard = editor.get("/admin/").content.decode()  # the sidebar menu is JSON with \u escapes
    assert UPLOAD_URL in dashboard and "Nh\\u1eadp k\\u1ebf ho\\u1ea1ch" in dashboard
    response = editor.get(UPLOAD_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html and "Tệp kế hoạch" in html and "Đọc văn bản" in html


def test_ward_choices_are_limited_to_the_editors_ward(editor, hai_an):
    response = editor.get(UPLOAD_URL)
    assert list(response.context["form"].fields["ward"].queryset) == [hai_an]
    ha_bac = Locality.objects.get(slug="ha-bac")
    refused = upload(editor, ward=ha_bac)
    assert refused.status_code == 200
    assert refused.context["form"].errors["ward"]
    assert SESSION_KEY not in editor.session


@pytest.mark.parametrize("username", ["truyenthanh"])
def test_broadcast_staff_neither_see_nor_open_the_import(demo, login, username, hai_an):
    client = login(username)
    assert UPLOAD_URL not in client.get("/admin/").content.decode()
    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, ward=hai_an).status_code == 403
    assert client.get(reverse("plan_import:review", args=["any"])).status_code == 403


def test_supervisor_may_import(demo, login):
    assert login("lanhdao").get(UPLOAD_URL).status_code == 200


def test_upload_review_create_as_an_editor(editor, hai_an):
    response = upload(editor, ward=hai_an, name="ke-hoach-02.txt")
    assert response.status_code == 302
    review_url = response["Location"]

    review = editor.get(review_url)
    assert review.status_code == 200
    html = review.content.decode()
    expected = load_expected(HAI_AN_PLAN)
    assert "Tạo kế hoạch dự thảo" in html
    assert 'id="src-L151"' in html and "Bùi Quang Ngân" in html
    assert 'href="#src-L' in html and "dòng " in html
    assert review.context["form"]["signer"].value() == "Bùi Quang Ngân"
    assert len(review.context["target_rows"]) == len(expected["targets"]) + 1  # one blank row to add
    signer_span = dict((field.name, span) for field, span in review.context["field_rows"])["signer"]
    assert "Bùi Quang Ngân" in review.context["source_lines"][signer_span.first - 1][1]
    assert all(match is not None for _row, _span, match in review.context["reference_rows"][:3])

    data = post_data(review.context)
    data["signer"] = "Bùi Quang Ngân (đã sửa)"
    data["period_end"] = "31/12/2030"
    created = editor.post(review_url, data)

    campaign = Campaign.objects.get(source_name="ke-hoach-02.txt")
    assert created.status_code == 302
    assert created["Location"] == reverse("campaign:edit", args=[campaign.pk])
    assert campaign.ward == hai_an
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.title == expected["title"]
    assert campaign.signer == "Bùi Quang Ngân (đã sửa)"
    assert campaign.period_end == dt.date(2030, 12, 31)
    assert campaign.channels == expected["channels"]
    assert campaign.recipients == expected["recipients"]
    assert campaign.targets.count() == 2 and campaign.units.count() == len(expected["units"])
    assert {r.code for r in campaign.resolutions.all()} == {"02-NQ/TU", "09-NQ/TU", "94-KH/ĐU"}
    assert editor.get(created["Location"]).status_code == 200
    assert editor.get(review_url).status_code == 302  # the pending upload is gone


def test_review_corrections_are_validated_in_vietnamese(editor, hai_an):
    review_url = upload(editor, ward=hai_an)["Location"]
    data = post_data(editor.get(review_url).context)
    data["issued_on"] = "2026-31-12"
    data["reporting_days"] = "12, 45"
    data["targets-0-end_year"] = "2020"
    before = Campaign.objects.count()

    response = editor.post(review_url, data)

    assert response.status_code == 200
    assert "dd/mm/yyyy" in str(response.context["form"].errors["issued_on"])
    assert "45" in str(response.context["form"].errors["reporting_days"])
    assert "Năm kết thúc" in str(response.context["formsets"]["targets"].forms[0].errors)
    assert Campaign.objects.count() == before


def test_reimporting_the_same_document_is_detected_and_links_the_existing_campaign(editor, hai_an):
    first_url = upload(editor, ward=hai_an)["Location"]
    editor.post(first_url, post_data(editor.get(first_url).context))
    existing = Campaign.objects.get(source_name="ke-hoach.txt")

    # The same document again, re-encoded as UTF-16.
    again_url = upload(editor, ward=hai_an, data=load_plan(HAI_AN_PLAN).encode("utf-16"))["Location"]
    review = editor.get(again_url)
    assert review.context["existing"] == existing
    assert reverse("campaign:edit", args=[existing.pk]) in review.content.decode()
    assert "đã được nhập" in review.content.decode()

    data = post_data(review.context)
    refused = editor.post(again_url, data)
    assert refused.status_code == 200
    assert refused.context["form"].errors["allow_duplicate"]
    assert Campaign.objects.filter(source_name="ke-hoach.txt").count() == 1

    data["allow_duplicate"] = "on"
    assert editor.post(again_url, data).status_code == 302
    assert Campaign.objects.filter(source_name="ke-hoach.txt").count() == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("trong.txt", b"", "rỗng"),
        ("anh.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "nhị phân"),
        ("bang-tinh.xlsx", b"PK\x03\x04", "không được hỗ trợ"),
        ("thong-bao.txt", "Thông báo lịch họp tổ dân phố.\n".encode() * 20, "cấu trúc kế hoạch"),
    ],
)
def test_bad_uploads_stay_on_the_form_with_a_vietnamese_message(editor, hai_an, name, data, message):
    response = upload(editor, ward=hai_an, name=name, data=data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    assert SESSION_KEY not in editor.session


def test_an_unknown_or_expired_review_goes_back_to_the_upload(editor):
    response = editor.get(reverse("plan_import:review", args=["het-han"]))
    assert response.status_code == 302
    assert response["Location"] == UPLOAD_URL
