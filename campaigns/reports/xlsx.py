"""The periodic report as a workbook: a summary sheet, a sheet per channel (a row per group), the
groups not reached. Vietnamese headers, real dates, frozen header rows, set widths."""

from __future__ import annotations

import io
import re

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from campaigns.models import DeliveryStatus
from campaigns.reports.coverage_report import STATUS_COLUMNS, CoverageReportData

DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0%"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
WRAP = Alignment(wrap_text=True, vertical="top")


def sheet_title(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of \\ / ? * [ ] :), unique in the workbook."""
    title = re.sub(r"[\\/?*\[\]:]", " ", text).strip()[:31] or "Trang"
    base, n = title, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _header(sheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, Alignment(wrap_text=True, vertical="center")


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _ratio(reached: int, planned: int):
    return reached / planned if planned else None


def coverage_report_xlsx(data: CoverageReportData) -> bytes:
    workbook = Workbook()
    taken: set[str] = set()
    summary = workbook.active
    summary.title = sheet_title("Tổng hợp", taken)
    status_labels = [str(DeliveryStatus(status).label) for status in STATUS_COLUMNS]
    _header(summary, 1, ["Hình thức tuyên truyền", *status_labels, "Tổng số lượt", "Đã thực hiện", "Kế hoạch",
                         "Tỷ lệ thực hiện"])
    row = 2
    for (label, values, total), channel in zip(data.status_rows(), data.statuses, strict=True):
        cell = data.matrix.by_channel.get(channel)
        reached, planned = (cell.reached, cell.planned) if cell else (0, 0)
        summary.append([label, *values, total, reached, planned, _ratio(reached, planned)])
        summary.cell(row=row, column=len(values) + 5).number_format = PERCENT_FORMAT
        row += 1
    total = data.matrix.total
    summary.append(["Cộng", *[sum(data.statuses[c].get(s, 0) for c in data.statuses) for s in STATUS_COLUMNS],
                    sum(sum(v.values()) for v in data.statuses.values()), total.reached, total.planned,
                    _ratio(total.reached, total.planned)])
    for column in range(1, len(STATUS_COLUMNS) + 6):
        summary.cell(row=row, column=column).font = HEADER_FONT
    summary.cell(row=row, column=len(STATUS_COLUMNS) + 5).number_format = PERCENT_FORMAT
    row += 2
    facts = [
        ("Kế hoạch", data.campaign.title),
        ("Đơn vị thực hiện", data.campaign.ward.name),
        ("Từ ngày", data.start),
        ("Đến ngày", data.end),
        ("Ngày lập báo cáo", data.issued_on),
        ("Số tổ/thôn đã được tuyên truyền", data.groups_reached),
        ("Tổng số tổ/thôn", data.groups_total),
        ("Số tổ/thôn chưa được tuyên truyền trong kỳ", len(data.unreached)),
    ]
    for label, value in facts:
        summary.cell(row=row, column=1, value=label).font = HEADER_FONT
        cell = summary.cell(row=row, column=2, value=value)
        if hasattr(value, "year"):
            cell.number_format = DATE_FORMAT
        row += 1
    row += 1
    _header(summary, row, ["Chỉ tiêu của kế hoạch", "Số lượng", "Đơn vị tính", "Từ năm", "Đến năm"])
    for target in data.targets:
        row += 1
        for column, value in enumerate((target.text, target.quantity, target.unit, target.start_year,
                                        target.end_year), start=1):
            summary.cell(row=row, column=column, value=value)
        summary.cell(row=row, column=2).number_format = "#,##0"
    if not data.targets:
        summary.cell(row=row + 1, column=1, value="Kế hoạch chưa có chỉ tiêu số.")
    summary.freeze_panes = "B2"
    _widths(summary, [42, *[13] * len(STATUS_COLUMNS), 13, 13, 13, 13])

    for channel in data.group_channels:
        sheet = workbook.create_sheet(sheet_title(data.channel_label(channel), taken))
        _header(sheet, 1, ["STT", "Tổ dân phố/thôn", "Phường/xã", "Đã thực hiện", "Kế hoạch", "Tỷ lệ thực hiện",
                           "Lần gần nhất"])
        for number, group in enumerate(data.matrix.rows, start=1):
            cell = group.cells.get(channel)
            reached, planned = (cell.reached, cell.planned) if cell else (0, 0)
            last = data.last_reached.get((group.id, channel))
            sheet.append([number, group.name, group.ward_name, reached, planned, _ratio(reached, planned),
                          timezone.localtime(last).date() if last else None])
            sheet.cell(row=number + 1, column=6).number_format = PERCENT_FORMAT
            sheet.cell(row=number + 1, column=7).number_format = DATE_FORMAT
        sheet.freeze_panes = "A2"
        _widths(sheet, [6, 28, 18, 14, 12, 15, 14])

    sheet = workbook.create_sheet(sheet_title("Chưa được tuyên truyền", taken))
    _header(sheet, 1, ["STT", "Tổ dân phố/thôn", "Phường/xã", "Lần gần nhất được tuyên truyền"])
    for number, group in enumerate(data.unreached, start=1):
        sheet.append([number, group.name, group.ward_name,
                      timezone.localtime(group.last_reached_at).date() if group.last_reached_at else "Chưa có"])
        sheet.cell(row=number + 1, column=4).number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    _widths(sheet, [6, 28, 18, 30])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
