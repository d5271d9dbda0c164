"""Responsible units and their tasks, from the implementation section."""

from __future__ import annotations

import re

from .structure import Outline
from .text import Block, capitalize_first, collapse, fix_hyphen_spacing

_ORG = re.compile(
    r"\b(?:Ban|Phòng|Văn phòng|Trung tâm|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Đảng ủy|Đảng uỷ|Đảng bộ|"
    r"Chi bộ|Hội|Đoàn|Công an|Quân sự|Ban Chỉ huy|Sở|Bộ|Cục|Chi cục|Tổ|Trường|Trạm|Đài|MTTQ|"
    r"Mặt trận|Thành ủy|Tỉnh ủy|Huyện ủy|Quận ủy|Thị ủy|Liên đoàn|Hợp tác xã|Ngân hàng|Bưu điện|"
    r"Báo|Cổng|Trưởng|Bí thư|Chủ tịch|UBMTTQ)\b|\b(?:cấp ủy|cơ quan|đơn vị|đồng chí|tổ chức|"
    r"đoàn thể|ngành|địa phương|chính quyền|Tổ dân phố|trường học)\b",
)
# Verbs that start what a unit must do; the subject before them is the unit.
_VERBS = (
    "có trách nhiệm",
    "chịu trách nhiệm",
    "là cơ quan",
    "căn cứ",
    "tập trung",
    "hướng dẫn",
    "lãnh đạo",
    "chỉ đạo",
    "chủ trì",
    "phối hợp",
    "tổ chức",
    "xây dựng",
    "tăng cường",
    "thực hiện",
    "triển khai",
    "theo dõi",
    "tham mưu",
    "quán triệt",
    "đẩy mạnh",
    "rà soát",
    "bố trí",
    "nghiên cứu",
    "cụ thể hóa",
    "giám sát",
    "kiểm tra",
    "thường xuyên",
    "tích cực",
    "chủ động",
    "đôn đốc",
    "định kỳ",
    "tiếp tục",
    "phổ biến",
    "tuyên truyền",
    "có nhiệm vụ",
    "giúp",
    "phụ trách",
    "bảo đảm",
    "đảm bảo",
    "nắm",
    "vận động",
    "cung cấp",
    "biên tập",
    "sản xuất",
    "đăng tải",
    "phát sóng",
    "kịp thời",
    "hỗ trợ",
    "cử",
    "trực tiếp",
    "báo cáo",
    "gửi",
)
_VERB_RE = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(v) for v in _VERBS) + r")(?![\w])")
# "các tổ chức chính trị - xã hội" is a noun, not the verb "tổ chức".
_NOUN_BEFORE = ("và", "các", "những", "của", "cho", "với", "mọi", "từng", "là", "trong")
_NOUN_AFTER = ("chính", "đảng", "đoàn", "xã", "hội", "thành", "cơ", "kinh", "quần", "tôn", "trực", "phi")
_REQUEST = re.compile(r"^(?:Đề nghị|Kính đề nghị|Giao cho|Giao|Yêu cầu)\s+", re.I)
_CLOSING = re.compile(
    r"^(?:Nhận được|Trên đây|Trong quá trình|Yêu cầu các|Đề nghị các .* nghiêm túc|Thời gian thực hiện\b|"
    r"Kế hoạch này có hiệu lực|Nơi nhận\b)",
    re.I,
)


def clean_name(text: str) -> str:
    name = _REQUEST.sub("", collapse(text)).strip(" :;,.-")
    return capitalize_first(fix_hyphen_spacing(name))


def clean_task(text: str) -> str:
    return capitalize_first(collapse(text).strip())


def _verb_at(text: str) -> re.Match[str] | None:
    for match in _VERB_RE.finditer(text):
        before = text[: match.start()].rstrip(" ,").split()
        after = text[match.end() :].split()
        if not before:
            continue
        if before[-1].lower() in _NOUN_BEFORE:
            continue
        if match.group(0) == "tổ chức" and after and after[0].lower().strip(",") in _NOUN_AFTER:
            continue
        return match
    return None


def split_subject(text: str) -> tuple[str, str] | None:
    """ "UBND huyện lãnh đạo, chỉ đạo ..." -> ("UBND huyện", "lãnh đạo, chỉ đạo ...")."""
    head, sep, rest = text.partition(":")
    if sep and len(head.split()) <= 15 and _ORG.search(head) and not _verb_at(head):
        return head, rest
    match = _verb_at(text)
    if not match or len(text[: match.start()].split()) > 30:
        return None
    subject = text[: match.start()]
    if not _ORG.search(subject):
        return None
    return subject, text[match.start() :]


def _is_heading_item(block: Block) -> bool:
    body = block.body.rstrip()
    return not body.endswith((".", ";", "./.")) and len(body.split()) <= 25 and not _verb_at(body)


def _is_closing(block: Block) -> bool:
    return not block.marker and (block.text.endswith("./.") or bool(_CLOSING.match(block.text)))


def _unit_from_item(block: Block) -> dict | None:
    if _is_heading_item(block):
        body = block.body.rstrip(":")
        return {"name": clean_name(body), "tasks": []} if _ORG.search(body) else None
    split = split_subject(_REQUEST.sub("", block.body))
    if not split:
        return None
    name, task = split
    return {"name": clean_name(name), "tasks": [clean_task(task)] if task.strip() else []}


def units_from_blocks(blocks: list[Block]) -> list[dict]:
    item_kinds = {b.marker for b in blocks if b.marker in ("number", "letter")}
    units: list[dict] = []
    if not item_kinds:
        # Bulleted form: "- Phòng Văn hóa - Xã hội: chủ trì ..."
        for block in blocks:
            split = split_subject(_REQUEST.sub("", block.body)) if block.marker == "bullet" else None
            if split:
                units.append({"name": clean_name(split[0]), "tasks": [clean_task(split[1])]})
        return units
    current: dict | None = None
    for block in blocks:
        if block.marker in ("number", "letter"):
            unit = _unit_from_item(block)
            if unit:
                units.append(unit)
                current = unit
                continue
            if block.marker == "number" and _is_heading_item(block):
                current = None  # a grouping heading such as "1. Cấp phường"
                continue
        if _is_closing(block):
            current = None  # what follows the closing line is no unit's task
            continue
        if current is None:
            continue
        current["tasks"].append(clean_task(block.body if block.marker else block.text))
    return units


def extract_units(doc: Outline) -> list[dict]:
    blocks = [block for section in doc.of_kind("implementation") for block in section.blocks]
    return units_from_blocks(blocks)
