"""Bad input in the admin gets a Vietnamese message and nothing is saved half-way."""

import pytest
from django.urls import reverse

from campaigns.models import BroadcastSlot, Campaign, LoudspeakerCluster, Resolution, Target

EMPTY_INLINE = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {f"{prefix}-{key}": value for key, value in EMPTY_INLINE.items()}
    data[f"{prefix}-TOTAL_FORMS"] = len(rows)
    data[f"{prefix}-INITIAL_FORMS"] = initial
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
        data.setdefault(f"{prefix}-{index}-ORDER", index + 1)
    return data


def campaign_data(ward, **overrides) -> dict:
    data = {
        "ward": ward.pk, "number": "12/KH-UBND", "status": "draft", "title": "Kế hoạch thử nghiệm",
        "slug": "", "period_start": "01/05/2026", "period_end": "31/12/2026",
        "purposes": "Nâng cao nhận thức", "themes": "Nhà ở xã hội", "channels": ["portal", "loudspeaker"],
        "budget_source": "", "lead_unit": "", "reporting_days": "12, 27", "recipients": "", "signer": "",
        **inline("targets", []), **inline("units", []),
    }
    data.update(overrides)
    return data


def errors_text(response) -> str:
    form = response.context["form"]
    parts = [str(form.errors)]
    for formset in getattr(form, "formsets", {}).values():
        parts += [str(formset.non_form_errors()), str(formset.errors)]
    return " ".join(parts)


@pytest.fixture
def ward(demo):
    return demo["campaign"].ward


def test_campaign_is_created_with_dates_typed_dd_mm_yyyy(login, ward):
    response = login("bientap").post(reverse("campaign:add"), campaign_data(ward))
    assert response.status_code == 302, errors_text(response)
    campaign = Campaign.objects.get(title="Kế hoạch thử nghiệm")
    assert str(campaign.period_start) == "2026-05-01"
    assert campaign.reporting_days == [12, 27]
    assert campaign.slug == "ke-hoach-thu-nghiem"


def test_invalid_date_is_refused_in_vietnamese(login, ward):
    response = login("bientap").post(reverse("campaign:add"), campaign_data(ward, period_start="31/02/2026"))
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in errors_text(response)
    assert not Campaign.objects.filter(title="Kế hoạch thử nghiệm").exists()


def test_end_before_start_is_refused_with_nothing_saved(login, ward):
    data = campaign_data(
        ward, period_start="31/12/2026", period_end="01/05/2026",
        **inline("targets", [{"text": "Chỉ tiêu", "quantity": "100", "unit": "căn", "start_year": 2026,
                              "end_year": 2027}]),
    )
    response = login("bientap").post(reverse("campaign:add"), data)
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu" in errors_text(response)
    assert not Campaign.objects.filter(title="Kế hoạch thử nghiệm").exists()
    assert not Target.objects.filter(text="Chỉ tiêu").exists()


def test_target_end_year_before_start_year_is_refused(login, ward):
    data = campaign_data(ward, **inline("targets", [
        {"text": "Chỉ tiêu ngược", "quantity": "100", "unit": "căn", "start_year": 2030, "end_year": 2026},
    ]))
    response = login("bientap").post(reverse("campaign:add"), data)
    assert response.status_code == 200
    assert "Năm kết thúc phải sau hoặc bằng năm bắt đầu" in errors_text(response)
    assert not Campaign.objects.filter(title="Kế hoạch thử nghiệm").exists()


def test_reporting_day_out_of_range_is_refused(login, ward):
    response = login("bientap").post(reverse("campaign:add"), campaign_data(ward, reporting_days="12, 32"))
    assert "không phải ngày trong tháng" in errors_text(response)


def test_duplicate_resolution_code_typed_with_spaces_is_refused(login, demo):
    existing = Resolution.objects.get(code="94-KH/ĐU")
    response = login("bientap").post(reverse("resolution:add"), {
        "kind": "ke_hoach", "code": "94 - KH/ĐU", "issued_on": "07/04/2026", "issuer": existing.issuer,
        "title": "Trùng", "locality": existing.locality_id,
    })
    assert response.status_code == 200
    assert "Văn bản cùng số, ký hiệu, cơ quan và ngày ban hành đã có" in errors_text(response)
    assert Resolution.objects.filter(code="94-KH/ĐU").count() == 1


def _cluster_post(cluster, slots):
    return {
        "ward": cluster.ward_id, "name": cluster.name, "slug": cluster.slug, "reading_speed": 180,
        "groups": list(cluster.groups.values_list("pk", flat=True)),
        **inline("slots", slots),
    }


def test_overlapping_slots_in_one_cluster_form_are_refused(login, demo):
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    BroadcastSlot.objects.filter(cluster=cluster).delete()
    slots = [
        {"weekdays": ["0", "1", "2"], "start": "06:00", "end": "06:30"},
        {"weekdays": ["2", "3"], "start": "06:15", "end": "06:45"},
    ]
    response = login("truyenthanh").post(reverse("loudspeakercluster:edit", args=[cluster.pk]),
                                         _cluster_post(cluster, slots))
    assert response.status_code == 200
    assert "trùng với khung giờ" in errors_text(response)
    assert not BroadcastSlot.objects.filter(cluster=cluster).exists()


def test_non_overlapping_slots_are_saved(login, demo):
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    BroadcastSlot.objects.filter(cluster=cluster).delete()
    slots = [
        {"weekdays": ["0", "1", "2"], "start": "06:00", "end": "06:30"},
        {"weekdays": ["3", "4"], "start": "06:15", "end": "06:45"},
    ]
    response = login("truyenthanh").post(reverse("loudspeakercluster:edit", args=[cluster.pk]),
                                         _cluster_post(cluster, slots))
    assert response.status_code == 302, errors_text(response)
    assert BroadcastSlot.objects.filter(cluster=cluster).count() == 2


def test_overlapping_standalone_slot_is_refused(login, demo):
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    response = login("truyenthanh").post(reverse("broadcastslot:add"), {
        "cluster": cluster.pk, "weekdays": ["6"], "start": "17:15", "end": "17:45",
    })
    assert response.status_code == 200
    assert "trùng với khung giờ" in errors_text(response)
    assert BroadcastSlot.objects.filter(cluster=cluster).count() == 2


def test_slot_end_before_start_is_refused_in_vietnamese(login, demo):
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    response = login("truyenthanh").post(reverse("broadcastslot:add"), {
        "cluster": cluster.pk, "weekdays": ["6"], "start": "21:00", "end": "20:00",
    })
    assert "Giờ kết thúc phải sau giờ bắt đầu" in errors_text(response)


def test_slot_without_weekday_is_refused(login, demo):
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    response = login("truyenthanh").post(reverse("broadcastslot:add"), {
        "cluster": cluster.pk, "start": "21:00", "end": "21:30",
    })
    assert "Chọn ít nhất một ngày trong tuần" in errors_text(response)


def test_database_refusal_becomes_a_form_error_not_a_crash(login, demo, monkeypatch):
    """If validation misses a clash (two people saving at once), the trigger's refusal is shown."""
    from campaigns.places import forms

    monkeypatch.setattr(forms, "find_overlapping_slot", lambda slot: None)
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    response = login("truyenthanh").post(reverse("broadcastslot:add"), {
        "cluster": cluster.pk, "weekdays": ["6"], "start": "17:15", "end": "17:45",
    })
    assert response.status_code == 200
    assert "trùng với một khung giờ khác" in errors_text(response)
    assert BroadcastSlot.objects.filter(cluster=cluster).count() == 2


# --- malformed ids and numbers in Wagtail's own screens ------------------------------------------------

HUGE = "99999999999999999999"
# Each was a 500 (ValueError, OverflowError on SQLite, NoReverseMatch, EmptyPage) before the query
# string was cleaned (cms/middleware.py); the fuzz test (test_fuzz_query_params.py) sends many more.
WAGTAIL_BAD_INPUT = [
    ("/admin/choose-page/chosen-multiple/", {"id": "abc"}),
    ("/admin/choose-page/chosen-multiple/", {"id": HUGE}),
    ("/admin/images/chooser/chosen-multiple/", {"id": '"'}),
    ("/admin/documents/chooser/chosen-multiple/", {"id": "1.5"}),
    ("/admin/choose-external-link/", {"parent_page_id": "abc"}),
    ("/admin/choose-page/", {"target_pages[]": "*"}),
    ("/admin/api/main/images/find/", {"id": "abc"}),
    ("/admin/pages/", {"owner": HUGE}),
    ("/admin/forms/", {"site": HUGE}),
    ("/admin/users/", {"group": HUGE}),
    ("/admin/reports/site-history/", {"user": HUGE}),
    ("/admin/workflows/edit/1/", {"p": "-1"}),
    ("/admin/workflows/edit/1/", {"p": "abc"}),
    ("/admin/login/", {"next": "abc"}),
    ("/admin/images/chooser/chosen/abc/", {}),
    ("/admin/images/chooser/", {"q": "áp phích", "tag": "áp phích"}),
    ("/admin/images/", [("q", "1"), ("usage_count_min", "1")]),
    ("/admin/images/chooser/", {"tag": "a\x00b"}),
]


@pytest.fixture
def superuser_client(portal_demo, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.vn", "x"))
    client.raise_request_exception = False
    return client


def test_wagtail_screens_ignore_malformed_ids_and_numbers(superuser_client):
    from wagtail.models import Workflow

    assert Workflow.objects.filter(pk=1).exists()
    failing = [(url, data, response.status_code) for url, data in WAGTAIL_BAD_INPUT
               if (response := superuser_client.get(url, data)).status_code >= 500]
    assert failing == []


def test_a_malformed_id_is_dropped_and_a_valid_one_kept(superuser_client):
    from campaigns.models import Campaign

    campaign = Campaign.objects.get(ward__slug="hai-an", parent__isnull=False)
    listing = superuser_client.get("/admin/campaign/", {"ward": [HUGE, str(campaign.ward_id)], "p": "abc"})
    assert listing.status_code == 200
    assert campaign.title in listing.content.decode()
    request = listing.wsgi_request
    assert request.GET.getlist("ward") == [str(campaign.ward_id)] and "p" not in request.GET
    assert request.get_full_path() == f"/admin/campaign/?ward={campaign.ward_id}"


def test_ids_that_are_not_row_ids_are_left_alone(superuser_client):
    from wagtail.blocks import Block

    from cms.models import ArticlePage

    body_block = ArticlePage._meta.get_field("body").stream_block.child_blocks["paragraph"]
    assert body_block.definition_prefix in Block.definition_registry
    response = superuser_client.get("/admin/block-preview/", {"id": body_block.definition_prefix})
    assert response.status_code == 200
    assert superuser_client.get("/admin/pages/", {"p": "last"}).status_code == 200
