"""Every role logs in through the real login form and opens every screen of its "Tuyên truyền" menu."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_vietnamese

pytestmark = pytest.mark.browser

ROLES = ["bientap", "truyenthanh", "lanhdao", "admin"]
EVERY_ROLE_SEES = {"Kế hoạch tuyên truyền", "Tổ dân phố/thôn", "Cụm loa"}


def propaganda_menu(page):
    """Open "Tuyên truyền" in the sidebar and return its submenu list."""
    toggle = page.locator("nav.sidebar-main-menu").get_by_role("button", name="Tuyên truyền")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    submenu = page.get_by_role("list", name="Tuyên truyền")
    expect(submenu).to_be_visible()
    return submenu


def click_through_propaganda_menu(page, server_errors):
    links = propaganda_menu(page).get_by_role("link")
    items = [(link.inner_text().strip(), link.get_attribute("href")) for link in links.all()]
    assert EVERY_ROLE_SEES <= {label for label, _ in items}, items

    for label, href in items:
        with page.expect_response(
            lambda response, href=href: response.request.resource_type == "document"
            and urlsplit(response.url).path == href
        ) as navigation:
            propaganda_menu(page).get_by_role("link", name=label, exact=True).click()
        assert navigation.value.status == 200, (label, href, navigation.value.status)
        expect(page).to_have_url(re.compile(re.escape(href) + r"(\?.*)?$"))
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        expect(page.locator("body")).not_to_contain_text("Server Error")
        # As drawn by Wagtail's JavaScript: the sidebar's "Toggle sidebar", the list's menus and labels.
        expect(page.locator(".sidebar-nav-toggle, .sidebar__collapse-toggle").first).to_have_attribute(
            "aria-label", re.compile(r"\S"))
        assert_vietnamese(page)
    assert server_errors == [], server_errors


def test_every_role_clicks_through_every_propaganda_screen(live_demo, page, log_in, server_errors, subtests):
    # One demo for the four roles (loading it is most of a test's cost); each role logs in afresh.
    for username in ROLES:
        with subtests.test(msg="role", username=username):
            server_errors.clear()
            log_in(username)
            click_through_propaganda_menu(page, server_errors)
