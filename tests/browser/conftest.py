"""Real-browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright against pytest-django's live server.

Never ``playwright install``: the browser is the system package (``make system-packages``). The tests are
skipped only when Chromium is missing and ``LOA_REQUIRE_BROWSER`` is unset; CI (``.ci/run``) sets it.
"""

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.english_strings import NOT_FROM_A_CATALOGUE, english_in

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
PASSWORD = "tuyentruyen2026"
WARD = "hai-an"
TIMEOUT_MS = 15_000
VIEWPORT = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None. With LOA_REQUIRE_BROWSER set, a missing browser fails."""
    if Path(CHROMIUM).exists():
        return None
    reason = f"needs Debian's Chromium at {CHROMIUM}: run `make system-packages`"
    if os.environ.get("LOA_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (LOA_REQUIRE_BROWSER is set, so this may not be skipped)")
    return reason


@pytest.fixture(scope="module", autouse=True)
def _django_beside_playwright():
    """Playwright's sync API keeps an asyncio loop running in this thread, which Django's async-safety
    check mistakes for async code (our ORM calls are plain synchronous ones). Lifted for browser modules only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session", autouse=True)
def _uploads_through_the_urlconf():
    """Django's live server answers MEDIA_URL from MEDIA_ROOT itself (a test-only handler); here uploads go
    through cms.files.media_file, as in production, so the browser sees only what the rule allows."""
    from django.test.testcases import _MediaFilesHandler

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_MediaFilesHandler, "_should_handle", lambda self, path: False)
        yield


@pytest.fixture(scope="module")
def browser(_django_beside_playwright):
    """Chromium for one test module; Playwright's loop stops before another module's tests run."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    django_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # With an event loop running in this thread, asgiref hands Django fresh, empty connection storage: the
        # test would get a second connection, without the serialized data of its rollback. Keep the first one,
        # which is also the one the live server's thread shares.
        for alias, connection in django_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def live_demo(transactional_db, django_db_serialized_rollback, live_server, settings):
    """The whole demo (portal content included), committed so that the live server's thread sees it.

    ``portal_demo`` uses ``db``, a transaction the server cannot see. The flush after a transactional test
    removes Wagtail's migration data (root page, default site, workflow); serialized rollback restores it.
    The ward portals are Sites on the live server's port, as ``LOA_PORTAL_PORT`` says for a real server.
    """
    from django.core.cache import cache

    from cms.demo import demo_load

    settings.LOA_PORTAL_PORT = urlsplit(live_server.url).port
    cache.clear()
    return demo_load()


@pytest.fixture
def server_errors():
    """URLs the browser got a 5xx for during the test."""
    return []


@pytest.fixture
def csp_violations():
    """What the browser refused under the Content-Security-Policy during the test (console messages)."""
    return []


@pytest.fixture
def english_seen():
    """The library strings left in English on the screens the browser opened during the test:
    ``{url: {msgid, ...}}`` (see ``watch``)."""
    return {}


def english_on_screen(html: str) -> set[str]:
    """The English a Vietnamese user would meet in this HTML: Wagtail's and Django's msgids from
    tests/english_strings.py, less the text that only looks like one."""
    return english_in(html) - NOT_FROM_A_CATALOGUE


def _check_document(response, english_seen: dict) -> None:
    """Every HTML document the tab is given (a screen, a form sent back, a 403/404 page; not a redirect,
    a download or a 5xx, which ``server_errors`` reports) goes through ``english_on_screen``."""
    if response.request.resource_type != "document" or 300 <= response.status < 400 or response.status >= 500:
        return
    if "text/html" not in (response.headers.get("content-type") or ""):
        return
    try:
        html = response.text()
    except Exception:  # a document the browser left before its body arrived: nothing was shown
        return
    english = english_on_screen(html)
    if english:
        english_seen.setdefault(urlsplit(response.url).path, set()).update(english)


def watch(tab, *, server_errors: list, english_seen: dict, csp_violations: list | None = None):
    """What every journey checks on every screen it opens, by listening to the tab: answers 5xx
    (``server_errors``), library strings left in English (``english_seen``), CSP refusals."""
    tab.on("response", lambda response: server_errors.append(response.url) if response.status >= 500 else None)
    tab.on("response", lambda response: _check_document(response, english_seen))
    if csp_violations is not None:
        tab.on("console", lambda message: csp_violations.append(f"{tab.url}: {message.text}")
               if "Content Security Policy" in message.text else None)
    return tab


def assert_vietnamese(page) -> None:
    """The screen as drawn now (after its JavaScript: menus, dialogs) shows no library string in English."""
    english = english_on_screen(page.content())
    assert not english, f"{page.url}: {sorted(english)}"


def english_report(english_seen: dict) -> str:
    return "Library strings left in English:\n" + "\n".join(
        f"  {url}: {sorted(msgids)}" for url, msgids in sorted(english_seen.items()))


@pytest.fixture
def page(browser, live_demo, live_server, server_errors, csp_violations, english_seen):
    """A tab in a fresh context (no cookies): Vietnamese, Hanoi time, 1280x800, on the Hải An portal's host.

    Uploads are served by the checking view (see ``_uploads_through_the_urlconf``). A test that makes the
    browser break the Content-Security-Policy, or opens a screen with a library string left in English,
    fails at teardown."""
    from django.conf import settings

    # The live server listens on loopback; the browser asks for the ward portal's own host name (Chromium
    # resolves *.localhost to loopback), so the portal's links, built from its Site, lead back to this server.
    port = urlsplit(live_server.url).port
    base_url = f"http://{WARD}.{settings.LOA_PORTAL_DOMAIN}:{port}"
    context = browser.new_context(
        base_url=base_url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=VIEWPORT, reduced_motion="reduce",
    )
    context.set_default_timeout(TIMEOUT_MS)
    # Hermetic: nothing leaves the machine (Wagtail's admin asks Gravatar for avatars).
    context.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost|[a-z0-9-]+\.localhost)[:/])"),
                  lambda route: route.abort())
    tab = watch(context.new_page(), server_errors=server_errors, english_seen=english_seen,
                csp_violations=csp_violations)
    yield tab
    context.close()
    assert csp_violations == [], "\n".join(csp_violations)
    assert english_seen == {}, english_report(english_seen)


@pytest.fixture
def log_in(page):
    """Log in through Wagtail's login form, as a person would; ends on the dashboard."""
    from playwright.sync_api import expect

    def _log_in(username: str, password: str = PASSWORD):
        page.context.clear_cookies()
        page.goto("/admin/login/")
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        page.get_by_label("Tên đăng nhập").fill(username)
        # Wagtail 8's Vietnamese catalogue lacks "Password" and "Sign in": ours (locale/vi) has them.
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        page.wait_for_url(re.compile(r"/admin/$"))
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        return page

    return _log_in


@pytest.fixture
def screenshot():
    """Save docs/screenshots/<name>.png only when LOA_SCREENSHOTS=1, so normal runs write nothing."""

    def _screenshot(page, name: str) -> None:
        if os.environ.get("LOA_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def _pdf_page(pdf_path, name: str) -> None:
        """The first page of a PDF the test downloaded, as docs/screenshots/<name>.png (pdftoppm)."""
        if os.environ.get("LOA_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf_path),
                            str(SCREENSHOTS / name)], check=True)

    _screenshot.pdf_page = _pdf_page
    return _screenshot
