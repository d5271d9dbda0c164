"""A city officer (Cán bộ thành phố, Hải Phòng) opens the city campaign's roll-up from the menu: both wards,
Hải An and Hà Bắc, with Hải An's groups and numbers; and changes nothing: no button that adds, edits or
cascades, and a POST to an edit URL (with a valid CSRF token, so only the permission can refuse it) leaves
the campaign as it was. Every screen is checked for English by the ``page`` fixture's watch."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_vietnamese

pytestmark = pytest.mark.browser

CITY_OFFICER = "canbothanhpho"
# Words of the buttons and links that change something, in the admin's Vietnamese.
CHANGING = re.compile(r"^(Sửa|Thêm|Xóa|Lưu|Giao kế hoạch|Tạo|Nhập kế hoạch)", re.IGNORECASE)


def propaganda_menu(page):
    toggle = page.locator("nav.sidebar-main-menu").get_by_role("button", name="Tuyên truyền")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    submenu = page.get_by_role("list", name="Tuyên truyền")
    expect(submenu).to_be_visible()
    return submenu


def changing_controls(page) -> list[str]:
    """The labels of the visible links and buttons of the main area that would change something."""
    main = page.locator("main")
    labels = [text.strip() for text in main.get_by_role("link").locator("visible=true").all_inner_texts()]
    labels += [text.strip() for text in main.get_by_role("button").locator("visible=true").all_inner_texts()]
    return [label for label in labels if CHANGING.match(label)]


def csrf_post(page, url: str, data: dict) -> tuple[int, str]:
    """A form POST from the officer's tab (session cookie and CSRF token included): (status, final URL)."""
    return tuple(page.evaluate("""async ([url, data]) => {
        const token = document.cookie.split("; ").find((c) => c.startsWith("csrftoken=")).split("=")[1];
        const body = new URLSearchParams({csrfmiddlewaretoken: token, ...data});
        const response = await fetch(url, {method: "POST", body, headers: {"X-CSRFToken": token}});
        return [response.status, new URL(response.url).pathname];
    }""", [url, data]))


def test_city_officer_reads_both_wards_in_the_roll_up_and_changes_nothing(live_demo, page, log_in, server_errors,
                                                                         screenshot):
    from django.urls import reverse

    from campaigns.demo.coverage import CITY_CAMPAIGN_TITLE
    from campaigns.models import Campaign

    city_campaign = live_demo["city_campaign"]
    hai_an_campaign = live_demo["campaign"]
    assert sorted(city_campaign.children.values_list("ward__name", flat=True)) == ["Hà Bắc", "Hải An"]

    log_in(CITY_OFFICER)
    assert_vietnamese(page)
    menu_labels = {text.strip() for text in propaganda_menu(page).get_by_role("link").all_inner_texts()}
    assert "Độ phủ" in menu_labels and "Nhập kế hoạch" not in menu_labels, menu_labels

    propaganda_menu(page).get_by_role("link", name="Độ phủ", exact=True).click()
    campaigns = page.locator("[data-loa-coverage-campaigns]")
    # The city's campaign and the wards' below it: all readable from the city.
    expect(campaigns).to_contain_text("Hải An")
    expect(campaigns).to_contain_text("Hà Bắc")
    assert_vietnamese(page)
    campaigns.get_by_role("link", name=CITY_CAMPAIGN_TITLE, exact=True).click()

    wards = page.locator("[data-loa-coverage-wards]")
    expect(wards).to_be_visible()
    rows = wards.locator("tbody tr th")
    expect(rows).to_have_text(["Hà Bắc", "Hải An", "Cộng"])
    hai_an = wards.locator("tbody tr", has_text="Hải An").locator("td")
    reached, planned = (int(n) for n in re.findall(r"\d+", hai_an.inner_text())[:2])
    assert 0 < reached <= planned  # the demo's six weeks of Hải An deliveries, rolled up to the city
    matrix = page.locator("[data-loa-coverage-matrix]")
    expect(matrix).to_contain_text("Tổ dân phố số 1")
    expect(matrix.locator("thead")).to_contain_text("Phường/xã")
    screenshot(page, "city-roll-up")
    assert_vietnamese(page)
    assert changing_controls(page) == []

    # The wards' campaigns are there to read, without a way to change them.
    propaganda_menu(page).get_by_role("link", name="Kế hoạch tuyên truyền", exact=True).click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    expect(page.locator("main")).to_contain_text(hai_an_campaign.title[:40])
    assert_vietnamese(page)
    assert changing_controls(page) == []

    # Typed into the address bar, the edit screen turns the officer away; a POST changes nothing.
    edit_url = reverse("campaign:edit", args=[hai_an_campaign.pk])
    response = page.goto(edit_url)
    assert response.status == 403 or not page.url.endswith(edit_url), (response.status, page.url)
    expect(page.get_by_role("textbox", name=re.compile("Tên kế hoạch"))).to_have_count(0)
    assert_vietnamese(page)

    title = hai_an_campaign.title
    status, landed = csrf_post(page, edit_url, {"title": "Sửa bởi thành phố", "status": "archived"})
    assert status == 403 or landed != edit_url, (status, landed)  # refused, or sent to the dashboard
    assert Campaign.objects.get(pk=hai_an_campaign.pk).title == title
    status, _ = csrf_post(page, reverse("coverage:cascade", args=[city_campaign.pk]), {})
    assert status in (403, 404), status
    assert city_campaign.children.count() == 2

    # The probe can tell: the ward's own editor, the same POST, reaches the form (sent back for the fields
    # it lacks), so the refusals above were the officer's permission, not the CSRF check.
    log_in("bientap")
    assert csrf_post(page, edit_url, {"title": "Sửa bởi thành phố"}) == (200, edit_url)
    assert server_errors == []
