"""The supervisor's day (Lãnh đạo phụ trách, Hải An) in a real browser: three pieces wait for approval;
she approves the loudspeaker script and the Facebook post from the dashboard and sends the slogan back with
a comment the editor then reads; schedules the script every morning at 06:00 in clusters 1 and 2 for two
weeks (the preview's count is what gets created) and the post once; a long script put into the same
mornings is stopped by the overbooking warning until she confirms; the month calendar, filtered to
loudspeakers, shows the script's mornings. Dates follow the clock (three weeks ahead, inside the plan)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_vietnamese

pytestmark = pytest.mark.browser

SCRIPT = "Loa sáng: vận động đăng ký nhà ở xã hội"
SCRIPT_TEXT = "Kính thưa bà con nhân dân phường Hải An. Phường tiếp nhận hồ sơ nhà ở xã hội tại bộ phận một cửa."
POST = "Phường Hải An tiếp nhận hồ sơ nhà ở xã hội"
POST_TEXT = "Từ tuần này, bộ phận một cửa phường Hải An tiếp nhận hồ sơ đăng ký mua nhà ở xã hội."
SLOGAN = "Nhà ở xã hội — mái ấm cho người lao động"
LONG = "Bài phát thanh dài về nhà ở xã hội"
COMMENT = "Khẩu hiệu còn dài, hãy rút gọn dưới mười tiếng."
DAYS = 14


def _submit_three_and_approve_a_long_one():
    """The editor's three pieces, submitted through the ward's approval workflow as the editor's "Gửi duyệt"
    does; a long script, already approved and live, that fits a 30-minute slot alone but not beside SCRIPT."""
    from django.contrib.auth import get_user_model

    from cms.models import LoudspeakerScriptPage, SloganPage, SocialPostPage
    from tests.content_helpers import hai_an_topic

    editor = get_user_model().objects.get(username="bientap")
    topic = hai_an_topic()
    campaign = topic.campaign
    pieces = [
        LoudspeakerScriptPage(title=SCRIPT, slug="loa-sang-nha-o-xa-hoi", campaign=campaign, text=SCRIPT_TEXT),
        SocialPostPage(title=POST, slug="dang-facebook-nha-o-xa-hoi", campaign=campaign, facebook_text=POST_TEXT),
        SloganPage(title=SLOGAN, slug="khau-hieu-mai-am", campaign=campaign, text=SLOGAN),
    ]
    for piece in pieces:
        piece.live = False
        topic.add_child(instance=piece)
        piece.save_revision(user=editor)
        piece.get_workflow().start(piece, editor)
        assert piece.workflow_in_progress and not piece.live
    long = LoudspeakerScriptPage(title=LONG, slug="bai-dai-nha-o-xa-hoi", campaign=campaign, text=long_text())
    topic.add_child(instance=long)
    long.save_revision(user=editor).publish()
    return pieces


def long_text() -> str:
    """The shortest run of "Kính thưa bà con" that overfills the 06:00–06:30 slot (clusters read 180
    syllables a minute) once SCRIPT is booked there; alone it fits."""
    from cms.airtime import airtime_seconds

    slot, speed = 30 * 60, 180
    script = airtime_seconds(SCRIPT_TEXT, reading_speed=speed)
    times = 1
    while airtime_seconds("Kính thưa bà con " * times, reading_speed=speed) + script <= slot:
        times += 1
    text = "Kính thưa bà con " * times
    assert airtime_seconds(text, reading_speed=speed) <= slot
    return text


def _first_day():
    """Three weeks ahead (clear of the demo's own fortnight of scripts), in local time."""
    from django.utils import timezone

    from campaigns.scheduling.recurrence import LOCAL_TZ

    return timezone.now().astimezone(LOCAL_TZ).date() + dt.timedelta(days=21)


def dashboard_action(page, title: str, action: str):
    page.goto("/admin/")
    row = page.get_by_role("row").filter(has_text=title)
    row.get_by_role("button", name="Thao tác", exact=True).click()
    page.get_by_role("button", name=action, exact=True).locator("visible=true").click()
    return row


def open_scheduler(page, piece):
    """"Lên lịch" in the piece's header opens the publication editor with the piece chosen."""
    page.goto(f"/admin/pages/{piece.pk}/edit/")
    page.locator("#w-slim-header-buttons").get_by_role("button", name="Thao tác", exact=True).click()
    page.get_by_role("link", name="Lên lịch", exact=True).click()
    expect(page.get_by_role("heading", level=1).first).to_contain_text("Lên lịch đăng/phát")
    expect(page.locator(".loa-pub")).to_contain_text(piece.title)


def fill_mornings(page, first, last):
    expect(page.get_by_label("Kênh")).to_have_value("loudspeaker")
    page.get_by_role("radio", name="Các cụm loa được chọn").check()
    page.get_by_role("checkbox", name="Cụm loa số 1", exact=True).check()
    page.get_by_role("checkbox", name="Cụm loa số 2", exact=True).check()
    page.get_by_role("radio", name="Hằng ngày").check()
    page.get_by_label("Giờ trong ngày").fill("06:00")
    page.get_by_label("Từ ngày").fill(f"{first:%d/%m/%Y}")
    page.get_by_label("Đến ngày").fill(f"{last:%d/%m/%Y}")


def preview_count(page) -> int:
    page.get_by_role("button", name="Xem trước").click()
    count = page.locator("[data-preview-count]")
    expect(count).to_be_visible()
    return int(count.get_attribute("data-preview-count"))


def test_supervisor_approves_sends_back_schedules_and_meets_the_overbooked_mornings(
    live_demo, page, log_in, screenshot, server_errors
):
    from campaigns.models import Delivery, Publication, ResidentialGroup
    from cms.change_requests import change_request_for
    from cms.models import LoudspeakerScriptPage

    script, post, slogan = _submit_three_and_approve_a_long_one()
    first = _first_day()
    last = first + dt.timedelta(days=DAYS - 1)

    # 1. The three pieces wait on the supervisor's dashboard.
    log_in("lanhdao")
    for title in (SCRIPT, POST, SLOGAN):
        expect(page.get_by_role("row").filter(has_text=title)).to_be_visible()
    assert_vietnamese(page)

    # 2. She approves the script and the post, and asks for changes on the slogan with a comment.
    for piece in (script, post):
        row = dashboard_action(page, piece.title, "Duyệt")
        expect(row).to_have_count(0)
        piece.refresh_from_db()
        assert piece.live and not piece.workflow_in_progress, piece
    dashboard_action(page, SLOGAN, "Yêu cầu sửa")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    assert_vietnamese(page)
    dialog.get_by_role("textbox").fill(COMMENT)
    dialog.get_by_role("button", name=re.compile("Yêu cầu sửa")).click()
    expect(page.get_by_role("row").filter(has_text=SLOGAN)).to_have_count(0)
    slogan.refresh_from_db()
    assert not slogan.live
    assert change_request_for(slogan).comment == COMMENT

    # 3. The script, every morning at 06:00 in clusters 1 and 2 for two weeks: the preview says how many.
    open_scheduler(page, script)
    fill_mornings(page, first, last)
    promised = preview_count(page)
    groups = ResidentialGroup.objects.filter(loudspeaker_clusters__ward__slug="hai-an",
                                              loudspeaker_clusters__slug__in=["cum-1", "cum-2"])
    assert promised == DAYS * groups.distinct().count()  # a delivery a morning for each group the clusters cover
    expect(page.locator(".loa-pub__preview")).to_contain_text(f"{DAYS} lần")
    expect(page.get_by_text("Không có xung đột.")).to_be_visible()
    assert_vietnamese(page)
    screenshot(page, "supervisor-schedule-preview")
    assert Publication.objects.filter(page=script).count() == 0  # the preview keeps nothing
    page.get_by_role("button", name="Lưu lịch").click()
    page.wait_for_url(re.compile(r"/admin/.+/\d+/"))
    expect(page.locator(".messages")).to_contain_text(f"Đã lưu lịch: tạo {promised} lượt")
    publication = Publication.objects.get(page=script)
    deliveries = Delivery.objects.filter(publication=publication)
    assert deliveries.count() == promised > 0
    assert {d.occurrence.astimezone(_tz()).date() for d in deliveries} == {
        first + dt.timedelta(days=n) for n in range(DAYS)}
    assert {d.due_at.astimezone(_tz()).time() for d in deliveries} == {dt.time(6)}
    assert set(deliveries.values_list("cluster__slug", flat=True)) == {"cum-1", "cum-2"}

    # ... and the post once, on the first morning at 08:00.
    open_scheduler(page, post)
    page.get_by_label("Kênh").select_option("facebook")
    page.get_by_role("radio", name="Một lần").check()
    page.get_by_label("Thời điểm (một lần)").fill(f"{first:%d/%m/%Y} 08:00")
    assert preview_count(page) == 1
    page.get_by_role("button", name="Lưu lịch").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu lịch: tạo 1 lượt")
    post_delivery = Delivery.objects.get(publication__page=post)
    assert post_delivery.due_at.astimezone(_tz()) == dt.datetime.combine(first, dt.time(8), tzinfo=_tz())

    # 4. The long script into the same mornings: the editor warns of the overbooked slots and keeps nothing
    # until she ticks that she has seen the warning.
    long = LoudspeakerScriptPage.objects.get(title=LONG)
    open_scheduler(page, long)
    fill_mornings(page, first, last)
    page.get_by_role("button", name="Lưu lịch").click()
    conflict = page.locator('[data-conflict="slot_overbooked"]')
    expect(conflict).to_contain_text("Khung giờ phát bị quá thời lượng")
    expect(conflict).to_contain_text(f"06:00 {first:%d/%m/%Y}")
    expect(page.get_by_text("Hãy xem các cảnh báo rồi đánh dấu ô này để vẫn lưu.")).to_be_visible()
    assert_vietnamese(page)
    screenshot(page, "supervisor-schedule-overbooked")
    assert not Publication.objects.filter(page=long).exists()
    assert not Delivery.objects.filter(publication__page=long).exists()
    page.get_by_role("checkbox", name="Tôi đã xem các cảnh báo và vẫn lưu").check()
    page.get_by_role("button", name="Lưu lịch").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu lịch")
    kept = Publication.objects.get(page=long)
    assert [c["code"] for c in kept.conflicts] == ["slot_overbooked"]
    assert Delivery.objects.filter(publication=kept).count() == promised

    # 5. The month calendar, filtered to loudspeakers, shows the script on its mornings.
    page.goto("/admin/lich/")
    jump = page.get_by_label("Đến ngày")
    jump.fill(f"{first:%d/%m/%Y}")
    page.locator("form.loa-cal-jump").get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(r"ngay="))
    page.get_by_label("Kênh").select_option("loudspeaker")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"channel=loudspeaker"))
    expect(page.locator(".loa-cal-period")).to_have_text(f"Tháng {first.month}/{first.year}")
    shown_days = [first + dt.timedelta(days=n) for n in range(DAYS)
                  if (first + dt.timedelta(days=n)).month == first.month]
    for day in shown_days:
        cell = page.locator(f'td[data-day="{day:%Y-%m-%d}"]')
        expect(cell.locator("li", has_text=SCRIPT).first).to_be_visible()
        expect(cell).to_have_class(re.compile("is-overbooked"))
    assert_vietnamese(page)
    screenshot(page, "supervisor-calendar-loudspeaker")

    # The editor reads the supervisor's comment on the dashboard and on the slogan's edit page.
    log_in("bientap")
    request = page.locator(f'[data-loa-change-request="{slogan.pk}"]')
    expect(request).to_contain_text(SLOGAN)
    expect(request).to_contain_text(COMMENT)
    request.get_by_role("link", name=SLOGAN).click()
    expect(page.locator("body")).to_contain_text(COMMENT)
    assert_vietnamese(page)
    assert server_errors == []


def _tz():
    from campaigns.scheduling.recurrence import LOCAL_TZ

    return LOCAL_TZ
