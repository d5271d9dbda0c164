"""A supervisor opens the coverage matrix of the demo campaign from the menu, sees the gaps, drills
down into a cell and downloads the periodic report as XLSX, which opens with openpyxl."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_supervisor_reads_the_matrix_drills_down_and_downloads_the_report(live_demo, page, log_in, server_errors,
                                                                          screenshot, tmp_path):
    log_in("lanhdao")
    toggle = page.locator("nav.sidebar-main-menu").get_by_role("button", name="Tuyên truyền")
    toggle.click()
    page.get_by_role("list", name="Tuyên truyền").get_by_role("link", name="Độ phủ", exact=True).click()
    expect(page.get_by_role("heading", level=1).first).to_contain_text("Độ phủ")
    campaigns = page.locator("[data-loa-coverage-campaigns]")
    campaigns.locator("a", has_text="ngày 10/12/2025").click()

    matrix = page.locator("[data-loa-coverage-matrix]")
    expect(matrix).to_be_visible()
    expect(matrix).to_contain_text("Tổ dân phố số 1")
    expect(matrix).to_contain_text("Loa truyền thanh cơ sở")
    # The demo leaves groups 3, 5, 8 and 11 without deliveries lately: highlighted as not reached.
    expect(page.locator("tr[data-loa-unreached]")).to_have_count(4)
    expect(page.locator("[data-loa-coverage-unreached]")).to_contain_text("Tổ dân phố số 11")
    expect(page.locator("svg.loa-coverage-chart")).to_be_visible()
    screenshot(page, "coverage-matrix")

    row = matrix.locator("tbody tr", has_text="Tổ dân phố số 1").first
    loudspeaker_column = [h.strip() for h in matrix.locator("thead th").all_inner_texts()].index(
        "Loa truyền thanh cơ sở")
    cell = row.locator("th, td").nth(loudspeaker_column)
    reached, planned = (int(n) for n in re.findall(r"\d+", cell.inner_text())[:2])
    assert 0 < reached <= planned
    cell.get_by_role("link").click()
    deliveries = page.locator("[data-loa-coverage-deliveries] tbody tr")
    expect(deliveries.first).to_contain_text("Tổ dân phố số 1")
    expect(page.locator("body")).to_contain_text("Loa truyền thanh cơ sở")
    assert deliveries.count() == min(planned, 100)
    screenshot(page, "coverage-drill-down")
    page.get_by_role("link", name="Quay lại bảng độ phủ").click()

    with page.expect_download() as download:
        page.locator("[data-loa-coverage-downloads]").get_by_role("link", name=re.compile("Excel")).click()
    path = tmp_path / "bao-cao.xlsx"
    download.value.save_as(path)
    workbook = load_workbook(io.BytesIO(path.read_bytes()))
    assert workbook.sheetnames[0] == "Tổng hợp"
    sheet = workbook["Loa truyền thanh cơ sở"]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Tổ dân phố số 1" in names and len(names) == 12
    assert server_errors == []
