"""Side-by-side text laid out in columns, as layout-aware PDF extraction and OCR print it.

Nghị định 30/2020/NĐ-CP sets the issuing body beside the national motto at the top
of a plan and "Nơi nhận" beside the signer at the bottom:

    ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    PHƯỜNG HẢI AN                       Độc lập - Tự do - Hạnh phúc
    Số: 15/KH-UBND                  Hải An, ngày 03 tháng 3 năm 2025

``unfold_columns`` rewrites such a stretch as the left column's lines, then the
right column's lines, blank-line separated, so neither is interleaved with the other.
Lines with no wide gap are left alone: a plain plan passes through unchanged.
"""

from __future__ import annotations

import re

from .text import tolerant

# A gap of this many spaces (or a tab) inside a line separates two columns.
_GAP = re.compile(r"\S(?P<gap>\t+ *| {4,})(?=\S)")
_MIN_RIGHT_INDENT = 12
# The document's kind heading is below the letterhead: it never belongs to a column.
KIND_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:"
    + "|".join(tolerant(kind) for kind in ("KẾ HOẠCH", "NGHỊ QUYẾT", "CHỈ THỊ", "QUYẾT ĐỊNH", "KẾT LUẬN",
                                           "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "ĐỀ ÁN"))
    + r")\s*$"
)


def _right_start(line: str) -> int | None:
    """Where the right column starts on ``line`` (None: no wide gap inside it)."""
    match = _GAP.search(line)
    return match.end("gap") if match else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _right_only(line: str, boundary: int) -> bool:
    """A line standing in the right column alone (its middle is right of the boundary)."""
    indent = _indent(line)
    return indent >= min(boundary * 0.6, boundary - 4) and indent + len(line.strip()) / 2 >= boundary


_ITEM_START = re.compile(r"^(?:[-+•·*]|\d{1,2}[.)]|[a-zđ]\))\s")


def join_wrapped_items(lines: list[str]) -> list[str]:
    """One column's lines with each list item wrapped onto the next line joined back
    ("- Các cơ quan tham mưu, giúp việc" / "Thành ủy,"): in a narrow column the wrap says nothing,
    and a capital after it would otherwise start a paragraph of its own."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if _ITEM_START.match(previous) and not previous.endswith((";", ",", ".", ":")) and not _ITEM_START.match(line):
            out[-1] = f"{previous} {line}"
        else:
            out.append(line)
    return out


def _unfold_run(lines: list[str], boundary: int) -> list[str]:
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        line = line.expandtabs(4).rstrip()
        if not line.strip():
            continue
        start = _right_start(line)
        if start is not None:
            left.append(line[:start].strip())
            right.append(line[start:].strip())
        elif _right_only(line, boundary):
            right.append(line.strip())
        else:
            left.append(line.strip())
    # Each line of a column is its own paragraph: a column's short lines are never one sentence.
    return [line for part in (*join_wrapped_items(left), *join_wrapped_items(right)) for line in (part, "")]


def unfold_columns(text: str) -> str:
    """The text with each side-by-side stretch read column by column (see the module docstring)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        start = _right_start(lines[i].expandtabs(4).rstrip())
        if start is None:
            out.append(lines[i])
            i += 1
            continue
        run, boundary, blanks = [lines[i]], start, 0
        left_end = len(lines[i][:start].rstrip())
        j = i + 1
        while j < len(lines):
            line = lines[j].expandtabs(4).rstrip()
            if not line.strip():
                blanks += 1
                if blanks > 2:
                    break
                run.append(line)
                j += 1
                continue
            gap_at = _right_start(line)
            left_only = len(line) <= left_end + 12 and len(line) <= boundary
            if KIND_HEADING.match(line) or (gap_at is None and not left_only and not _right_only(line, boundary)):
                break  # a full-width or centred line: the two columns are over
            blanks = 0
            if gap_at is not None:
                boundary = min(boundary, gap_at)
                left_end = max(left_end, len(line[:gap_at].rstrip()))
            run.append(line)
            j += 1
        while run and not run[-1].strip():
            run.pop()
            j -= 1
        out.extend(_unfold_run(run, boundary))
        i = j
    return "\n".join(out)
