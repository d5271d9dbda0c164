"""The editorial flow as a new user meets it: the editor writes a slogan and a loudspeaker script under the
Hải An campaign topic and submits them, the supervisor approves both from the dashboard, the slogan is on
the public topic page, and an edit to the approved script sends it back to review."""

import re

import pytest
from playwright.sync_api import expect

from cms.airtime import airtime_seconds, count_syllables, format_duration

pytestmark = pytest.mark.browser

TOPIC = "Nhà ở xã hội — Nghị quyết 02-NQ/TU"
SLOGAN = "Chung sức xây dựng nhà ở xã hội cho người lao động"
SCRIPT_TITLE = "Thông báo nhận hồ sơ nhà ở xã hội"
SCRIPT_TEXT = (
    "Kính thưa bà con nhân dân phường Hải An. Từ tháng 3, Ủy ban nhân dân phường tiếp nhận hồ sơ đăng ký "
    "mua nhà ở xã hội."
)
AIRTIME_PLACEHOLDER = "Gõ nội dung để xem thời lượng ước tính."


def open_topic(page):
    """Trang (sidebar) → the ward's pages → the campaign topic: the list of its pieces."""
    page.locator("nav.sidebar-main-menu").get_by_role("button", name="Trang").click()
    page.locator(".c-page-explorer__item__link", has_text=TOPIC).click()
    expect(page.get_by_role("navigation", name="Đường dẫn")).to_contain_text(TOPIC)


def add_child(page, type_label: str):
    page.get_by_role("link", name="Thêm trang con", exact=True).locator("visible=true").first.click()
    page.get_by_role("link", name=type_label, exact=True).click()
    expect(page.get_by_role("textbox", name="Tiêu đề")).to_be_visible()


def submit_for_review(page, title: str):
    page.get_by_role("button", name="Thao tác khác").click()
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(title)


def type_script(page, text: str):
    """Type the script as a person would; returns the estimate panel once the server's estimate is in."""
    estimate = page.locator("[data-loa-airtime-output]")
    expect(estimate).to_have_text(AIRTIME_PLACEHOLDER)
    with page.expect_response(re.compile(r"/admin/loa/airtime/$")) as airtime:
        page.get_by_role("textbox", name="Nội dung đọc").press_sequentially(text)
    assert airtime.value.ok
    expect(estimate).not_to_have_text(AIRTIME_PLACEHOLDER)
    return estimate


def approve_on_dashboard(page, title: str):
    row = page.get_by_role("row").filter(has_text=title)
    row.get_by_role("button", name="Thao tác", exact=True).click()
    page.get_by_role("button", name="Duyệt", exact=True).locator("visible=true").click()
    expect(row).to_have_count(0)


def test_write_submit_approve_publish_then_edit_goes_back_to_review(
    live_demo, page, log_in, screenshot, server_errors
):
    from cms.models import LoudspeakerScriptPage, SloganPage

    # The editor writes a slogan and a script under the campaign topic and submits both.
    log_in("bientap")
    open_topic(page)
    add_child(page, "Khẩu hiệu")
    page.get_by_role("textbox", name="Tiêu đề").fill(SLOGAN)
    page.get_by_role("textbox", name="Khẩu hiệu").fill(SLOGAN)
    submit_for_review(page, SLOGAN)

    add_child(page, "Bài phát thanh")
    page.get_by_role("textbox", name="Tiêu đề").fill(SCRIPT_TITLE)
    estimate = type_script(page, SCRIPT_TEXT)
    expect(estimate).to_contain_text("tiếng")
    submit_for_review(page, SCRIPT_TITLE)

    slogan, script = SloganPage.objects.get(title=SLOGAN), LoudspeakerScriptPage.objects.get(title=SCRIPT_TITLE)
    assert slogan.workflow_in_progress and not slogan.live
    assert script.workflow_in_progress and not script.live

    # The supervisor finds both on the dashboard and approves them.
    log_in("lanhdao")
    for title in (SLOGAN, SCRIPT_TITLE):
        expect(page.get_by_role("row").filter(has_text=title)).to_be_visible()
    screenshot(page, "admin-dashboard")
    approve_on_dashboard(page, SLOGAN)
    approve_on_dashboard(page, SCRIPT_TITLE)
    slogan.refresh_from_db()
    script.refresh_from_db()
    assert slogan.live and not slogan.workflow_in_progress
    assert script.live and not script.workflow_in_progress

    # A visitor sees the slogan, upper-cased for banners, on the public topic page.
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name=TOPIC).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    expect(page.locator("ul.slogans")).to_contain_text(SLOGAN.upper())

    # The editor changes the approved script: it goes back to review, the approved text stays live.
    log_in("bientap")
    open_topic(page)
    page.get_by_role("link", name=SCRIPT_TITLE, exact=True).first.click()
    text = page.get_by_role("textbox", name="Nội dung đọc")
    expect(text).to_have_value(SCRIPT_TEXT)
    text.fill(SCRIPT_TEXT + " Xin cảm ơn bà con.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_contain_text("gửi duyệt lại")
    script.refresh_from_db()
    assert script.workflow_in_progress and script.has_unpublished_changes
    assert script.text == SCRIPT_TEXT
    assert server_errors == []


def test_live_airtime_estimate_counts_what_is_typed(live_demo, page, log_in):
    from tests.content_helpers import add_url, hai_an_topic

    log_in("bientap")
    page.goto(add_url("loudspeakerscriptpage", hai_an_topic()))
    estimate = page.locator("[data-loa-airtime-output]")
    expect(estimate).to_have_text(AIRTIME_PLACEHOLDER)
    with page.expect_response(re.compile(r"/admin/loa/airtime/$")):
        page.get_by_role("textbox", name="Nội dung đọc").fill(SCRIPT_TEXT)  # one input event: one estimate
    expected = f"{count_syllables(SCRIPT_TEXT)} tiếng · khoảng {format_duration(airtime_seconds(SCRIPT_TEXT))}"
    expect(estimate).to_contain_text(expected, timeout=2_000)  # the estimate is already in: no long wait
