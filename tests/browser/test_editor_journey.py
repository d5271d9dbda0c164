"""The editor's day (Biên tập viên, Hải An): imports the ward's plan document through "Nhập kế hoạch",
checks what was read beside the source on the review screen (correcting the reporting days the document
leaves blank) and creates the draft campaign; opens a topic for it on the portal, writes a slogan, a
loudspeaker script and a Facebook post under it and submits each for approval. The supervisor finds the
three waiting on the dashboard. Every screen is checked for English by the ``page`` fixture's watch."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_vietnamese
from tests.importer.importer_testkit import PLANS_DIR

pytestmark = pytest.mark.browser

# The ward's real plan (the copy of ../shared/plans/ kept with the importer's tests).
PLAN = PLANS_DIR / "hai-an-ward-propaganda-plan-02-NQ-TU.txt"
TOPIC = "Tuyên truyền Nghị quyết 02-NQ/TU — kế hoạch mới"
SLOGAN = "Nhà ở xã hội — an cư cho người lao động Hải An"
SCRIPT_TITLE = "Thông báo về kế hoạch tuyên truyền nhà ở xã hội"
SCRIPT_TEXT = "Kính thưa bà con nhân dân phường Hải An. Ủy ban nhân dân phường ban hành kế hoạch tuyên truyền."
POST_TITLE = "Phường Hải An ban hành kế hoạch tuyên truyền nhà ở xã hội"
POST_TEXT = "Phường Hải An ban hành kế hoạch tuyên truyền Nghị quyết 02-NQ/TU về phát triển nhà ở xã hội."


def propaganda_menu_link(page, label: str):
    toggle = page.locator("nav.sidebar-main-menu").get_by_role("button", name="Tuyên truyền")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.get_by_role("list", name="Tuyên truyền").get_by_role("link", name=label, exact=True)


def import_plan(page):
    """Upload, then the review screen: the fields read from the document beside its lines."""
    propaganda_menu_link(page, "Nhập kế hoạch").click()
    expect(page.get_by_role("heading", level=1).first).to_contain_text("Nhập kế hoạch")
    assert_vietnamese(page)
    page.get_by_label("Tệp kế hoạch").set_input_files(str(PLAN))
    expect(page.get_by_label("Phường/xã thực hiện")).to_have_value(str(ward_pk()))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(re.compile(r"/admin/campaigns/import-plan/[^/]+/$"))


def ward_pk() -> int:
    from campaigns.models import Locality

    return Locality.objects.get(slug="hai-an").pk


def review_and_create(page):
    """What an editor checks before creating: title, issuer, targets, channels, units, the source line of a
    field; the reporting days, absent from the document, are filled in by hand."""
    expect(page.get_by_role("heading", level=2, name="Thông tin chung")).to_be_visible()
    expect(page.get_by_label("Tên kế hoạch")).to_have_value(
        re.compile(r"^Kế hoạch tuyên truyền Nghị quyết số 02-NQ/TU"))
    expect(page.get_by_label("Cơ quan ban hành").first).to_have_value("Ủy ban nhân dân phường Hải An")
    expect(page.locator("#id_targets-1-quantity")).to_have_value("32900")
    expect(page.locator("#id_targets-1-unit")).to_have_value("căn")
    expect(page.get_by_role("checkbox", name="Loa truyền thanh cơ sở")).to_be_checked()
    expect(page.locator("#id_units-1-name")).to_have_value("Phòng Văn hóa - Xã hội phường")
    expect(page.get_by_role("alert")).to_have_count(0)  # not imported before: no duplicate warning
    source = page.get_by_role("region", name="Văn bản gốc")
    expect(source).to_contain_text("I. MỤC ĐÍCH, YÊU CẦU")
    # "dòng …" beside the title marks the lines it was read from.
    title_source = page.locator(".plan-import__field", has=page.get_by_label("Tên kế hoạch")).locator(
        ".plan-import__source-link")
    title_source.click()
    highlighted = source.locator("li.is-highlighted")
    expect(highlighted.first).to_have_text("KẾ HOẠCH")
    expect(highlighted.filter(has_text="tuyên truyền Nghị quyết số 02-NQ/TU")).to_have_count(1)
    assert_vietnamese(page)
    page.get_by_label("Ngày báo cáo hằng tháng").fill("12, 27")
    page.get_by_role("button", name="Tạo kế hoạch dự thảo").click()
    page.wait_for_url(re.compile(r"/admin/campaign/edit/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("Đã tạo kế hoạch dự thảo")
    assert_vietnamese(page)


def imported_campaign():
    from campaigns.models import Campaign

    return Campaign.objects.get(ward__slug="hai-an", source_name=PLAN.name)


def open_topic_for(page, campaign):
    """The portal's home (Trang → the ward's pages) gets a draft topic for the new campaign."""
    from cms.models import WardHomePage

    home = WardHomePage.objects.get(locality__slug="hai-an")
    page.goto(f"/admin/pages/{home.pk}/")
    # A topic is the only kind of page a ward's home takes: Wagtail opens its form straight away.
    page.get_by_role("link", name="Thêm trang con", exact=True).locator("visible=true").first.click()
    expect(page.get_by_role("heading", level=1).first).to_contain_text(re.compile("chuyên mục kế hoạch", re.I))
    title_box(page).fill(TOPIC)
    page.get_by_role("combobox", name="Kế hoạch tuyên truyền").select_option(value=str(campaign.pk))
    assert_vietnamese(page)
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_contain_text(TOPIC)
    page.get_by_role("navigation", name="Đường dẫn").get_by_role("link", name=TOPIC).click()
    expect(page.get_by_role("heading", level=1).first).to_contain_text(TOPIC)


def title_box(page):
    return page.get_by_role("textbox", name=re.compile(r"^Tiêu đề\*?$"))  # not "Tiêu đề YouTube"


def add_child(page, type_label: str):
    page.get_by_role("link", name="Thêm trang con", exact=True).locator("visible=true").first.click()
    page.get_by_role("link", name=type_label, exact=True).click()
    expect(title_box(page)).to_be_visible()


def submit_for_approval(page, title: str):
    page.get_by_role("button", name="Thao tác khác").click()
    assert_vietnamese(page)  # the drop-down drawn by the page's JavaScript
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(title)


def test_editor_imports_the_plan_creates_the_draft_and_submits_three_pieces(live_demo, page, log_in, screenshot,
                                                                              server_errors):
    from campaigns.models import CampaignStatus
    from cms.models import LoudspeakerScriptPage, SloganPage, SocialPostPage

    log_in("bientap")
    assert_vietnamese(page)
    import_plan(page)
    screenshot(page, "plan-import-review")
    review_and_create(page)

    campaign = imported_campaign()
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.reporting_days == [12, 27]
    assert "loudspeaker" in campaign.channels and "facebook" in campaign.channels
    assert sorted(campaign.targets.values_list("quantity", flat=True)) == [16555, 32900]
    assert {"02-NQ/TU", "94-KH/ĐU"} <= set(campaign.resolutions.values_list("code", flat=True))
    expect(page.locator("body")).to_contain_text("Kế hoạch tuyên truyền Nghị quyết số 02-NQ/TU")

    open_topic_for(page, campaign)

    add_child(page, "Khẩu hiệu")
    title_box(page).fill(SLOGAN)
    page.get_by_role("textbox", name="Khẩu hiệu").fill(SLOGAN)
    submit_for_approval(page, SLOGAN)

    add_child(page, "Bài phát thanh")
    title_box(page).fill(SCRIPT_TITLE)
    with page.expect_response(re.compile(r"/admin/loa/airtime/$")):
        page.get_by_role("textbox", name="Nội dung đọc").fill(SCRIPT_TEXT)
    expect(page.locator("[data-loa-airtime-output]")).to_contain_text("tiếng")
    submit_for_approval(page, SCRIPT_TITLE)

    add_child(page, "Bài đăng mạng xã hội")
    title_box(page).fill(POST_TITLE)
    page.get_by_role("textbox", name="Nội dung Facebook").fill(POST_TEXT)
    submit_for_approval(page, POST_TITLE)

    pieces = [SloganPage.objects.get(title=SLOGAN), LoudspeakerScriptPage.objects.get(title=SCRIPT_TITLE),
              SocialPostPage.objects.get(title=POST_TITLE)]
    for piece in pieces:
        assert piece.campaign_id == campaign.pk, piece
        assert piece.workflow_in_progress and not piece.live, piece
    assert pieces[2].facebook_text == POST_TEXT

    # The ward's supervisor has the three waiting for approval on the dashboard.
    log_in("lanhdao")
    for title in (SLOGAN, SCRIPT_TITLE, POST_TITLE):
        expect(page.get_by_role("row").filter(has_text=title)).to_be_visible()
    assert_vietnamese(page)
    assert server_errors == []
