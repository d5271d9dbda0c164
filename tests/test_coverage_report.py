"""The periodic report: XLSX read back with openpyxl, PDF text extracted with pypdf, JSON, the
command's bad input (exit code 2, Vietnamese), the download button, and the reports the schedule
prepares the day before each reporting day."""

import datetime as dt
import io
import json
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from campaigns.models import CoverageReport
from campaigns.reports.coverage_report import coverage_report_data, coverage_report_render
from campaigns.reports.scheduled import coverage_reports_prepare, report_period

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


@pytest.fixture
def report_data(counted):
    return coverage_report_data(campaign=counted["campaign"], start=START, end=END, issued_on=dt.date(2026, 4, 1))


def test_xlsx_has_summary_and_a_sheet_per_channel_with_real_dates(report_data):
    workbook = load_workbook(io.BytesIO(coverage_report_render(report_data, "xlsx")))
    assert workbook.sheetnames[0] == "Tổng hợp"
    assert "Loa truyền thanh cơ sở" in workbook.sheetnames and "Hội nghị, sinh hoạt" in workbook.sheetnames
    summary = workbook["Tổng hợp"]
    headers = [cell.value for cell in summary[1]]
    assert headers[0] == "Hình thức tuyên truyền" and "Đã xác nhận" in headers and headers[-1] == "Tỷ lệ thực hiện"
    assert summary.freeze_panes == "B2"
    rows = {row[0]: row for row in summary.iter_rows(min_row=2, values_only=True) if row[0]}
    loud = rows["Loa truyền thanh cơ sở"]
    assert loud[headers.index("Đã thực hiện")] == 4 and loud[headers.index("Kế hoạch")] == 6
    assert loud[headers.index("Đã xác nhận")] == 2 and loud[headers.index("Bỏ lỡ")] == 1
    assert rows["Cộng"][headers.index("Kế hoạch")] == 8
    assert rows["Số tổ/thôn đã được tuyên truyền"][1] == 2 and rows["Tổng số tổ/thôn"][1] == 12
    assert rows["Từ ngày"][1] == dt.datetime(2026, 3, 1)  # a real date cell, not text
    assert rows["Giai đoạn 2026 - 2030: hoàn thành 32.900 căn nhà ở xã hội"][1] == 32900
    sheet = workbook["Loa truyền thanh cơ sở"]
    assert [c.value for c in sheet[1]] == ["STT", "Tổ dân phố/thôn", "Phường/xã", "Đã thực hiện", "Kế hoạch",
                                           "Tỷ lệ thực hiện", "Lần gần nhất"]
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["B"].width == 28
    group_1 = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1] == "Tổ dân phố số 1")
    assert group_1[3:5] == (2, 3) and group_1[6] == dt.datetime(2026, 3, 3)
    assert sheet.cell(row=2, column=7).number_format == "dd/mm/yyyy"
    unreached = workbook["Chưa được tuyên truyền"]
    assert unreached.max_row - 1 == 10  # groups 4-12 and group 2


def test_pdf_is_an_official_report_with_the_numbers(report_data):
    pdf = coverage_report_render(report_data, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for words in ("ỦY BAN NHÂN DÂN PHƯỜNG HẢI AN", "Số:", "/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "Độc lập - Tự do - Hạnh phúc", "Hải An, ngày 01 tháng 04 năm 2026", "BÁO CÁO",
                  "từ ngày 01/03/2026 đến ngày 31/03/2026", "Loa truyền thanh cơ sở", "Nơi nhận:",
                  "TM. ỦY BAN NHÂN DÂN", "Đã tuyên truyền đến 2/12", "32.900"):
        assert words in text, words
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842  # A4
    fonts = {str(font) for p in reader.pages for font in p["/Resources"]["/Font"].values()
             for font in [font.get_object()["/BaseFont"]]}
    assert any("LiberationSerif" in font.replace("-", "") for font in fonts)


def test_pdf_numbers_pages_from_the_second(report_data):
    from campaigns.models import ResidentialGroup

    ResidentialGroup.objects.bulk_create(
        ResidentialGroup(ward=report_data.campaign.ward, name=f"Tổ dân phố số {n}") for n in range(13, 160))
    data = coverage_report_data(campaign=report_data.campaign, start=START, end=END, issued_on=dt.date(2026, 4, 1))
    pdf = coverage_report_render(data, "pdf")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2

    def first_line(page: int) -> str:
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), "-", "-"], input=pdf,
                              capture_output=True, check=True).stdout.decode()
        return next(line.strip() for line in text.splitlines() if line.strip())

    assert first_line(1).startswith("ỦY BAN NHÂN DÂN")  # no number on the first page
    assert first_line(2) == "2"


def test_json_report(report_data):
    data = json.loads(coverage_report_render(report_data, "json"))
    assert data["groups"] == {"reached": 2, "total": 12}
    assert data["statuses"]["loudspeaker"]["missed"] == 1
    assert data["coverage"]["total"] == {"reached": 6, "planned": 8}


def test_command_writes_each_format(counted, tmp_path, capsys):
    for fmt in ("xlsx", "pdf", "json"):
        output = tmp_path / f"r.{fmt}"
        call_command("coverage_report", "--campaign", counted["campaign"].slug, "--ward", "hai-an",
                     "--from", "2026-03-01", "--to", "2026-03-31", "--format", fmt, "--output", str(output))
        assert output.stat().st_size > 100
    assert json.loads((tmp_path / "r.json").read_text())["coverage"]["total"]["planned"] == 8


@pytest.mark.parametrize("args, words", [
    (["--campaign", "khong-co", "--from", "2026-03-01", "--to", "2026-03-31"], "Không tìm thấy kế hoạch"),
    (["--campaign", "tp-thu", "--from", "2026-03-31", "--to", "2026-03-01"], "đứng trước ngày bắt đầu"),
    (["--campaign", "tp-thu", "--from", "31-03-2026", "--to", "2026-04-01"], "không phải là ngày hợp lệ"),
])
def test_command_bad_input_exits_2_in_vietnamese(counted, tmp_path, args, words):
    output = tmp_path / "r.json"
    with pytest.raises(CommandError) as error:
        call_command("coverage_report", *args, "--format", "json", "--output", str(output))
    assert error.value.returncode == 2 and words in str(error.value)
    assert not output.exists()


def test_download_button_gives_the_xlsx(counted, login):
    client = login("lanhdao")
    url = reverse("coverage:report", args=[counted["campaign"].pk])
    response = client.get(url, {"from": "2026-03-01", "to": "2026-03-31", "format": "xlsx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Tổng hợp" in workbook.sheetnames
    assert client.get(url, {"from": "2026-03-31", "to": "2026-03-01"}).status_code == 400
    assert client.get(url, {"format": "docx"}).status_code == 400


def test_reports_are_prepared_the_day_before_each_reporting_day(counted, login):
    campaign = counted["campaign"]
    campaign.reporting_days = [12, 27]
    campaign.save()
    assert report_period([12, 27], dt.date(2026, 3, 12)) == (dt.date(2026, 2, 27), dt.date(2026, 3, 11))
    assert coverage_reports_prepare(today=dt.date(2026, 3, 10)) == []
    made = coverage_reports_prepare(today=dt.date(2026, 3, 11))
    assert {r.format for r in made if r.campaign_id == campaign.pk} == {"xlsx", "pdf"}
    assert coverage_reports_prepare(today=dt.date(2026, 3, 11)) == []  # once
    report = CoverageReport.objects.get(campaign=campaign, format="xlsx")
    assert (report.period_start, report.period_end) == (dt.date(2026, 2, 27), dt.date(2026, 3, 11))
    client = login("lanhdao")
    matrix = client.get(reverse("coverage:matrix", args=[campaign.pk])).content.decode()
    assert reverse("coverage:stored_report", args=[report.pk]) in matrix
    download = client.get(reverse("coverage:stored_report", args=[report.pk]))
    assert load_workbook(io.BytesIO(download.content))["Tổng hợp"]
    import time_machine

    from tests.coverage_fixture import HCM

    with time_machine.travel(dt.datetime(2026, 3, 11, 17, tzinfo=HCM), tick=False):
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Báo cáo định kỳ đã sẵn sàng" in dashboard


def test_stored_reports_are_sealed_by_ward(counted, ward_user, client):
    campaign = counted["campaign"]
    campaign.reporting_days = [12]
    campaign.save()
    report = next(r for r in coverage_reports_prepare(today=dt.date(2026, 3, 11)) if r.campaign_id == campaign.pk)
    client.force_login(ward_user("ha-bac", "supervisor"))
    assert client.get(reverse("coverage:stored_report", args=[report.pk])).status_code == 404
