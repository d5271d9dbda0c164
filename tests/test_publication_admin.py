"""Admin of the scheduler: "Lên lịch" from a piece, the publication editor with preview and
conflicts, the detail with per-delivery actions, cancelling, and the dispatch health panel."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.dispatch.runner import dispatch_due
from campaigns.models import Campaign, Delivery, DeliveryStatus, Locality, Publication
from campaigns.scheduling.recurrence import LOCAL_TZ
from campaigns.scheduling.rule_text import publication_describe
from cms.models import LoudspeakerScriptPage
from tests.content_helpers import edit_url

ADD_URL = reverse("publication:add")
PUBLISHED_SCRIPT = "Tuyên truyền Nghị quyết 02-NQ/TU về nhà ở xã hội"
DRAFT_ARTICLE = "Những điều cần biết về chính sách nhà ở xã hội"
HAI_AN_GROUPS = 12
# The demo airs its approved scripts in the 06:00 slot; the 17:00 slot is free.
EVENING = "17:00"


def local_today() -> dt.date:
    return timezone.now().astimezone(LOCAL_TZ).date()


def ddmmyyyy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def script(portal_demo):
    return LoudspeakerScriptPage.objects.get(title=PUBLISHED_SCRIPT)


def daily_form(*, days: int = 7, **overrides) -> dict:
    start = local_today() + dt.timedelta(days=1)
    data = {
        "channel": "loudspeaker", "audience": "ward", "freq": "daily", "times": EVENING,
        "start_date": ddmmyyyy(start), "end_date": ddmmyyyy(start + dt.timedelta(days=days - 1)),
        "slot_mode": "fixed", "interval": "1", "action": "save",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def schedule(client, page, **overrides):
    return client.post(f"{ADD_URL}?page={page.pk}", daily_form(**overrides))


def saved_publication(client, page, **overrides) -> Publication:
    response = schedule(client, page, **overrides)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Publication.objects.latest("pk")


# --- "Lên lịch" -------------------------------------------------------------------------------


def test_schedule_button_on_a_scripts_edit_page(script, login):
    html = login("bientap").get(edit_url(script)).content.decode()
    assert "Lên lịch" in html
    assert f"{ADD_URL}?page={script.pk}" in html


def test_an_unapproved_draft_says_why_it_cannot_be_scheduled(script, login):
    script.title = "Bản sửa chưa duyệt"
    script.save_revision()  # a newer draft: the piece is no longer the approved one
    html = login("bientap").get(edit_url(script)).content.decode()
    assert "Lên lịch: cần duyệt trước" in html and "Chỉ lên lịch được nội dung đã duyệt" in html
    assert f"{ADD_URL}?page={script.pk}" not in html


def test_schedule_button_not_for_broadcast_staff(script, login):
    html = login("truyenthanh").get(edit_url(script)).content.decode()
    assert f"{ADD_URL}?page={script.pk}" not in html


def test_editor_opens_the_form_with_the_piece_chosen(script, login):
    response = login("bientap").get(f"{ADD_URL}?page={script.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert PUBLISHED_SCRIPT in html and "Xem trước" in html
    channels = [code for code, _label in response.context["form"].fields["channel"].choices]
    assert channels[0] == "loudspeaker"


def test_loudspeaker_is_offered_only_for_scripts(portal_demo, login):
    from cms.models import ArticlePage

    article = ArticlePage.objects.live().first()
    response = login("bientap").get(f"{ADD_URL}?page={article.pk}")
    channels = [code for code, _label in response.context["form"].fields["channel"].choices]
    assert "loudspeaker" not in channels and "portal" in channels


MALFORMED_IDS = ["abc", "-1", "0", "1.5", "1e3", '"', " 1", "١"]
HUGE_ID = "99999999999999999999"


def test_a_malformed_piece_id_is_refused_in_vietnamese_with_the_list_to_choose_from(script, login):
    client = login("bientap")
    before = Publication.objects.count()
    for value in MALFORMED_IDS:
        response = client.get(ADD_URL, {"page": value})
        assert response.status_code == 400, value
        html = response.content.decode()
        assert "Mã nội dung cần lên lịch không hợp lệ" in html and PUBLISHED_SCRIPT in html, value
    for value in [*MALFORMED_IDS, HUGE_ID, "1\x00"]:
        response = client.post(f"{ADD_URL}?page={script.pk}", {**daily_form(), "page": value})
        assert response.status_code == 400, value
    assert client.post(ADD_URL + "?page=abc", daily_form()).status_code == 400
    assert Publication.objects.count() == before
    # In a query string, NUL and numbers too big for an id are dropped first (cms.middleware).
    assert client.get(ADD_URL, {"page": HUGE_ID}).status_code == 200
    assert client.get(ADD_URL, {"page": f"{script.pk}\x00"}).status_code == 200


def test_a_piece_not_found_in_the_users_wards_is_a_404_in_vietnamese(script, login):
    from cms.models import ArticlePage

    draft = ArticlePage.objects.get(title=DRAFT_ARTICLE)
    ward_page = draft.get_parent().get_parent()
    for page_id in (99999999, ward_page.pk):
        response = login("bientap").get(ADD_URL, {"page": page_id})
        assert response.status_code == 404
        assert "Không tìm thấy nội dung này" in response.content.decode()
    assert login("bientap").post(ADD_URL, {**daily_form(), "page": 99999999}).status_code == 404


# --- the editor -------------------------------------------------------------------------------------


def test_daily_loudspeaker_preview_then_save_creates_deliveries(script, login):
    client = login("bientap")
    before = (Publication.objects.count(), Delivery.objects.count())
    preview = schedule(client, script, action="preview")
    assert preview.status_code == 200
    assert preview.context["check"].preview.total == 7 * HAI_AN_GROUPS
    html = preview.content.decode()
    assert f'data-preview-count="{7 * HAI_AN_GROUPS}"' in html
    assert "12 tổ/thôn × 7 lần = 84 lượt" in html
    assert (Publication.objects.count(), Delivery.objects.count()) == before

    publication = saved_publication(client, script)
    assert publication.rrule.startswith("FREQ=DAILY") and publication.ward.slug == "hai-an"
    assert publication.deliveries.count() == 7 * HAI_AN_GROUPS
    assert set(publication.deliveries.values_list("status", flat=True)) == {DeliveryStatus.PLANNED}
    first = timezone.localtime(publication.deliveries.order_by("due_at").first().due_at)
    assert (first.date(), first.strftime("%H:%M")) == (local_today() + dt.timedelta(days=1), EVENING)

    detail = client.get(reverse("publication:inspect", args=[publication.pk])).content.decode()
    start = local_today() + dt.timedelta(days=1)
    assert f"Hằng ngày lúc {EVENING}, từ {ddmmyyyy(start)} đến {ddmmyyyy(start + dt.timedelta(days=6))}" in detail
    assert "Tổ dân phố số 1" in detail


def test_a_draft_piece_is_refused(portal_demo, login):
    from cms.models import ArticlePage

    draft = ArticlePage.objects.get(title=DRAFT_ARTICLE)
    before = Publication.objects.count()
    response = schedule(login("bientap"), draft, channel="portal")
    assert response.status_code == 200
    assert "Nội dung chưa được duyệt và xuất bản nên chưa thể lên lịch." in response.content.decode()
    assert Publication.objects.count() == before


def test_warning_blocks_until_acknowledged_then_is_stored(script, login):
    campaign = Campaign.objects.get(pk=script.campaign_id)
    campaign.period_start = local_today() + dt.timedelta(days=3)
    campaign.save()
    client = login("bientap")
    before = Publication.objects.count()

    blocked = schedule(client, script)
    assert blocked.status_code == 200
    html = blocked.content.decode()
    assert "Có lượt nằm ngoài thời gian của kế hoạch" in html
    assert "Tôi đã xem các cảnh báo và vẫn lưu" in html
    assert Publication.objects.count() == before

    publication = saved_publication(client, script, acknowledge="on")
    assert [c["code"] for c in publication.conflicts] == ["outside_campaign"]
    assert publication.deliveries.count() == 7 * HAI_AN_GROUPS
    detail = client.get(reverse("publication:inspect", args=[publication.pk])).content.decode()
    assert "Có lượt nằm ngoài thời gian của kế hoạch" in detail


def test_the_same_script_twice_in_a_morning_slot_needs_acknowledging(script, login):
    client = login("bientap")
    blocked = schedule(client, script, times="06:00")
    assert blocked.status_code == 200
    codes = [conflict.code for conflict in blocked.context["check"].warnings]
    assert "same_piece_twice_in_slot" in codes
    assert "Cùng một bài phát hai lần trong một khung giờ" in blocked.content.decode()
    publication = saved_publication(client, script, times="06:00", acknowledge="on")
    assert "same_piece_twice_in_slot" in [c["code"] for c in publication.conflicts]


def test_bad_input_is_reported_in_vietnamese(script, login):
    response = schedule(login("bientap"), script, times="6 giờ sáng", start_date="2026-13-45")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "không hợp lệ" in str(errors["times"])
    assert "start_date" in errors


def test_edit_re_expands_the_future(script, login):
    client = login("bientap")
    publication = saved_publication(client, script)
    edit = reverse("publication:edit", args=[publication.pk])
    form = client.get(edit).context["form"]
    assert form.initial["times"] == EVENING and form.initial["freq"] == "daily"

    response = client.post(edit, daily_form(days=3))
    assert response.status_code == 302
    statuses = list(publication.deliveries.values_list("status", flat=True))
    assert statuses.count(DeliveryStatus.PLANNED) == 3 * HAI_AN_GROUPS
    assert statuses.count(DeliveryStatus.CANCELLED) == 4 * HAI_AN_GROUPS


def test_cancel_marks_future_deliveries_cancelled(script, login):
    publication = saved_publication(login("bientap"), script)
    delivered = publication.deliveries.first()
    Delivery.objects.filter(pk=delivered.pk).update(status=DeliveryStatus.DELIVERED)
    client = login("lanhdao")
    cancel = reverse("publication:cancel", args=[publication.pk])
    assert "Hủy lịch" in client.get(cancel).content.decode()
    response = client.post(cancel, follow=True)
    assert "Đã hủy lịch" in response.content.decode()
    publication.refresh_from_db()
    assert publication.cancelled_at is not None
    assert publication.deliveries.filter(status=DeliveryStatus.CANCELLED).count() == 7 * HAI_AN_GROUPS - 1
    assert Delivery.objects.get(pk=delivered.pk).status == DeliveryStatus.DELIVERED
    assert "Đã hủy lúc" in publication_describe(publication)


def test_a_publication_has_a_cancel_url_and_no_delete_url(script, login):
    from django.urls import NoReverseMatch

    publication = saved_publication(login("bientap"), script)
    with pytest.raises(NoReverseMatch):
        reverse("publication:delete", args=[publication.pk])
    client = login("lanhdao")
    assert client.get(reverse("publication:index") + f"delete/{publication.pk}/").status_code == 404
    listing = client.get(reverse("publication:index")).content.decode()
    assert reverse("publication:cancel", args=[publication.pk]) in listing
    assert "/delete/" not in listing
    assert Publication.objects.filter(pk=publication.pk, cancelled_at__isnull=True).exists()


# --- per-delivery actions ---------------------------------------------------------------------------


def action_url(delivery, action):
    return reverse("publication:delivery_action", args=[delivery.pk, action])


def test_retry_needs_change_delivery(script, login):
    publication = saved_publication(login("bientap"), script)
    failed = publication.deliveries.first()
    Delivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.FAILED, error="Lỗi thử")

    assert login("bientap").post(action_url(failed, "retry")).status_code == 403
    assert Delivery.objects.get(pk=failed.pk).status == DeliveryStatus.FAILED

    response = login("lanhdao").post(action_url(failed, "retry"), follow=True)
    assert "Đã đưa lượt vào hàng đợi để gửi lại." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.PLANNED and failed.error == ""


def test_detail_shows_actions_to_supervisors_only(script, login):
    publication = saved_publication(login("bientap"), script)
    url = reverse("publication:inspect", args=[publication.pk])
    assert "Gửi ngay" not in login("bientap").get(url).content.decode()
    html = login("lanhdao").get(url).content.decode()
    assert "Gửi ngay" in html and ">Hủy</button>" in html


def test_double_cancel_acts_once(script, login):
    publication = saved_publication(login("bientap"), script)
    delivery = publication.deliveries.first()
    client = login("lanhdao")
    first = client.post(action_url(delivery, "cancel"), follow=True).content.decode()
    second = client.post(action_url(delivery, "cancel"), follow=True).content.decode()
    assert "Đã hủy lượt đăng/phát." in first
    assert "không có gì thay đổi" in second
    assert publication.deliveries.filter(status=DeliveryStatus.CANCELLED).count() == 1


def test_dispatch_now_sends_a_loudspeaker_delivery_to_ready(script, login):
    publication = saved_publication(login("bientap"), script)
    delivery = publication.deliveries.order_by("-due_at").first()
    assert delivery.due_at > timezone.now()
    client = login("truyenthanh")
    response = client.post(action_url(delivery, "dispatch"), follow=True)
    assert "Sẵn sàng" in response.content.decode()
    sent = Delivery.objects.get(pk=delivery.pk)
    assert sent.status == DeliveryStatus.READY
    assert sent.due_at == delivery.due_at  # the pack is ready; the broadcast keeps its time
    again = client.post(action_url(delivery, "dispatch"), follow=True).content.decode()
    assert "không gửi thêm" in again


def test_status_filter_on_the_detail(script, login):
    publication = saved_publication(login("bientap"), script)
    Delivery.objects.filter(pk=publication.deliveries.first().pk).update(status=DeliveryStatus.FAILED)
    response = login("lanhdao").get(reverse("publication:inspect", args=[publication.pk]) + "?status=failed")
    assert len(response.context["deliveries"].object_list) == 1


def test_another_wards_publication_is_404(script, login):
    ha_bac = Locality.objects.get(slug="ha-bac")
    campaign = Campaign.objects.create(ward=ha_bac, title="Kế hoạch Hà Bắc")
    other = Publication.objects.create(ward=ha_bac, campaign=campaign, page=script, channel="portal",
                                       starts_at=timezone.now() + dt.timedelta(days=1))
    client = login("lanhdao")
    for name in ("inspect", "edit", "cancel"):
        assert client.get(reverse(f"publication:{name}", args=[other.pk])).status_code == 404
    delivery = Delivery.objects.create(publication=other, channel="portal", occurrence=other.starts_at,
                                       due_at=other.starts_at)
    assert client.post(action_url(delivery, "cancel")).status_code == 404
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PLANNED
    listing = client.get(reverse("publication:index")).content.decode()
    assert "Kế hoạch Hà Bắc" not in listing


def test_list_filters_and_search(script, login):
    saved_publication(login("bientap"), script)
    client = login("lanhdao")
    assert PUBLISHED_SCRIPT in client.get(reverse("publication:index") + "?q=Nghị quyết").content.decode()
    assert PUBLISHED_SCRIPT not in client.get(reverse("publication:index") + "?q=khongco").content.decode()
    assert PUBLISHED_SCRIPT not in client.get(reverse("publication:index") + "?channel=portal").content.decode()


# --- health panel ---------------------------------------------------------------------------------------


def test_health_panel_warns_without_a_worker_then_is_green(portal_demo, login):
    client = login("lanhdao")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-loa-health="alert"' in html and "Bộ gửi tự động không chạy" in html
    dispatch_due()
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-loa-health="ok"' in html and "Đang hoạt động" in html


def test_health_panel_counts_overdue_and_failed(script, login):
    publication = saved_publication(login("bientap"), script)
    rows = list(publication.deliveries.order_by("pk")[:3])
    Delivery.objects.filter(pk=rows[0].pk).update(due_at=timezone.now() - dt.timedelta(minutes=10))
    Delivery.objects.filter(pk=rows[1].pk).update(status=DeliveryStatus.FAILED)
    Delivery.objects.filter(pk=rows[2].pk).update(status=DeliveryStatus.NEEDS_CHECK)
    from campaigns.dispatch.health import dispatch_health
    from campaigns.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(worker="w1", last_pass_at=timezone.now())
    client = login("lanhdao")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 lượt quá hạn" in html and "1 lượt lỗi" in html and "1 lượt cần kiểm tra" in html
    failed_list = client.get(reverse("delivery:index") + "?status=failed")
    assert failed_list.status_code == 200
    health = dispatch_health(user=failed_list.wsgi_request.user)
    assert (health.overdue, health.failed, health.needs_check, health.worker_ok) == (1, 1, 1, True)


def test_a_big_expansion_runs_as_a_task_after_the_save(script, login, django_capture_on_commit_callbacks):
    client = login("bientap")
    with django_capture_on_commit_callbacks(execute=True):
        response = schedule(client, script, channel="visual", times="08:00, 17:00", days=365)
    assert response.status_code == 302
    publication = Publication.objects.latest("pk")
    assert publication.deliveries.count() == 365 * 2 * HAI_AN_GROUPS  # tests run django-q2 tasks inline
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("trong nền" in m for m in messages)


def test_the_schedule_dates_are_dd_mm_yyyy_boxes(script, login):
    html = login("bientap").get(f"{ADD_URL}?page={script.pk}").content.decode()
    box = html[html.index('name="start_date"') - 200:html.index('name="start_date"') + 300]
    assert 'type="text"' in box and 'placeholder="dd/mm/yyyy"' in box and 'inputmode="numeric"' in box
    assert f'value="{local_today():%d/%m/%Y}"' in box
    assert 'type="date"' not in html
