"""Numeric targets: "Giai đoạn 2026 - 2030: hoàn thành 32.900 căn"."""

from __future__ import annotations

import re

from .structure import Outline, numbered_heading
from .text import Block, collapse, sentences, strip_quotes

UNITS = (
    "căn hộ",
    "căn nhà",
    "căn",
    "ha",
    "hécta",
    "héc-ta",
    "m2",
    "m²",
    "km",
    "%",
    "hộ gia đình",
    "hộ",
    "lượt người",
    "lượt",
    "người",
    "buổi",
    "cuộc",
    "tin bài",
    "tin, bài",
    "bài",
    "tin",
    "khẩu hiệu",
    "panô",
    "pa-nô",
    "pano",
    "băng rôn",
    "tờ rơi",
    "áp phích",
    "cụm loa",
    "tổ dân phố",
    "dự án",
    "đồng",
    "phòng",
    "chỗ",
    "giường",
    "học sinh",
    "lao động",
    "việc làm",
    "doanh nghiệp",
    "công trình",
    "chương trình",
    "chuyên mục",
    "hội nghị",
    "lớp",
    "đảng viên",
)
_CANONICAL_UNIT = {
    "căn nhà": "căn",
    "hécta": "ha",
    "héc-ta": "ha",
    "m²": "m2",
    "pa-nô": "panô",
    "pano": "panô",
    "tin, bài": "tin bài",
}
_MULTIPLIER = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUANTITY = re.compile(
    r"(?<![\w./,-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(nghìn|ngàn|triệu|tỷ)?\s*"
    rf"({_UNIT_ALT})(?!\w)",
    re.I,
)
_GOAL = re.compile(
    r"hoàn thành|phấn đấu|đạt|bảo đảm|đảm bảo|chỉ tiêu|ít nhất|tối thiểu|xây dựng|hỗ trợ|"
    r"mục tiêu|duy trì|tổ chức|thực hiện|tăng|giảm",
    re.I,
)
_NOT_OURS = re.compile(r"góp phần|\bđã\s+(?:hoàn thành|đạt|thực hiện|xây dựng|hỗ trợ)|kết quả", re.I)
_RANGE = r"(\d{4})\s*-\s*(\d{4})"
_PERIODS = (
    (re.compile(rf"giai đoạn\s+(?:từ\s+)?(?:năm\s+)?{_RANGE}", re.I), "range"),
    (re.compile(r"từ\s+năm\s+(\d{4})\s+(?:đến|-)\s+(?:hết\s+)?năm\s+(\d{4})", re.I), "range"),
    (re.compile(r"(?:đến|tới)\s+(?:hết\s+)?năm\s+(\d{4})", re.I), "until"),
    (re.compile(r"(?:^|[^\w])(?:trong\s+)?năm\s+(\d{4})\s*[:,]", re.I), "single"),
    (re.compile(rf"(?<!nhiệm kỳ )(?<!khóa )(?<!\d){_RANGE}(?!\d)", re.I), "range"),
    (re.compile(r"(?:^|[^\w])năm\s+(\d{4})", re.I), "single"),
)
_TRAILER = re.compile(r"(?:,\s*)?(?:cụ thể(?:\s+như sau)?|như sau)\s*:?\s*$", re.I)


def period_of(text: str) -> tuple[int | None, int | None]:
    """(start_year, end_year) stated in ``text``."""
    for pattern, shape in _PERIODS:
        match = pattern.search(text)
        if not match:
            continue
        if shape == "range":
            return int(match.group(1)), int(match.group(2))
        year = int(match.group(1))
        return (year, year) if shape == "single" else (None, year)
    return None, None


def read_quantity(digits: str, decimals: str | None, multiplier: str | None) -> int | float:
    value = float(f"{digits.replace('.', '')}.{decimals or 0}")
    value *= _MULTIPLIER.get((multiplier or "").lower(), 1)
    return int(value) if value.is_integer() else value


def clean_clause(text: str) -> str:
    text = collapse(text).lstrip("-+•* ").strip()
    text = _TRAILER.sub("", text).rstrip(" ;,.:")
    return text


def clauses(block_text: str) -> list[tuple[str, str]]:
    """(clause, its sentence) pairs, split at sentence ends and semicolons."""
    pairs = []
    for sentence in sentences(block_text):
        for clause in sentence.split(";"):
            if clause.strip():
                pairs.append((clause, sentence))
    return pairs


def targets_in(text: str) -> list[dict]:
    found = []
    for clause, sentence in clauses(text):
        visible = strip_quotes(clause)
        if not _GOAL.search(visible) or _NOT_OURS.search(visible):
            continue
        start, end = period_of(visible)
        if start is None and end is None:
            start, end = period_of(strip_quotes(sentence))
        for match in QUANTITY.finditer(visible):
            if re.search(r"(?:năm|kỳ)\s*$", visible[: match.start()], re.I):
                continue
            unit = match.group(4).lower()
            found.append(
                {
                    "quantity": read_quantity(match.group(1), match.group(2), match.group(3)),
                    "unit": _CANONICAL_UNIT.get(unit, unit),
                    "start_year": start,
                    "end_year": end,
                    "text": clean_clause(clause),
                }
            )
    return found


def _objective_blocks(doc: Outline) -> list[Block]:
    sections = doc.of_kind("objectives")
    if sections:
        return [block for section in sections for block in section.blocks]
    scoped: list[Block] = []
    for section in doc.sections:
        inside = False
        for block in section.blocks:
            if block.marker == "number" and numbered_heading(block):
                inside = bool(re.search(r"mục tiêu|chỉ tiêu", block.body, re.I))
                continue
            if inside:
                scoped.append(block)
    return scoped or doc.body()


def extract_targets(doc: Outline) -> list[dict]:
    """Targets from the objectives part of the plan, or the whole body if it has none."""
    seen: set[tuple] = set()
    result = []
    for block in _objective_blocks(doc):
        for target in targets_in(block.body if block.marker else block.text):
            key = (target["quantity"], target["unit"], target["start_year"], target["end_year"])
            if key not in seen:
                seen.add(key)
                result.append(target)
    return result
