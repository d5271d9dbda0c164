"""A group head opens the signed link on a phone and confirms with a photo (no account)."""

import datetime as dt
import io

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import english_report, watch

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def ready_link(live_demo):
    from django.utils import timezone
    from wagtail.models import Page

    from campaigns.models import Delivery, DeliveryStatus, Publication, ResidentialGroup
    from campaigns.tracking.links import link_token, links_issue

    campaign = live_demo["campaign"] if isinstance(live_demo, dict) and "campaign" in live_demo else None
    if campaign is None:
        from campaigns.models import Campaign

        campaign = Campaign.objects.filter(ward__slug="hai-an").first()
    group = ResidentialGroup.objects.filter(ward=campaign.ward).order_by("name").first()
    now = timezone.now()
    page = Page.objects.filter(depth__gt=2).live().first()
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel="visual",
                                             starts_at=now - dt.timedelta(hours=2))
    row = Delivery.objects.create(publication=publication, channel="visual", occurrence=now - dt.timedelta(hours=1),
                                  group=group, due_at=now - dt.timedelta(hours=1), status=DeliveryStatus.READY)
    link = links_issue(ward_id=campaign.ward_id, day=timezone.localtime(row.due_at).date(), now=now,
                       group_ids=[group.pk])[0]
    return f"/xac-nhan/{link_token(link)}/", group, row


def test_a_group_head_confirms_on_a_phone_with_a_photo(browser, ready_link, live_server, server_errors, english_seen,
                                                       tmp_path):
    from PIL import Image

    from campaigns.models import ConfirmationEvidence, Delivery, DeliveryStatus

    url, group, row = ready_link
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE, is_mobile=True,
                                  has_touch=True, timezone_id="Asia/Ho_Chi_Minh")
    tab = watch(context.new_page(), server_errors=server_errors, english_seen=english_seen)
    tab.goto(url)
    expect(tab.get_by_role("heading", level=1)).to_contain_text(group.name)
    expect(tab.get_by_text("đã nhận thông tin dưới đây?")).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    photo = tmp_path / "anh.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "green").save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    tab.get_by_label("Ảnh chụp (không bắt buộc)").set_input_files(str(photo))
    tab.get_by_label("Ghi chú").fill("Đã dán áp phích ở nhà văn hóa")
    tab.get_by_role("button", name="Xác nhận đã nhận").click()
    expect(tab.locator("#done")).to_contain_text(f"{group.name} đã nhận thông tin: đã xác nhận 1 nội dung")
    context.close()
    assert Delivery.objects.get(pk=row.pk).status == DeliveryStatus.CONFIRMED
    assert ConfirmationEvidence.objects.get().photo.endswith(".jpg")
    assert server_errors == []
    assert english_seen == {}, english_report(english_seen)
