"""Where in the source text each parsed field came from, for the review screen.

``locate_fields(text, plan)`` searches the source for every value
``parse_plan`` returned and answers with 1-based (first line, last line)
spans. The search ignores case, whitespace and Markdown marks, so a value
the parser joined from wrapped lines is still found; a long value the parser
cleaned up (a stray bullet dropped) is found by its first and last words.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .channel_phrases import channels_in
from .code_patterns import normalize_code

Span = tuple[int, int]

_DROPPED = frozenset("*#_\\`")
_DASHES = dict.fromkeys("–—‐‑−", "-")
_ANCHOR = 24  # normalised characters that pin the start or end of a long value
_ISSUE_LINE = re.compile(r"ngày\s*[\d.…_ ]*\s*tháng\s*[\d.…_ ]*\s*năm\s*\d", re.I)
_REPORT_DAYS = re.compile(r"ngày\d{1,2}(?:(?:,|và|vàngày|,ngày)\d{1,2})*(?:hằng|hàng|mỗi|củacác|các)tháng")
_FORMS_HEADING = re.compile(r"^\W*(?:[IVX]+\s*[.\-:)]\s*)?HÌNH THỨC", re.I)
_FIRST_SECTION = re.compile(r"^\W*I\s*[.\-:)]\s*\w")


def _key(char: str) -> str:
    """The searchable form of one character ("" when the search ignores it)."""
    if char.isspace() or char in _DROPPED:
        return ""
    return _DASHES.get(char, char).lower()


def normalize(text: str) -> str:
    return "".join(_key(char) for char in unicodedata.normalize("NFC", text or ""))


class SourceIndex:
    """The source text as one searchable string, each character mapped to its line."""

    def __init__(self, text: str) -> None:
        self.lines = unicodedata.normalize("NFC", text).split("\n")
        chars: list[str] = []
        line_of: list[int] = []
        for number, line in enumerate(self.lines, start=1):
            for char in line:
                key = _key(char)
                chars.append(key)
                line_of.extend([number] * len(key))
        self.hay = "".join(chars)
        self.line_of = line_of

    def span(self, start: int, end: int) -> Span:
        return self.line_of[start], self.line_of[max(start, end - 1)]

    def offset_of_line(self, number: int) -> int:
        """The first searchable offset on or after line ``number``."""
        for offset, line in enumerate(self.line_of):
            if line >= number:
                return offset
        return len(self.hay)

    def find(self, value: str, start: int = 0) -> tuple[int, int] | None:
        """(start, end) offsets of ``value``; long values may match by their two ends."""
        needle = normalize(value)
        if not needle:
            return None
        at = self.hay.find(needle, start)
        if at >= 0:
            return at, at + len(needle)
        if len(needle) < 2 * _ANCHOR:
            return None
        at = self.hay.find(needle[:_ANCHOR], start)
        if at < 0:
            return None
        tail = self.hay.find(needle[-_ANCHOR:], at + _ANCHOR, at + 2 * len(needle))
        return (at, tail + _ANCHOR) if tail >= 0 else (at, at + _ANCHOR)

    def locate(self, value: str, start: int = 0) -> Span | None:
        found = self.find(value, start) or (self.find(value) if start else None)
        return self.span(*found) if found else None


def _date_spellings(iso: str) -> list[str]:
    date = dt.date.fromisoformat(iso)
    days, months = {f"{date.day}", f"{date.day:02d}"}, {f"{date.month}", f"{date.month:02d}"}
    numeric = [f"{d}/{m}/{date.year}" for d in days for m in months]
    worded = [f"ngày {d} tháng {m} năm {date.year}" for d in days for m in months]
    return numeric + worded


def _locate_date(index: SourceIndex, iso: str | None, *, after_word: str = "") -> Span | None:
    """The mention of a date, preferring one shortly after ``after_word`` ("đến")."""
    if not iso:
        return None
    hits = []
    for spelling in _date_spellings(iso):
        needle = normalize(spelling)
        at = index.hay.find(needle)
        while at >= 0:
            hits.append((at, at + len(needle)))
            at = index.hay.find(needle, at + 1)
    if not hits:
        return None
    hits.sort()
    preferred = [hit for hit in hits if after_word and after_word in index.hay[max(0, hit[0] - 60) : hit[0]]]
    return index.span(*(preferred or hits)[0])


def _locate_issue_line(index: SourceIndex) -> Span | None:
    for number, line in enumerate(index.lines[:60], start=1):
        if _ISSUE_LINE.search(line):
            return number, number
    return None


def _locate_issuer(index: SourceIndex, issuer: str | None) -> Span | None:
    """The issuer where the head names it (letterhead, enacting clause), else its last
    mention, which is the signature block ("TM. ỦY BAN NHÂN DÂN")."""
    needle = normalize(issuer or "")
    if not needle:
        return None
    first_section = next((n for n, line in enumerate(index.lines, 1) if _FIRST_SECTION.match(line)), None)
    head_end = index.offset_of_line(first_section) if first_section else len(index.hay)
    at = index.hay.find(needle, 0, head_end)
    if at < 0:
        at = index.hay.rfind(needle)
    return index.span(at, at + len(needle)) if at >= 0 else None


def _locate_reporting_days(index: SourceIndex, days: list[int]) -> Span | None:
    if not days:
        return None
    match = _REPORT_DAYS.search(index.hay)
    return index.span(match.start(), match.end()) if match else None


def _locate_channels(index: SourceIndex, channels: list[str]) -> dict[str, Span]:
    """The first line naming each channel, from the forms section on when there is one."""
    start = next((n for n, line in enumerate(index.lines) if _FORMS_HEADING.match(line.strip())), 0)
    found: dict[str, Span] = {}
    for offset in (start, 0):
        for number, line in enumerate(index.lines[offset:], start=offset + 1):
            for code in channels_in(line) & (set(channels) - found.keys()):
                found[code] = (number, number)
    return found


def _locate_references(index: SourceIndex, references: list[dict]) -> dict[str, Span]:
    found = {}
    for i, reference in enumerate(references):
        span = index.locate(normalize_code(reference.get("code") or ""))
        if span:
            found[f"references.{i}"] = span
    return found


def _locate_units(index: SourceIndex, units: list[dict]) -> dict[str, Span]:
    """Units are searched in order from the implementation section on, tasks under their unit."""
    found: dict[str, Span] = {}
    cursor = max(index.hay.rfind(normalize("tổ chức thực hiện")), 0)
    for i, unit in enumerate(units):
        hit = index.find(unit.get("name") or "", cursor) or index.find(unit.get("name") or "")
        task_cursor = cursor
        if hit:
            found[f"units.{i}"] = index.span(*hit)
            cursor = task_cursor = hit[0]
        for j, task in enumerate(unit.get("tasks") or []):
            task_hit = index.find(task, task_cursor) or index.find(task)
            if task_hit:
                found[f"units.{i}.tasks.{j}"] = index.span(*task_hit)
                task_cursor = task_hit[0]
    return found


def _locate_recipients(index: SourceIndex, recipients: list[str]) -> dict[str, Span]:
    cursor = max(index.hay.rfind(normalize("nơi nhận")), 0)
    found = {}
    for i, recipient in enumerate(recipients):
        span = index.locate(recipient, cursor)
        if span:
            found[f"recipients.{i}"] = span
    return found


def locate_fields(text: str, plan: dict) -> dict[str, Span]:
    """Spans of the source lines behind each field of ``plan`` (the output of parse_plan).

    Keys are field names ("title", "signer"), items of list fields
    ("targets.1", "recipients.0", "channels.portal") and unit tasks
    ("units.2.tasks.0"). Fields not found in the text are left out.
    """
    index = SourceIndex(text)
    found: dict[str, Span | None] = {
        "title": index.locate(plan.get("title") or ""),
        "issuer": _locate_issuer(index, plan.get("issuer")),
        "issued_on": _locate_issue_line(index),
        "place": _locate_issue_line(index) if plan.get("place") else None,
        "period_end": _locate_date(index, plan.get("period_end"), after_word="đến"),
        "reporting_days": _locate_reporting_days(index, plan.get("reporting_days") or []),
    }
    signer = normalize(plan.get("signer") or "")
    at = index.hay.rfind(signer) if signer else -1
    found["signer"] = index.span(at, at + len(signer)) if at >= 0 else None
    for i, target in enumerate(plan.get("targets") or []):
        found[f"targets.{i}"] = index.locate(target.get("text") or "")
    channels = _locate_channels(index, plan.get("channels") or [])
    found.update({f"channels.{code}": span for code, span in channels.items()})
    found.update(_locate_references(index, plan.get("references") or []))
    found.update(_locate_units(index, plan.get("units") or []))
    found.update(_locate_recipients(index, plan.get("recipients") or []))
    return {key: span for key, span in found.items() if span}
