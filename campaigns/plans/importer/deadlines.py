"""When the plan ends and on which days of the month reports are due."""

from __future__ import annotations

import re

from .dates import ANY_DATE, date_from_match, to_iso
from .text import Block

_UNTIL = re.compile(r"\bđến(?:\s+hết)?\b(?P<gap>[^.;\n]{0,80}?)(?P<date>" + ANY_DATE.pattern + ")", re.I)
_UNTIL_YEAR_END = re.compile(r"\bđến\s+hết\s+năm\s+(\d{4})\b", re.I)
_PERIOD_CONTEXT = re.compile(r"thời gian|thực hiện|tuyên truyền|từ ngày|từ nay|kéo dài|đợt", re.I)
_REPORT_CONTEXT = re.compile(r"báo cáo|gửi (?:về|kết quả)|trước ngày", re.I)
_REPORT_DAYS = re.compile(
    r"ngày\s+(\d{1,2}(?:\s*(?:,|và|và ngày|, ngày)\s*\d{1,2})*)\s+(?:hằng|hàng|mỗi|của các|các)\s+tháng",
    re.I,
)


def _date_in(match: re.Match[str]) -> str | None:
    inner = ANY_DATE.match(match.group("date"))
    return date_from_match(inner) if inner else None


def extract_period_end(blocks: list[Block]) -> str | None:
    """End of the campaign: "Thời gian: từ ngày ... đến hết ngày 30/9/2025"."""
    fallback = None
    for block in blocks:
        text = block.text
        for match in _UNTIL.finditer(text):
            before = text[max(0, match.start() - 100) : match.start()]
            if _REPORT_CONTEXT.search(before[-40:]):
                continue
            iso = _date_in(match)
            if iso and re.match(r"^\s*(?:thời gian|thời hạn)", text, re.I):
                return iso
            if iso and fallback is None and _PERIOD_CONTEXT.search(before + match.group("gap")):
                fallback = iso
        if fallback is None and re.match(r"^\s*(?:thời gian|thời hạn)", text, re.I):
            year_end = _UNTIL_YEAR_END.search(text)
            if year_end:
                fallback = to_iso(31, 12, int(year_end.group(1)))
    return fallback


def extract_reporting_days(blocks: list[Block]) -> list[int]:
    """Days of the month reports are due: "trước ngày 12 và 27 hàng tháng" -> [12, 27]."""
    days: set[int] = set()
    for block in blocks:
        for match in _REPORT_DAYS.finditer(block.text):
            for raw in re.findall(r"\d{1,2}", match.group(1)):
                if 1 <= int(raw) <= 31:
                    days.add(int(raw))
    return sorted(days)
