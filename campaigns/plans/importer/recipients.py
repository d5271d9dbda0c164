"""The "Nơi nhận:" list at the foot of a plan."""

from __future__ import annotations

import re

from .structure import RECIPIENTS_HEADING, RECIPIENTS_START, SIGNATURE_TITLE
from .text import Block, collapse

# Drafter's initials and copy count after the archive line: "Lưu VPTU.nhkhoi-275".
_DRAFTER_MARK = re.compile(r"\.\s*[a-zđ]{2,}[-.]?\d+\s*$")


def clean_recipient(text: str) -> str:
    text = collapse(text).lstrip("-+•*· ").strip()
    if text.lower().startswith("lưu"):
        text = _DRAFTER_MARK.sub("", text)
    return text.rstrip(" ;,.").strip()


def _ends_list(block: Block) -> bool:
    return bool(SIGNATURE_TITLE.match(block.text)) or (block.upper and block.marker != "bullet")


def extract_recipients(tail: list[Block]) -> list[str]:
    start = next((i for i, block in enumerate(tail) if RECIPIENTS_START.match(block.text)), None)
    if start is None:
        return []
    recipients: list[str] = []
    first = RECIPIENTS_HEADING.sub("", tail[start].text, count=1)
    candidates = [first] if first.strip() else []
    for block in tail[start + 1 :]:
        if _ends_list(block):
            break
        candidates.append(block.text)
    for text in candidates:
        # A line whose bullets were glued together: "- Như trên; - Lưu: VT."
        for part in re.split(r"(?<=[;,.])\s+[-+•]\s+(?=\S)", text):
            cleaned = clean_recipient(part)
            if cleaned:
                recipients.append(cleaned)
    return recipients
