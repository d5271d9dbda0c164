"""Daily use in a real browser: broadcast staff find deliveries by group and date and cancel two of
them from the list; an editor sees the Zalo text's counter move while typing."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _a_group_and_day_with_planned_deliveries():
    from django.utils import timezone

    from campaigns.models import Delivery, DeliveryStatus

    row = (Delivery.objects.filter(publication__ward__slug="hai-an", status=DeliveryStatus.PLANNED,
                                   group__isnull=False).order_by("due_at").first())
    return row.group, timezone.localtime(row.due_at).date()


def test_broadcast_staff_find_deliveries_by_group_and_date_and_cancel_two(live_demo, page, log_in, server_errors):
    from campaigns.models import Delivery, DeliveryStatus

    group, day = _a_group_and_day_with_planned_deliveries()
    log_in("truyenthanh")
    page.goto(f"/admin/delivery/?group={group.pk}&date_from={day:%d/%m/%Y}&date_to={day:%d/%m/%Y}")
    checkboxes = page.locator("input.bulk-action-checkbox")
    expect(checkboxes.first).to_be_visible()
    listed = [int(pk) for pk in checkboxes.evaluate_all("boxes => boxes.map(b => b.dataset.objectId)")]
    assert listed and set(Delivery.objects.filter(pk__in=listed).values_list("group_id", flat=True)) == {group.pk}
    chosen = listed[:2]
    for pk in chosen:
        page.locator(f'input.bulk-action-checkbox[data-object-id="{pk}"]').check()
    page.locator("[data-bulk-action-footer] a", has_text="Hủy").click()
    page.get_by_role("button", name="Có, hủy các lượt này").click()
    page.wait_for_url(re.compile(r"/admin/delivery/"))
    expect(page.get_by_text(re.compile(r"Hủy: \d+ lượt"))).to_be_visible()
    assert set(Delivery.objects.filter(pk__in=chosen).values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}
    assert not server_errors


def test_the_zalo_counter_follows_the_typing(live_demo, page, log_in, server_errors):
    from cms.models import CampaignTopicPage

    topic = CampaignTopicPage.objects.get(campaign__ward__slug="hai-an")
    log_in("bientap")
    page.goto(f"/admin/pages/add/cms/socialpostpage/{topic.pk}/")
    counter = page.locator('[data-loa-char-counter][data-for="id_zalo_text"]')
    expect(counter).to_have_text("0 / 2.000 ký tự")
    page.locator("#id_zalo_text").fill("Nhà ở xã hội. " * 25)
    expect(counter).to_have_text("349 / 2.000 ký tự (người đọc thấy 250 ký tự đầu trước “Xem thêm”)")
    page.locator("#id_zalo_text").fill("a" * 2_010)
    expect(counter).to_have_text("2.010 / 2.000 ký tự: vượt 10 ký tự, hãy rút gọn.")
    assert not server_errors
