"""Vietnamese dates: "10/12/2025", "07/4/2026", "ngày 15 tháng 5 năm 2026"."""

from __future__ import annotations

import datetime as dt
import re

# Years with a typed slip: "2-25", "2O25" (letter O) are read as 2025.
YEAR = r"[12][0-9oO\-][0-9oO]{2}"
NUMERIC_DATE = re.compile(rf"(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}})\s*[/.\-]\s*({YEAR})(?!\d)")
WORDED_DATE = re.compile(rf"ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+({YEAR})(?!\d)", re.I)
ANY_DATE = re.compile(rf"{NUMERIC_DATE.pattern}|{WORDED_DATE.pattern}", re.I)
ISSUE_LINE = re.compile(
    r"^(?P<place>[^\d,:;()]{2,60}?)\s*,\s*ngày\s*(?P<d>[\d.…_ ]*?)\s*tháng\s*(?P<m>[\d.…_ ]*?)"
    rf"\s*năm\s*(?P<y>{YEAR})",
    re.I,
)


def read_year(raw: str) -> int:
    return int(raw.translate(str.maketrans({"o": "0", "O": "0", "-": "0"})))


def to_iso(day: int | None, month: int | None, year: int | None) -> str | None:
    """ISO date, or None when a part is blank or the date does not exist."""
    if not (day and month and year):
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_from_match(match: re.Match[str]) -> str | None:
    groups = match.groups()
    if groups[0] is not None:  # numeric form
        return to_iso(int(groups[0]), int(groups[1]), read_year(groups[2]))
    return to_iso(int(groups[3]), int(groups[4]), read_year(groups[5]))


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO, or None."""
    match = ANY_DATE.search(text)
    return date_from_match(match) if match else None


_LEADING_NUMERIC = re.compile(rf"\s*,?\s*(?:ban hành\s+)?(?:ngày\s*)?{NUMERIC_DATE.pattern}", re.I)
_LEADING_WORDED = re.compile(rf"\s*,?\s*(?:ban hành\s+)?{WORDED_DATE.pattern}", re.I)


def leading_date(text: str) -> tuple[str | None, int]:
    """A date right at the start of ``text`` (", ngày 13/11/2023 ..."): (iso, end) or (None, 0)."""
    match = _LEADING_NUMERIC.match(text)
    if match:
        day, month, year = match.groups()
        return to_iso(int(day), int(month), read_year(year)), match.end()
    match = _LEADING_WORDED.match(text)
    if match:
        day, month, year = match.groups()
        return to_iso(int(day), int(month), read_year(year)), match.end()
    return None, 0


def _part(raw: str) -> int | None:
    digits = re.sub(r"\D", "", raw or "")
    return int(digits) if digits else None


def parse_issue_line(text: str) -> tuple[str, str | None] | None:
    """ "Hải An, ngày   tháng 5 năm 2026" -> ("Hải An", None); None if not such a line."""
    match = ISSUE_LINE.match(text)
    if not match:
        return None
    place = match.group("place").strip(" .-")
    iso = to_iso(_part(match.group("d")), _part(match.group("m")), read_year(match.group("y")))
    return place, iso
