"""Title, issuer, place and issue date from the head of a plan."""

from __future__ import annotations

import re

from .dates import parse_issue_line, to_iso
from .structure import SIGNATURE_TITLE, Outline
from .text import Block, collapse, fold, is_upper_line, split_lines, tolerant

KIND_HEADINGS = (
    "KẾ HOẠCH",
    "NGHỊ QUYẾT",
    "CHỈ THỊ",
    "QUYẾT ĐỊNH",
    "KẾT LUẬN",
    "CHƯƠNG TRÌNH",
    "HƯỚNG DẪN",
    "ĐỀ ÁN",
    "CÔNG VĂN",
    "THÔNG BÁO",
    "BÁO CÁO",
    "ĐỀ CƯƠNG",
)
# Tolerant of OCR's marks and spacing ("KÉ HOẠCH", "KẾHOẠCH"); the kind is named as it should be.
_KIND_HEADING = re.compile(r"^(" + "|".join(tolerant(kind) for kind in KIND_HEADINGS) + r")\b\s*(.*)$")
_KIND_BY_FOLD = {fold(kind).replace(" ", ""): kind for kind in KIND_HEADINGS}
_ENACTING = re.compile(
    r"\s(?:ban hành|xây dựng)\s+(?P<title>(?:Kế hoạch|Nghị quyết|Chỉ thị|Quyết định|Kết luận|"
    r"Chương trình|Hướng dẫn|Đề án)\b[^.;:]*)"
)
_TITLE_TRAILER = re.compile(
    r"\s*,?\s*(?:với\s+(?:những|các)?\s*nội dung[^.;:]*|(?:cụ thể\s+)?như sau|để triển khai[^.;:]*)\s*$",
    re.I,
)
_ORG_WORD = re.compile(
    r"Ủy ban|Uỷ ban|UBND|Ban\b|Đảng ủy|Đảng uỷ|Thành ủy|Tỉnh ủy|Huyện ủy|Quận ủy|Thị ủy|Sở\b|"
    r"Phòng\b|Hội đồng|Chính phủ|Bộ\b|Trung tâm|Mặt trận|Đoàn\b|Hội\b|Chi bộ|Đảng bộ"
)
_NATIONAL = re.compile(r"CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|ĐẢNG CỘNG SẢN VIỆT NAM|^\*+$", re.I)
_ADMIN_UNIT = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "TỈNH", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG", "ĐẶC KHU")
_PHRASES = {
    "ỦY BAN NHÂN DÂN": "Ủy ban nhân dân",
    "UỶ BAN NHÂN DÂN": "Ủy ban nhân dân",
    "HỘI ĐỒNG NHÂN DÂN": "Hội đồng nhân dân",
    "BAN THƯỜNG VỤ": "Ban Thường vụ",
    "BAN CHẤP HÀNH": "Ban Chấp hành",
    "BAN TUYÊN GIÁO VÀ DÂN VẬN": "Ban Tuyên giáo và Dân vận",
    "BAN TUYÊN GIÁO": "Ban Tuyên giáo",
    "BAN DÂN VẬN": "Ban Dân vận",
    "BAN CHỈ ĐẠO": "Ban Chỉ đạo",
    "BAN XÂY DỰNG ĐẢNG": "Ban Xây dựng Đảng",
    "BAN TỔ CHỨC": "Ban Tổ chức",
    "ĐẢNG ỦY": "Đảng ủy",
    "ĐẢNG BỘ": "Đảng bộ",
    "TỈNH ỦY": "Tỉnh ủy",
    "THÀNH ỦY": "Thành ủy",
    "HUYỆN ỦY": "Huyện ủy",
    "QUẬN ỦY": "Quận ủy",
    "THỊ ỦY": "Thị ủy",
    "MẶT TRẬN TỔ QUỐC": "Mặt trận Tổ quốc",
    "TRUNG TÂM": "Trung tâm",
    "VĂN PHÒNG": "Văn phòng",
    "PHÒNG": "Phòng",
    "SỞ": "Sở",
    "BỘ": "Bộ",
    "UBND": "UBND",
    "HĐND": "HĐND",
    "VIỆT NAM": "Việt Nam",
}


def org_case(upper: str) -> str:
    """ "ỦY BAN NHÂN DÂN PHƯỜNG HẢI AN" -> "Ủy ban nhân dân phường Hải An"."""
    text = collapse(upper)
    out: list[str] = []
    while text:
        for phrase, cased in sorted(_PHRASES.items(), key=lambda kv: -len(kv[0])):
            if text.startswith(phrase + " ") or text == phrase:
                out.append(cased)
                text = text[len(phrase) :].strip()
                break
        else:
            unit = next((u for u in _ADMIN_UNIT if text.startswith(u + " ") or text == u), None)
            if unit:
                out.append(unit.lower())
                text = text[len(unit) :].strip()
                continue
            word, _, text = text.partition(" ")
            out.append(word if not word.isalpha() else word[:1] + word[1:].lower())
    return " ".join(out)


def _title_from_heading(head: list[Block]) -> str | None:
    for i, block in enumerate(head):
        match = _KIND_HEADING.match(block.text) if block.upper else None
        if not match:
            continue
        kind = _KIND_BY_FOLD[re.sub(r"\s", "", fold(match.group(1)))].capitalize()
        rest = match.group(2).strip()
        if rest:
            return f"{kind} {rest}"
        following = head[i + 1] if i + 1 < len(head) else None
        if following and _is_subtitle(following):
            return f"{kind} {_lower_first_word(following.text)}"
        return None
    return None


def _is_subtitle(block: Block) -> bool:
    text = block.text
    return (
        not block.marker
        and not SIGNATURE_TITLE.match(text)
        and parse_issue_line(text) is None
        and not text.endswith((";", ":", ","))
        and len(text.split()) <= 120
    )


def _lower_first_word(text: str) -> str:
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word[0].isupper() and word[1:].islower():
        return word[0].lower() + text[1:]
    return text


def _enacting(blocks: list[Block]) -> tuple[str | None, str | None]:
    """(issuer, title) from "Ủy ban nhân dân phường X ban hành Kế hoạch ..."."""
    for block in blocks:
        match = _ENACTING.search(block.text)
        if not match:
            continue
        before = re.split(r"[,;:]", block.text[: match.start()])[-1].strip()
        issuer = before if before[:1].isupper() and len(before.split()) <= 15 and _ORG_WORD.search(before) else None
        title = _TITLE_TRAILER.sub("", match.group("title")).strip()
        return issuer, title or None
    return None, None


def _issuer_from_letterhead(text: str) -> str | None:
    """The issuing body in the letterhead lines before the document kind heading."""
    orgs: list[str] = []
    for line in split_lines(text)[:15]:
        if _KIND_HEADING.match(line.text) or line.text.startswith("Số"):
            break
        if not is_upper_line(line.text) or _NATIONAL.search(line.text):
            continue
        cut = re.split(r"\s+(?:CỘNG HÒA|CỘNG HOÀ|ĐẢNG CỘNG SẢN)", line.text)[0].strip(" *")
        if not cut:
            continue
        if orgs and cut.startswith(_ADMIN_UNIT):
            orgs[-1] += " " + cut  # "ỦY BAN NHÂN DÂN" / "PHƯỜNG HẢI AN"
        else:
            orgs.append(cut)
    return org_case(orgs[-1]) if orgs else None


def _issuer_from_signature(tail: list[Block]) -> str | None:
    for block in tail:
        match = re.match(r"^T\s?[/.]?\s?M\s?[.,:;]?\s+(.+)$", block.text)
        if match:
            return org_case(re.split(r"\s+(?:KT|K/T|PHÓ|CHỦ|BÍ THƯ)\b", match.group(1))[0])
    return None


# "Số 15-KH/ĐU Hải Hậu, ngày 03 tháng 3 năm 2025": the number and the date line on one line.
_NUMBER_PREFIX = re.compile(r"^Số\s*:?\s*[\d…._ ]*[-/]?\s*[A-ZĐ][A-Za-zĐđ0-9]*(?:\s*[-/]\s*[A-ZĐ][A-Za-zĐđ0-9]*)*\s+")


def _place_and_date(blocks: list[Block]) -> tuple[str | None, str | None]:
    for block in blocks[:20]:
        found = parse_issue_line(block.text) or parse_issue_line(_NUMBER_PREFIX.sub("", block.text, count=1))
        if found:
            return found
    return None, None


# The digital-signature stamp printed on a signed PDF:
#   Người ký: Ủy ban Nhân dân xã Hải Hà / Cơ quan: Tỉnh Nam Định / Thời gian ký: 03.03.2025 09:14:23 +07:00
_STAMP_SIGNER = re.compile(r"(?:Ký bởi|Người ký|Signed by)\s*:\s*(?P<org>[^\n,;<]+)", re.I)
_STAMP_TIME = re.compile(
    r"(?:Thời gian ký|Ngày ký|Signing time|Date)\s*:\s*(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})", re.I
)


def signature_stamp(text: str) -> tuple[str | None, str | None]:
    """(issuing body, ISO date) from a digital-signature stamp, when the plan carries one."""
    org = next(
        (collapse(m.group("org")) for m in _STAMP_SIGNER.finditer(text) if _ORG_WORD.search(m.group("org"))), None
    )
    time = _STAMP_TIME.search(text)
    issued_on = to_iso(int(time.group("d")), int(time.group("m")), int(time.group("y"))) if time else None
    return org, issued_on


def extract_header(doc: Outline, text: str) -> dict:
    early = doc.head + (doc.sections[0].blocks if doc.sections else [])
    enacting_issuer, enacting_title = _enacting(early)
    place, issued_on = _place_and_date(doc.head or doc.blocks)
    stamp_issuer, stamp_date = signature_stamp(text)
    return {
        "title": _title_from_heading(doc.head) or enacting_title,
        "issuer": enacting_issuer or _issuer_from_letterhead(text) or stamp_issuer
        or _issuer_from_signature(doc.tail),
        "place": place,
        "issued_on": issued_on or stamp_date,
    }
