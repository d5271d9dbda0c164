"""The public portal of phường Hải An: home and topic page, search without diacritics, a 375 px phone."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SITE_NAME = "Cổng thông tin phường Hải An"
WARD = "Phường Hải An"
TOPIC = "Nhà ở xã hội — Nghị quyết 02-NQ/TU"
ARTICLE = "Phường Hải An triển khai Nghị quyết 02-NQ/TU về phát triển nhà ở xã hội"
PHONE = {"width": 375, "height": 740}


def assert_no_horizontal_scroll(page, width: int):
    page.wait_for_load_state("load")  # stylesheet and images in place
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url}: {scroll_width} px wide on a {width} px screen"


def assert_images_load(page):
    """Every image of the page is served to this visitor (uploads go through cms.files.media_file, not a
    public folder); lazy images below the fold are fetched by the page itself."""
    answers = page.evaluate("""() => Promise.all([...document.images].map(img => fetch(img.src).then(
        response => [img.src, response.status, response.headers.get("content-type")])))""")
    assert answers, page.url
    broken = [src for src, status, kind in answers if status != 200 or not (kind or "").startswith("image/")]
    assert broken == [], broken


def search(page, query: str):
    page.get_by_role("searchbox", name="Tìm kiếm").fill(query)
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm kiếm")


def test_home_topic_page_and_search_without_diacritics(live_demo, page, screenshot, server_errors):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_title(re.compile(SITE_NAME))
    expect(page.locator(".site-name")).to_have_text(SITE_NAME)
    expect(page.get_by_role("heading", level=1)).to_have_text(WARD)
    expect(page.get_by_role("heading", name="Tin bài mới")).to_be_visible()
    expect(page.get_by_role("link", name=ARTICLE)).to_be_visible()
    assert_images_load(page)
    screenshot(page, "portal-home")

    page.get_by_role("link", name=TOPIC).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    expect(page.locator(".site-name")).to_have_text(SITE_NAME)
    expect(page.get_by_role("region", name="Văn bản chỉ đạo")).to_contain_text("02-NQ/TU")
    # Slogans are shown upper-cased, diacritics kept, as on a banner.
    expect(page.locator("ul.slogans")).to_contain_text("PHÁT TRIỂN NHÀ Ở XÃ HỘI LÀ BẢO ĐẢM AN SINH XÃ HỘI")

    # Search without diacritics, as people type on a phone without a Vietnamese keyboard.
    search(page, "nha o xa hoi")
    results = page.locator("ul.results")
    expect(results.get_by_role("link", name=ARTICLE)).to_be_visible()
    results.get_by_role("link", name=ARTICLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE)
    assert server_errors == []


def test_portal_is_usable_on_a_375_px_phone(live_demo, page, server_errors):
    page.set_viewport_size(PHONE)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(WARD)
    assert_no_horizontal_scroll(page, PHONE["width"])

    page.get_by_role("link", name=TOPIC).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    assert_no_horizontal_scroll(page, PHONE["width"])

    search(page, "nha o xa hoi")
    expect(page.get_by_role("link", name=ARTICLE)).to_be_in_viewport()
    assert_no_horizontal_scroll(page, PHONE["width"])

    page.get_by_role("link", name=ARTICLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE)
    assert_no_horizontal_scroll(page, PHONE["width"])
    assert server_errors == []
