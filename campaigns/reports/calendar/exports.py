"""The filtered agenda as a spreadsheet (CSV or XLSX), Vietnamese headers, real dates in XLSX.
Text cells that a spreadsheet would run as a formula are neutralised (``spreadsheet_safe``)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from campaigns.admin.exports import spreadsheet_safe
from campaigns.reports.calendar.entries import Entry

HEADERS = ["Ngày", "Giờ", "Nội dung", "Kênh", "Đối tượng", "Kế hoạch", "Phường/xã", "Số lượt", "Trạng thái",
           "Quá hạn"]


def _row(entry: Entry) -> list:
    statuses = "; ".join(f"{label}: {count}" for _code, label, count in entry.status_counts)
    return [entry.due_at.date(), entry.due_at.time().replace(second=0, microsecond=0), entry.title,
            entry.channel_label, entry.audience, entry.campaign_title, entry.ward_name, entry.deliveries, statuses,
            entry.overdue]


def agenda_csv(entries: list[Entry]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for entry in entries:
        day, time, *rest = _row(entry)
        writer.writerow([f"{day:%d/%m/%Y}", f"{time:%H:%M}", *(spreadsheet_safe(v) for v in rest)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def agenda_xlsx(entries: list[Entry], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lịch tuyên truyền"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in entries:
        day, time, *rest = _row(entry)
        sheet.append([day, time, *(spreadsheet_safe(v) for v in rest)])
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD/MM/YYYY"
        sheet.cell(row=sheet.max_row, column=2).number_format = "HH:MM"
    for column, width in zip("ABCDEFGHIJ", (12, 8, 50, 24, 16, 40, 16, 8, 40, 8), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
