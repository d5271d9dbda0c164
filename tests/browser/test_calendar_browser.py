"""A supervisor in a real browser: opens the month, jumps to a day typed as dd/mm/yyyy, filters to
loudspeakers, sees an overbooked slot, drags a future script to the next day and sees the
scheduler's conflict check run again."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LONG = "Bài phát thanh dài mỗi sáng"
LONG_ONCE = "Bài phát thanh dài phát một lần"


def _plan_an_overbooked_morning():
    """Two long scripts in cluster 1's 06:00 slot on day D (three weeks ahead, clear of the demo's own
    fortnight of scripts), the first one again on D+1."""
    from django.utils import timezone

    from campaigns.models import AudienceKind, LoudspeakerCluster, Publication
    from campaigns.scheduling.expansion import publication_schedule
    from campaigns.scheduling.recurrence import LOCAL_TZ
    from cms.models import CampaignTopicPage, LoudspeakerScriptPage

    day = timezone.now().astimezone(LOCAL_TZ).date() + dt.timedelta(days=20)
    if (day + dt.timedelta(days=1)).month != day.month:
        day += dt.timedelta(days=2)
    campaign = CampaignTopicPage.objects.get(campaign__ward__slug="hai-an").campaign
    topic = CampaignTopicPage.objects.get(campaign=campaign)
    cluster = LoudspeakerCluster.objects.get(ward=campaign.ward, slug="cum-1")
    for title, rule, slug in ((LONG, "FREQ=DAILY;COUNT=2", "dai-moi-sang"), (LONG_ONCE, "", "dai-mot-lan")):
        script = LoudspeakerScriptPage(title=title, slug=slug, campaign=campaign, text="Kính thưa bà con " * 1000)
        topic.add_child(instance=script)
        script.save_revision().publish()
        publication = Publication.objects.create(
            ward=campaign.ward, campaign=campaign, page=script, channel="loudspeaker", audience=AudienceKind.CLUSTERS,
            starts_at=dt.datetime.combine(day, dt.time(6), tzinfo=LOCAL_TZ), rrule=rule)
        publication.clusters.set([cluster])
        publication_schedule(publication=publication)
    return day


def test_supervisor_filters_sees_overbooking_and_drags_a_script(live_demo, page, log_in, server_errors, screenshot):
    day = _plan_an_overbooked_morning()
    next_day = day + dt.timedelta(days=1)
    log_in("lanhdao")
    page.goto("/admin/lich/")
    expect(page.get_by_role("heading", level=1).first).to_contain_text("Lịch tuyên truyền")
    jump = page.get_by_label("Đến ngày")  # a text box that reads dd/mm/yyyy, not the browser's mm/dd/yyyy
    expect(jump).to_have_attribute("placeholder", "dd/mm/yyyy")
    jump.fill(f"{day:%d/%m/%Y}")
    page.locator("form.loa-cal-jump").get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(r"ngay="))
    expect(page.locator(".loa-cal-period")).to_have_text(f"Tháng {day.month}/{day.year}")
    expect(page.locator(f'td[data-day="{day:%Y-%m-%d}"]')).to_be_visible()

    page.get_by_label("Kênh").select_option("loudspeaker")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"channel=loudspeaker"))
    expect(page.get_by_text(f"Khung giờ quá tải: Cụm loa số 1 · 06:00–06:30 ngày {day:%d/%m/%Y}")).to_be_visible()
    day_cell = page.locator(f'td[data-day="{day:%Y-%m-%d}"]')
    expect(day_cell).to_have_class(re.compile("is-overbooked"))
    screenshot(page, "calendar-month")

    entry = day_cell.locator("li[data-movable]", has_text=LONG_ONCE)
    entry.drag_to(page.locator(f'td[data-day="{next_day:%Y-%m-%d}"]'))
    dialog = page.get_by_role("dialog", name="Xác nhận dời lịch")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Khung giờ phát bị quá thời lượng")
    expect(dialog).to_contain_text("đã được duyệt")
    page.get_by_role("button", name="Vẫn dời").click()

    next_cell = page.locator(f'td[data-day="{next_day:%Y-%m-%d}"]')
    expect(next_cell.locator("li", has_text=LONG_ONCE)).to_be_visible()
    expect(next_cell).to_have_class(re.compile("is-overbooked"))
    expect(page.get_by_text(f"ngày {next_day:%d/%m/%Y}", exact=False).first).to_be_visible()
    expect(page.locator(f'td[data-day="{day:%Y-%m-%d}"]')).not_to_have_class(re.compile("is-overbooked"))
    expect(page.locator(f'td[data-day="{day:%Y-%m-%d}"] li.is-cancelled', has_text=LONG_ONCE)).to_be_visible()
    assert "channel=loudspeaker" in page.url
    assert server_errors == []
