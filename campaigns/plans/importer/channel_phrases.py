"""Channel codes named by a plan's forms of propaganda (DESIGN.md codes)."""

from __future__ import annotations

import re

from .structure import Outline, numbered_heading
from .text import Block

# Only phrases that name a channel.  Generic "mạng xã hội" or "nền tảng số"
# names no particular platform, and "phát thanh" alone is the radio station
# (press) while "loa"/"truyền thanh" is the ward loudspeaker system.
_PATTERNS: dict[str, str] = {
    "loudspeaker": r"\bloa\b|truyền thanh|phát thanh cơ sở|đài phát thanh (?:xã|phường|thị trấn)",
    "mobile_team": r"thông tin lưu động|tuyên truyền lưu động|văn hóa lưu động|chiếu phim lưu động",
    "bulletin": r"bản tin|thông báo nội bộ|tài liệu sinh hoạt chi bộ",
    "visual": r"khẩu hiệu|pa[- ]?nô|pano|áp[- ]?phích|băng[- ]?rôn|băng[- ]?zôn|cổ động trực quan|"
    r"tranh cổ động|trực quan sinh động|bảng tin|màn hình led|màn hình điện tử",
    "press": r"báo chí|thông tin đại chúng|cơ quan truyền thông|phương tiện truyền thông đại chúng|"
    r"báo in|báo điện tử|truyền hình|đài phát thanh(?! (?:xã|phường|thị trấn))|cơ quan báo",
    "portal": r"cổng(?:/trang)? thông tin điện tử|trang thông tin điện tử|cổng ttđt|trang ttđt|website|"
    r"cổng thông tin",
    "meeting": r"hội nghị|sinh hoạt chi bộ|sinh hoạt chuyên đề|sinh hoạt (?:của )?(?:các )?(?:đoàn thể|tổ dân phố)|"
    r"\bhọp\b|tọa đàm|toạ đàm|hội thảo|giao ban|nói chuyện chuyên đề|báo cáo viên",
    "facebook": r"facebook|fanpage",
    "zalo": r"\bzalo\b",
    "youtube": r"youtube",
}
_COMPILED = {code: re.compile(pattern, re.I) for code, pattern in _PATTERNS.items()}
_PROPAGANDA_HEADING = re.compile(r"tuyên truyền|truyền thông|thông tin", re.I)


def channels_in(text: str) -> set[str]:
    return {code for code, pattern in _COMPILED.items() if pattern.search(text)}


def _scope(doc: Outline) -> list[Block]:
    """Forms and implementation sections, and sub-sections about propaganda."""
    blocks: list[Block] = []
    for section in doc.sections:
        if section.kind in ("forms", "implementation"):
            blocks.extend(section.blocks)
            continue
        if section.kind not in ("tasks", "other"):
            continue
        inside = False
        for block in section.blocks:
            if block.marker in ("number", "letter") and numbered_heading(block):
                inside = bool(_PROPAGANDA_HEADING.search(block.body))
                if inside:
                    blocks.append(block)
            elif inside:
                blocks.append(block)
    return blocks


def extract_channels(doc: Outline) -> list[str]:
    """Sorted channel codes the plan names where it says how to propagate."""
    scope = _scope(doc) or doc.body()
    found: set[str] = set()
    for block in scope:
        found |= channels_in(block.text)
    return sorted(found)
