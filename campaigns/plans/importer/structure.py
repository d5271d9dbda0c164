"""The outline of a plan: head, Roman-numeral sections, and the tail
(recipients and signature)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import PlanImportError
from .text import RECIPIENTS_KEYWORD, SIGNATURE_PREFIX, Block, tolerant

# Checked in this order: "II- QUAN ĐIỂM, MỤC TIÊU" is about objectives.
SECTION_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("implementation", ("tổ chức thực hiện", "phân công", "trách nhiệm thực hiện", "trách nhiệm của")),
    ("forms", ("hình thức", "phương thức", "phương pháp tuyên truyền")),
    ("objectives", ("mục tiêu", "chỉ tiêu")),
    ("purpose", ("mục đích", "yêu cầu")),
    ("budget", ("kinh phí",)),
    ("schedule", ("thời gian", "tiến độ", "lộ trình")),
    ("tasks", ("nhiệm vụ", "giải pháp")),
    ("content", ("nội dung",)),
    ("assessment", ("đánh giá", "tình hình", "kết quả", "sự cần thiết")),
)
_SIGNING_TITLES = ("CHỦ TỊCH", "BÍ THƯ", "TRƯỞNG BAN", "GIÁM ĐỐC", "TRƯỞNG PHÒNG", "CHÁNH VĂN PHÒNG", "THỦ TRƯỞNG",
                   "TỔ TRƯỞNG", "TRƯỞNG TIỂU BAN")
# Tolerant of OCR: "KT CHỦ TỊCH", "T.M ỦY BAN", "PHO CHU TỊCH" are the signature block too.
SIGNATURE_TITLE = re.compile(
    rf"^{SIGNATURE_PREFIX}|^(?:{tolerant('PHÓ')}\s+)?(?:" + "|".join(tolerant(t) for t in _SIGNING_TITLES) + r")\b",
)
RECIPIENTS_START = re.compile(rf"^{RECIPIENTS_KEYWORD}\b", re.I)
RECIPIENTS_HEADING = re.compile(rf"^{RECIPIENTS_KEYWORD}\s*[:;.]?\s*", re.I)


def section_kind(title: str) -> str:
    lowered = title.lower()
    for kind, words in SECTION_KINDS:
        if any(word in lowered for word in words):
            return kind
    return "other"


@dataclass
class Section:
    label: str
    title: str
    kind: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Outline:
    blocks: list[Block]
    head: list[Block]
    sections: list[Section]
    tail: list[Block]

    def body(self) -> list[Block]:
        return [block for section in self.sections for block in section.blocks]

    def of_kind(self, *kinds: str) -> list[Section]:
        return [section for section in self.sections if section.kind in kinds]


def is_section_heading(block: Block) -> bool:
    if block.marker == "roman":
        return bool(block.body) and (block.upper or block.heading or block.body[0].isupper())
    # Unnumbered upper-case headings such as "MỤC ĐÍCH, YÊU CẦU".
    return (
        not block.marker
        and block.upper
        and len(block.text.split()) <= 12
        and section_kind(block.text) not in ("other", "assessment")
    )


def is_tail_start(block: Block) -> bool:
    return bool(RECIPIENTS_START.match(block.text) or SIGNATURE_TITLE.match(block.text))


def outline(blocks: list[Block]) -> Outline:
    """Split blocks into head, sections and tail; raise if no sections."""
    starts = [i for i, block in enumerate(blocks) if block.marker == "roman" and is_section_heading(block)]
    if len(starts) < 2:
        starts = [i for i, block in enumerate(blocks) if is_section_heading(block)]
    if len(starts) < 2:
        raise PlanImportError(
            "Không nhận ra cấu trúc kế hoạch: không có mục I., II., … "
            "(ví dụ I. MỤC ĐÍCH, YÊU CẦU; II. NỘI DUNG; … TỔ CHỨC THỰC HIỆN)"
        )
    tail_at = next((i for i in range(starts[-1] + 1, len(blocks)) if is_tail_start(blocks[i])), len(blocks))
    sections = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else tail_at
        heading = blocks[start]
        title = heading.body if heading.marker == "roman" else heading.text
        sections.append(Section(heading.label, title, section_kind(title), blocks[start + 1 : end]))
    return Outline(blocks, blocks[: starts[0]], sections, blocks[tail_at:])


def numbered_heading(block: Block) -> bool:
    """A numbered line that names a topic rather than saying something ("1. Quan điểm")."""
    return (
        block.marker in ("number", "letter")
        and not block.body.rstrip().endswith((".", ";", "./."))
        and len(block.body.split()) <= 30
    )
