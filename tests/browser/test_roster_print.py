"""Broadcast staff print tomorrow's roster of cluster 1 as a PDF from the admin, read it, record the
morning slot as aired, and see the groups' deliveries turn delivered."""

import datetime as dt
import io
import subprocess

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def test_broadcast_staff_print_tomorrows_roster_and_record_the_morning_slot(page, log_in, tmp_path, screenshot):
    from django.utils import timezone

    from campaigns.models import BroadcastSlot, Delivery, DeliveryStatus, LoudspeakerCluster
    from campaigns.reports.rosters.roster import cluster_roster

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    cluster = LoudspeakerCluster.objects.select_related("ward").get(ward__slug="hai-an", slug="cum-1")
    morning_slot = BroadcastSlot.objects.get(cluster=cluster, start=dt.time(6))
    section = next(s for s in cluster_roster(cluster, first_day=tomorrow).days[0].slots if s.slot == morning_slot)
    assert section.items, "the demo schedules scripts every morning"
    ids = [pk for item in section.items for pk in item.rows().values_list("pk", flat=True)]

    log_in("truyenthanh")
    page.locator("nav.sidebar-main-menu").get_by_role("button", name="Tuyên truyền").click()
    page.get_by_role("list", name="Tuyên truyền").get_by_role("link", name="Lịch phát thanh").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lịch phát thanh")
    page.get_by_label("Ngày").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Xem").click()
    page.get_by_role("link", name=cluster.name).first.click()
    expect(page.locator(f"#slot-{morning_slot.pk}")).to_contain_text(section.items[0].title)

    page.set_default_timeout(120_000)  # WeasyPrint on a busy machine takes its time
    with page.expect_download(timeout=120_000) as download_info:
        page.get_by_role("link", name="Tải PDF").click()
    pdf_path = tmp_path / "lich.pdf"
    download_info.value.save_as(pdf_path)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert " ".join(section.items[0].text.split()) in text
    assert "Hải An" in text and f"{tomorrow:%d/%m/%Y}" in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "p")],
                   check=True)
    assert (tmp_path / "p-1.png").stat().st_size > 1000  # the first page renders as an image
    screenshot.pdf_page(pdf_path, "roster-pdf")

    # The dispatcher has handed the morning slot to the staff (loudspeakers have no API).
    Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.READY)
    page.reload()
    slot = page.locator(f"#slot-{morning_slot.pk}")
    for _ in section.items:
        slot.locator("[data-item-state='ready'], [data-item-state='to_read']").first.get_by_role(
            "button", name="Đã phát").click()
        expect(page.locator(".messages")).to_contain_text("Đã ghi “đã phát”")
    expect(page.locator(f"#slot-{morning_slot.pk}")).to_have_attribute("data-slot-state", "aired")
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert Delivery.objects.filter(pk__in=ids).values("group").distinct().count() == cluster.groups.count()
