"""Documents a plan cites: code, kind, date and issuer, each once."""

from __future__ import annotations

import re

from .code_patterns import DOCUMENT_WORDS, find_codes, kind_of, normalize_code
from .dates import leading_date
from .text import Block

# "Số: 45/KH-UBND", "Số 15-KH/ĐU", "Số: /KH-UBND" (number left blank until signed).
_OWN_NUMBER = re.compile(r"^Số\s*:|^Số\s+\d+\s*[-/]|^Số\s*[/…._]")
_BLANK_NUMBER = re.compile(r"^Số\s*:?\s*[…._ ]*(?P<symbol>/\s*[A-ZĐ][A-Za-zĐđ0-9]*(?:\s*[-/]\s*[A-ZĐ][A-Za-zĐđ0-9]*)*)")
_OF = re.compile(r"\s*,?\s*của\s+")
_TOKEN = re.compile(r"[^\s,;.:()“”\"]+|[,;.:()“”\"]")
# Lower-case words that belong inside names of issuing bodies.
_ISSUER_WORDS = frozenset(
    "ban chấp hành thường vụ trực đảng bộ ủy uỷ nhân dân thành phố tỉnh huyện quận thị xã trấn "
    "phường chính phủ trung ương hội đồng quốc tướng bí thư giáo vận tổ mặt trận và văn phòng "
    "khu ấp thôn liên tịch cộng sản đại biểu đạo hóa hoá thao lịch tin truyền thông tế nội kiểm tra "
    "dục tạo trường nguyên".split()
)
_TIME_WORDS = frozenset({"năm", "ngày", "tháng", "quý", "giai"})


def _is_document_word(words: list[str], i: int) -> bool:
    pair = " ".join(words[i : i + 2]).lower()
    return any(pair.startswith(word) for word in DOCUMENT_WORDS) or words[i].lower() == "luật"


def issuer_after(text: str) -> str | None:
    """The body named in "của <issuer>" right at the start of ``text``."""
    match = _OF.match(text)
    if not match:
        return None
    tokens = _TOKEN.findall(text[match.end() : match.end() + 200])
    taken: list[str] = []
    for i, word in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        lowered = word.lower()
        if word == ",":
            # Only names of ministries and departments hold commas: "Bộ Văn hóa, Thể thao và Du lịch".
            if (
                taken
                and taken[0] in ("Bộ", "Sở", "Phòng")
                and nxt[:1].isupper()
                and not _is_document_word(tokens, i + 1)
                and nxt.lower() not in _TIME_WORDS
            ):
                taken.append(",")
                continue
            break
        if not word[:1].isalpha() or lowered in _TIME_WORDS or _is_document_word(tokens, i):
            break
        if lowered == "ban" and nxt.lower() == "hành":
            break
        if lowered == "và" and not (nxt[:1].isupper() and not _is_document_word(tokens, i + 1)):
            break
        if word[:1].isupper() or lowered in _ISSUER_WORDS:
            taken.append(word)
            continue
        break
    while taken and taken[-1].lower() in {"và", ","}:
        taken.pop()
    issuer = " ".join(taken).replace(" ,", ",")
    return issuer if issuer[:1].isupper() else None


def own_codes(blocks: list[Block]) -> set[str]:
    """Codes in the document's own "Số: 45/KH-UBND" line are not references."""
    return {
        normalize_code(m.group(0))
        for block in blocks[:12]
        if _OWN_NUMBER.match(block.text)
        for m in find_codes(block.text)
    }


def own_number(blocks: list[Block]) -> str:
    """The document's own number: "45/KH-UBND"; "/KH-UBND" when the number is left blank; else ""."""
    codes = own_codes(blocks)
    if codes:
        return min(codes)
    for block in blocks[:12]:
        match = _BLANK_NUMBER.match(block.text)
        if match:
            return re.sub(r"\s+", "", match.group("symbol"))
    return ""


def _merge(found: dict, code: str, kind: str, by_word: bool, date: str | None, issuer: str | None) -> None:
    entry = found.get(code)
    if entry is None:
        found[code] = {"code": code, "kind": kind, "date": date, "issuer": issuer, "_by_word": by_word}
        return
    if by_word and not entry["_by_word"]:
        entry["kind"], entry["_by_word"] = kind, True
    entry["date"] = entry["date"] or date
    entry["issuer"] = entry["issuer"] or issuer


def extract_references(blocks: list[Block], skip_codes: set[str] | None = None) -> list[dict]:
    """Every cited document once, in order of first mention."""
    skip = skip_codes or set()
    found: dict[str, dict] = {}
    for block in blocks:
        if _OWN_NUMBER.match(block.text):
            continue
        text = block.text
        for match in find_codes(text):
            code = normalize_code(match.group(0))
            if code in skip:
                continue
            before = text[: match.start()]
            kind = kind_of(code, before)
            by_word = kind != kind_of(code, "")
            after = text[match.end() :]
            date, end = leading_date(after)
            _merge(found, code, kind, by_word, date, issuer_after(after[end:]))
    return [{k: v for k, v in entry.items() if not k.startswith("_")} for entry in found.values()]
