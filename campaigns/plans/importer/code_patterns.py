"""Reference codes of Vietnamese documents: 02-NQ/TU, 444/QĐ-TTg, 201/2025/QH15."""

from __future__ import annotations

import re

from campaigns.plans.reference_codes import normalize_code  # noqa: F401  (one normaliser, shared with Resolution.save)

_SEGMENT = r"[A-ZĐ][A-Za-zĐđ0-9]*"
# A number, then letter segments joined by "-" or "/", at least one "/":
#   02-NQ/TU   94-KH/ĐU   444/QĐ-TTg   07/NQ-CP   201/2025/QH15   123/UBND-VHXH
CODE_RE = re.compile(
    rf"(?<![\w/.,])(\d{{1,5}})\s*"
    rf"(?:-\s*{_SEGMENT}\s*/\s*{_SEGMENT}(?:\s*[-/]\s*{_SEGMENT})*"
    rf"|/\s*(?:\d{{4}}\s*/\s*)?{_SEGMENT}(?:\s*[-/]\s*{_SEGMENT})*)"
    rf"(?![\w/])"
)

KIND_BY_TYPE = {
    "NQ": "nghi_quyet",
    "CT": "chi_thi",
    "KH": "ke_hoach",
    "QĐ": "quyet_dinh",
    "KL": "ket_luan",
    "CV": "cong_van",
    "QH": "luat",
}
KIND_BY_WORD = {
    "nghị quyết": "nghi_quyet",
    "chỉ thị": "chi_thi",
    "kế hoạch": "ke_hoach",
    "quyết định": "quyet_dinh",
    "kết luận": "ket_luan",
    "công văn": "cong_van",
    "luật": "luat",
}
DOCUMENT_WORDS = (
    "nghị quyết",
    "chỉ thị",
    "kế hoạch",
    "quyết định",
    "kết luận",
    "công văn",
    "luật",
    "thông tư",
    "nghị định",
    "hướng dẫn",
    "thông báo",
    "quy định",
    "chương trình",
    "đề án",
)
_WORD_BEFORE = re.compile(r"(" + "|".join(DOCUMENT_WORDS) + r")\s*(?:liên tịch\s*)?(?:số\s*)?:?\s*$", re.I)




def type_letters(code: str) -> str:
    """The document-type letters of a code: "NQ" in 02-NQ/TU and 07/NQ-CP, "QH" in 201/2025/QH15."""
    for segment in re.split(r"[-/]", code)[1:]:
        letters = re.sub(r"\d+$", "", segment)
        if letters and not letters.isdigit():
            return letters.upper()
    return ""


def kind_of(code: str, text_before: str) -> str:
    """Kind from the word just before the code, else from its type letters."""
    match = _WORD_BEFORE.search(text_before[-40:])
    if match:
        return KIND_BY_WORD.get(match.group(1).lower(), "other")
    return KIND_BY_TYPE.get(type_letters(code), "other")


def find_codes(text: str) -> list[re.Match[str]]:
    return list(CODE_RE.finditer(text))
