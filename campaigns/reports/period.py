"""A report period typed by a person (command line, query string): two dates, the end not before the start."""

import datetime as dt

from campaigns.admin.dates import DateTextError, date_text_parse

FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodError(ValueError):
    """A period that cannot be used; the message says why, in Vietnamese."""


def parse_day(value: str, *, label: str) -> dt.date:
    text = (value or "").strip()
    try:
        day = date_text_parse(text)
    except DateTextError:
        raise PeriodError(f"{label} “{text[:40]}” không phải là ngày hợp lệ: hãy viết dd/mm/yyyy (ví dụ "
                          "27/03/2026) hoặc YYYY-MM-DD.") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PeriodError(f"{label} {day:%d/%m/%Y} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}.")
    return day


def parse_period(start: str, end: str) -> tuple[dt.date, dt.date]:
    """(start, end) from two typed dates; refuses an end before the start."""
    first, last = parse_day(start, label="Ngày bắt đầu"), parse_day(end, label="Ngày kết thúc")
    if last < first:
        raise PeriodError(f"Ngày kết thúc {last:%d/%m/%Y} đứng trước ngày bắt đầu {first:%d/%m/%Y}: "
                          "hãy đổi lại khoảng thời gian báo cáo.")
    if (last - first).days > 366 * 5:
        raise PeriodError("Khoảng thời gian báo cáo dài quá 5 năm: hãy chọn khoảng ngắn hơn.")
    return first, last
