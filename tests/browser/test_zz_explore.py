import time


def test_explore(live_demo, page):
    t = time.time()
    page.goto("/admin/login/")
    print("goto", time.time() - t)
    print(page.locator("html").get_attribute("lang"))
    print(page.locator("main").inner_text())
    for label in page.locator("label").all():
        print("LABEL", repr(label.inner_text()), label.get_attribute("for"))
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "tuyentruyen2026")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    print(page.url, time.time() - t)
    print(page.locator(".sidebar-main-menu").inner_text())
    page.get_by_role("button", name="Tuyên truyền").click()
    print(page.locator(".sidebar-main-menu").inner_html()[:20000])
    page.screenshot(path="/tmp/dash.png")
