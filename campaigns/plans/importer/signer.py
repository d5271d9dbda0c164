"""The person who signs the plan, under "TM./KT./CHỦ TỊCH" or a digital stamp."""

from __future__ import annotations

import re

from .structure import RECIPIENTS_START, SIGNATURE_TITLE
from .text import Block, collapse

_STAMP = re.compile(r"(?:Ký bởi|Người ký|Signed by)\s*:\s*(?P<name>[^\n,;()<]+)", re.I)
_NOT_A_NAME = frozenset(
    "ban phòng văn ủy uỷ sở các lưu nơi trung hội đảng thường chủ phó bí giám trưởng thành tỉnh "
    "huyện xã phường kế nghị chỉ quyết đã ký ngày số tm kt tl mặt cơ đơn".split()
)
_TITLE_WORDS = re.compile(r"CHỦ TỊCH|BÍ THƯ|ỦY BAN|UỶ BAN|TRƯỞNG|GIÁM ĐỐC|THƯỜNG VỤ|THƯỜNG TRỰC|ĐẢNG|TM\.|KT\.")


def _title_case(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def as_name(text: str) -> str | None:
    """A personal name such as "Bùi Quang Ngân" (or "BÙI QUANG NGÂN"), else None."""
    text = collapse(re.sub(r"\((?:đã ký|ký|ký, đóng dấu|ký và đóng dấu)[^)]*\)", "", text, flags=re.I))
    words = text.split()
    if not 2 <= len(words) <= 6 or _TITLE_WORDS.search(text.upper() if text.isupper() else text):
        return None
    if not all(w.isalpha() for w in words) or words[0].lower() in _NOT_A_NAME:
        return None
    if text.isupper():
        words = [_title_case(w) for w in words]
    if not all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return None
    return " ".join(words)


def extract_signer(tail: list[Block]) -> str | None:
    """Name under the signature titles; None when the document leaves it blank."""
    for block in tail:
        stamp = _STAMP.search(block.text)
        if stamp and as_name(stamp.group("name").strip()):  # a stamp may name the body, not the person
            return as_name(stamp.group("name").strip())
    seen_title = False
    name = None
    in_recipients = False
    for block in tail:
        if RECIPIENTS_START.match(block.text):
            in_recipients = True
            continue
        if SIGNATURE_TITLE.match(block.text) or (block.upper and _TITLE_WORDS.search(block.text)):
            seen_title, in_recipients = True, False
            continue
        if seen_title and not in_recipients and block.marker != "bullet":
            name = as_name(block.text) or name
    return name
