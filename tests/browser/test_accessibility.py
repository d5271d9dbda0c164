"""axe-core (shipped inside axe-playwright-python, never fetched from a CDN) on the pages the public meets:
no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
TOPIC = "Nhà ở xã hội — Nghị quyết 02-NQ/TU"
ARTICLE = "Phường Hải An triển khai Nghị quyết 02-NQ/TU về phát triển nhà ở xã hội"


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{rule['id']} ({rule['impact']}): {rule['help']} — {[node['target'] for node in rule['nodes'][:3]]}"
            for rule in results.response["violations"] if rule.get("impact") in BLOCKING]


def test_portal_pages_have_no_serious_accessibility_violations(live_demo, page):
    checked = {}
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    checked["home"] = blocking_violations(page)

    page.get_by_role("link", name=TOPIC).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    checked["topic"] = blocking_violations(page)

    page.goto("/")
    page.get_by_role("link", name=ARTICLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE)
    checked["article"] = blocking_violations(page)

    page.goto("/tim-kiem/?q=nha+o+xa+hoi")
    expect(page.get_by_role("link", name=ARTICLE)).to_be_visible()
    checked["search"] = blocking_violations(page)
    assert {name: found for name, found in checked.items() if found} == {}


def test_the_check_finds_a_real_violation(live_demo, page):
    """The proof can fail: an image without alt text and an unlabeled field are reported."""
    page.goto("/")
    page.evaluate("""() => {
        const main = document.querySelector('main') || document.body;
        main.insertAdjacentHTML('beforeend', '<input type="text"><img src="/static/none.png">');
    }""")
    assert any(v.startswith(("label", "image-alt")) for v in blocking_violations(page))
