"""A plan's text re-made in the layouts offices really send (Nghị định 30/2020/NĐ-CP): the issuing
body beside the national motto at the top, "Nơi nhận" beside the signer at the bottom.

Used by the tests (small self-made fixtures, generated at test time) and by the accuracy bench.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
_KIND = re.compile(r"^(?:#+\s*)?(?:\*\*)?(KẾ HOẠCH|NGHỊ QUYẾT|CHỈ THỊ|QUYẾT ĐỊNH|CHƯƠNG TRÌNH)\b")
_ISSUE_LINE = re.compile(r"^[^\d,:;()]{2,60}?,\s*ngày")
_SIGNATURE = re.compile(r"^(?:\*\*)?(?:TM|T/M|KT|K/T|TL)[.\s]")


@dataclass
class PlanLayout:
    letterhead: list[str]  # left of the motto
    number_line: str
    date_line: str
    paragraphs: list[str]  # the body, one string per paragraph, from the kind heading
    recipients: list[str]  # "Nơi nhận:" and its lines
    signature: list[str]  # title lines, then the name


def _plain(line: str) -> str:
    line = re.sub(r"^#+\s*", "", line)
    return re.sub(r"\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", line).strip()


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs, current = [], []
    for line in lines:
        if not line.strip():
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(_plain(line))
    if current:
        paragraphs.append(" ".join(current))
    return [paragraph for paragraph in paragraphs if paragraph]


def plan_layout(text: str, letterhead: list[str]) -> PlanLayout:
    """Split a plain plan into the parts a two-column layout places."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if _KIND.match(line.strip())), 0)
    head = [_plain(line) for line in lines[:start] if _plain(line)]
    number_line = next((line for line in head if line.startswith("Số")), "Số:      /KH")
    date_line = next((line for line in head if _ISSUE_LINE.match(line)), "")
    recipients_at = max(i for i, line in enumerate(lines) if _plain(line).startswith("Nơi nhận"))
    signature_at = next(i for i in range(recipients_at, len(lines)) if _SIGNATURE.match(lines[i].strip()))
    return PlanLayout(
        letterhead=letterhead,
        number_line=number_line,
        date_line=date_line,
        paragraphs=_paragraphs(lines[start:recipients_at]),
        recipients=[_plain(line) for line in lines[recipients_at:signature_at] if _plain(line)],
        signature=[_plain(line) for line in lines[signature_at:] if _plain(line)],
    )


def write_docx(layout: PlanLayout, path: Path) -> Path:
    """Word file with the header and the closing set as two-column tables."""
    import docx

    document = docx.Document()
    header = document.add_table(rows=len(layout.letterhead) + 1, cols=2)
    left = [*layout.letterhead, layout.number_line]
    right = [*MOTTO, *([""] * (len(left) - len(MOTTO) - 1)), layout.date_line]
    for row, (left_text, right_text) in enumerate(zip(left, right, strict=True)):
        header.cell(row, 0).text = left_text
        header.cell(row, 1).text = right_text
    for paragraph in layout.paragraphs:
        document.add_paragraph(paragraph)
    closing = document.add_table(rows=1, cols=2)
    for cell, lines in ((closing.cell(0, 0), layout.recipients), (closing.cell(0, 1), layout.signature)):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    document.save(str(path))
    return path


def layout_html(layout: PlanLayout) -> str:
    def cell(lines: list[str], align: str) -> str:
        return f'<td style="text-align:{align}">' + "<br>".join(html.escape(line) for line in lines) + "</td>"

    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in layout.paragraphs)
    return (
        "<html><head><style>@page{size:A4;margin:2cm 2cm 2cm 3cm}"
        "body{font-family:'Liberation Serif','DejaVu Serif',serif;font-size:13pt}"
        "table{width:100%;border-collapse:collapse}td{vertical-align:top;width:50%}"
        "p{text-align:left;margin:0 0 6pt 0}</style></head><body>"
        f"<table><tr>{cell([*layout.letterhead, layout.number_line], 'center')}"
        f"{cell([*MOTTO, layout.date_line], 'center')}</tr></table>{body}"
        f"<table><tr>{cell(layout.recipients, 'left')}{cell(layout.signature, 'center')}</tr></table>"
        "</body></html>"
    )


def write_pdf(layout: PlanLayout, path: Path) -> Path:
    """Text PDF with the two-column header and closing (WeasyPrint)."""
    from weasyprint import HTML

    HTML(string=layout_html(layout)).write_pdf(str(path))
    return path


def write_side_by_side_text(layout: PlanLayout, path: Path) -> Path:
    """Plain text as layout-aware extraction prints a two-column page."""
    width = max(len(line) for line in [*layout.letterhead, layout.number_line, *layout.recipients]) + 6
    left = [*layout.letterhead, layout.number_line]
    right = [*MOTTO, layout.date_line]
    rows = [f"{a:<{width}}{b}" for a, b in zip(left, [*right, *[""] * len(left)], strict=False)]
    closing = [f"{a:<{width}}{b}" for a, b in
               zip(layout.recipients, [*layout.signature, *[""] * len(layout.recipients)], strict=False)]
    closing += [" " * width + line for line in layout.signature[len(layout.recipients):]]
    text = "\n".join([*rows, "", *("\n\n".join(layout.paragraphs).split("\n")), "", *closing]) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
