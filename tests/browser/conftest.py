"""Real-browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright against pytest-django's live server.

Never ``playwright install``: the browser is the system package (``make system-packages``).
The tests are skipped only when Chromium is missing and ``LOA_REQUIRE_BROWSER`` is unset; CI sets it.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
PASSWORD = "tuyentruyen2026"
TIMEOUT_MS = 15_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _browser_missing_reason() -> str | None:
    if Path(CHROMIUM).exists():
        return None
    reason = f"needs Chromium at {CHROMIUM} (run `make system-packages`)"
    if os.environ.get("LOA_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (LOA_REQUIRE_BROWSER is set, so this may not be skipped)")
    return reason


@pytest.fixture(scope="module", autouse=True)
def _django_beside_playwright():
    """Playwright's sync API keeps an asyncio loop running in this thread, which Django's
    async-safety check takes for async code; our ORM calls are synchronous. Only for this module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_django_beside_playwright):
    """Chromium for one test module: the Playwright loop stops before other modules' tests run."""
    reason = _browser_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh context (no cookies) in Vietnamese, Hanoi time, on the live server."""
    from django.conf import settings as django_settings

    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(TIMEOUT_MS)
    media_root = Path(django_settings.MEDIA_ROOT)

    def serve_media(route):
        # The test settings run with DEBUG off, so the live server does not serve uploads; the browser reads them.
        name = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = (media_root / name).resolve()
        if media_root.resolve() in path.parents and path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404)

    context.route(re.compile(r"/media/"), serve_media)
    tab = context.new_page()
    server_errors = []
    tab.on("response", lambda response: server_errors.append(response.url) if response.status >= 500 else None)
    tab.server_errors = server_errors
    yield tab
    context.close()


@pytest.fixture
def live_demo(transactional_db, django_db_serialized_rollback, live_server):
    """The whole demo (portal content included), committed so the live server sees it.

    ``portal_demo`` uses ``db`` (a transaction the server thread cannot see); serialized rollback
    restores Wagtail's migration data (root page, default site) that the flush after each test removes.
    """
    from django.core.cache import cache

    from cms.demo import demo_load

    cache.clear()
    return demo_load()


@pytest.fixture
def log_in(page):
    """Log in through the Wagtail login form, as a person would."""

    def _login(username: str, password: str = PASSWORD):
        page.goto("/admin/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name=re.compile("Đăng nhập")).click()
        page.wait_for_url(re.compile(r"/admin/$"))
        return page

    return _login


def screenshot(page, name: str) -> None:
    """Save docs/screenshots/<name>.png only when LOA_SCREENSHOTS=1, so normal runs write nothing."""
    if os.environ.get("LOA_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
