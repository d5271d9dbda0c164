"""read_document(path): the text of a .txt/.md/.docx/.pdf plan, or PlanImportError."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .columns import unfold_columns
from .errors import PlanImportError

MAX_BYTES = 20 * 1024 * 1024
TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".text")
SUPPORTED_EXTENSIONS = (*TEXT_EXTENSIONS, ".docx", ".pdf")
_VIETNAMESE_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"\x7fELF", b"MZ")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _binary_error() -> PlanImportError:
    return PlanImportError("Không phải văn bản: tệp nhị phân (hãy dùng .txt, .md, .docx hoặc .pdf có lớp văn bản)")


def looks_like_text(text: str) -> bool:
    """Few control characters: not a binary file decoded by accident."""
    if not text:
        return False
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return controls <= 0.002 * len(text) + 1


def looks_vietnamese(text: str) -> bool:
    """Most non-ASCII letters are Vietnamese letters, as in any Vietnamese document."""
    text = unicodedata.normalize("NFC", text)
    foreign = [c for c in text if ord(c) > 127 and not c.isspace()]
    if not foreign:
        return True
    return sum(c in _VIETNAMESE_LETTERS for c in foreign) >= 0.7 * len(foreign)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    odd_zeros = sample[1::2].count(0)
    even_zeros = sample[0::2].count(0)
    half = max(1, len(sample) // 2)
    encoding = "utf-16-le" if odd_zeros > 0.3 * half else "utf-16-be" if even_zeros > 0.3 * half else None
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


ENCODING_LABELS = {
    "utf-8-sig": "UTF-8 (có BOM)",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 LE (không BOM)",
    "utf-16-be": "UTF-16 BE (không BOM)",
    "cp1258": "Windows-1258",
}


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM or not) or Windows-1258."""
    return decode_text_with_encoding(data)[0]


def decode_text_with_encoding(data: bytes) -> tuple[str, str]:
    """(text, codec name) — the codec is shown to the editor, who can tell a wrong guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise PlanImportError("Tệp văn bản bị hỏng: lỗi bảng mã sau dấu BOM") from exc
    if data.startswith(_BINARY_MAGIC):
        raise _binary_error()
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is None or not looks_like_text(text):
            raise _binary_error()
        sample = data[:4096]
        return text, "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    if text and looks_like_text(text) and looks_vietnamese(text):
        return unicodedata.normalize("NFC", text), "cp1258"  # cp1258 writes tone marks as combining
    raise PlanImportError(
        "Không nhận ra bảng mã ký tự của tệp (chỉ nhận UTF-8, UTF-16, Windows-1258) — hãy lưu lại tệp dưới dạng UTF-8"
    )


def document_encoding(path: str | Path) -> str:
    """How a plan file's characters were read, in words for the review: "UTF-16", "Windows-1258",
    "tệp Word (.docx)", "bản quét (OCR)" …"""
    path = Path(path)
    extension = path.suffix.lower()
    if extension == ".docx":
        return "tệp Word (.docx)"
    if extension == ".pdf":
        return "tệp PDF"
    if extension not in TEXT_EXTENSIONS:
        return "ảnh chụp (OCR)"
    try:
        return ENCODING_LABELS[decode_text_with_encoding(path.read_bytes())[1]]
    except (PlanImportError, OSError):
        return "không rõ"


def read_text_file(path: Path) -> str:
    text = decode_text(path.read_bytes())
    if not looks_like_text(text):
        raise _binary_error()
    return text


# --- .docx -------------------------------------------------------------------

_ROMAN = (
    ("M", 1000),
    ("CM", 900),
    ("D", 500),
    ("CD", 400),
    ("C", 100),
    ("XC", 90),
    ("L", 50),
    ("XL", 40),
    ("X", 10),
    ("IX", 9),
    ("V", 5),
    ("IV", 4),
    ("I", 1),
)


def to_roman(number: int) -> str:
    out = ""
    for symbol, value in _ROMAN:
        while number >= value:
            out, number = out + symbol, number - value
    return out


def format_counter(value: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return to_roman(value)
    if fmt == "lowerRoman":
        return to_roman(value).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


class _Numbering:
    """Renders Word's automatic numbering ("I.", "1.", "a)", bullets) as text."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for node in root.findall(_w("abstractNum")):
            levels = {}
            for lvl in node.findall(_w("lvl")):
                fmt = _val(lvl.find(_w("numFmt"))) or "decimal"
                text = _val(lvl.find(_w("lvlText"))) or ""
                start = int(_val(lvl.find(_w("start"))) or 1)
                levels[int(_val(lvl, "ilvl") or 0)] = (fmt, text, start)
            abstract[_val(node, "abstractNumId")] = levels
        for num in root.findall(_w("num")):
            ref = num.find(_w("abstractNumId"))
            for ilvl, spec in abstract.get(_val(ref), {}).items():
                self.levels[(_val(num, "numId"), ilvl)] = spec

    @staticmethod
    def _numpr(paragraph):
        ppr = paragraph._p.pPr
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None:  # numbering may come from the paragraph style ("List Number")
            style = paragraph.style
            style_ppr = style.element.pPr if style is not None else None
            numpr = style_ppr.numPr if style_ppr is not None else None
        return numpr

    def prefix(self, paragraph) -> str:
        numpr = self._numpr(paragraph)
        if numpr is None or numpr.numId is None or numpr.numId.val == 0:
            return ""
        num_id = str(numpr.numId.val)
        ilvl = int(numpr.ilvl.val) if numpr.ilvl is not None else 0
        spec = self.levels.get((num_id, ilvl))
        if spec is None:
            return ""
        fmt, template, start = spec
        if fmt == "bullet":
            return "- "
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        rendered = template
        for level in range(ilvl + 1):
            level_fmt = self.levels.get((num_id, level), ("decimal", "", 1))[0]
            rendered = rendered.replace(f"%{level + 1}", format_counter(counters[level] or 1, level_fmt))
        return rendered + " " if rendered else ""


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


def _val(node, attr: str = "val") -> str | None:
    return None if node is None else node.get(_w(attr))


# A table this narrow and short is page layout (letterhead beside the motto, "Nơi nhận" beside
# the signer), read column by column; anything larger is data, read row by row.
_LAYOUT_TABLE_COLUMNS = 3
_LAYOUT_TABLE_ROWS = 6


def _cells_in_reading_order(table) -> list:
    rows = [row.cells for row in table.rows]
    width = max((len(cells) for cells in rows), default=0)
    if width <= _LAYOUT_TABLE_COLUMNS and len(rows) <= _LAYOUT_TABLE_ROWS:
        order = [cells[col] for col in range(width) for cells in rows if col < len(cells)]
    else:
        order = [cell for cells in rows for cell in cells]
    seen: set[int] = set()
    unique = []
    for cell in order:
        if id(cell._tc) not in seen:  # merged cells repeat
            seen.add(id(cell._tc))
            unique.append(cell)
    return unique


def _docx_blocks(container, document, numbering: _Numbering) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == _w("p"):
            paragraph = Paragraph(child, document)
            yield numbering.prefix(paragraph) + paragraph.text
        elif child.tag == _w("tbl"):
            for cell in _cells_in_reading_order(Table(child, document)):
                yield from _docx_blocks(cell._tc, document, numbering)
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _docx_blocks(content, document, numbering)


def read_docx(path: Path) -> str:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - dependency declared in requirements
        raise PlanImportError("Thiếu thư viện python-docx để đọc tệp .docx") from exc
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise PlanImportError("Tệp .docx bị hỏng hoặc không phải tệp Word (.docx)") from exc
    except Exception as exc:  # zipfile.BadZipFile, lxml errors
        raise PlanImportError("Tệp .docx bị hỏng hoặc không phải tệp Word (.docx)") from exc
    numbering = _Numbering(document)
    # A blank line between paragraphs: Word paragraphs are already whole.
    return "\n\n".join(_docx_blocks(document.element.body, document, numbering))


# --- .pdf --------------------------------------------------------------------


class ScannedPdf(PlanImportError):
    """A PDF with no text layer: only OCR can read it."""


def _page_text(page) -> str:
    """The page's text with its layout kept (columns stay side by side for ``unfold_columns``)."""
    try:
        text = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False) or ""
    except Exception:  # pypdf's layout mode fails on a few odd fonts; plain mode still reads them
        text = page.extract_text() or ""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def drop_running_lines(pages: list[str]) -> list[str]:
    """Pages without their running header/footer lines (the same first or last line on most pages)
    and bare page numbers ("- 2 -", "Trang 2/5")."""
    page_number = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?\s*$", re.I)
    split = [[line for line in page.split("\n") if not page_number.match(line)] for page in pages]
    if len(split) < 3:
        return ["\n".join(lines) for lines in split]
    edges: dict[str, int] = {}
    for lines in split:
        content = [line.strip() for line in lines if line.strip()]
        for line in {*content[:1], *content[-1:]}:
            key = re.sub(r"\d+", "#", line)
            edges[key] = edges.get(key, 0) + 1
    running = {key for key, count in edges.items() if count >= max(2, len(split) * 2 // 3)}
    return ["\n".join(line for line in lines if re.sub(r"\d+", "#", line.strip()) not in running)
            for lines in split]


def read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover
        raise PlanImportError("Thiếu thư viện pypdf để đọc tệp .pdf") from exc
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PlanImportError("Tệp PDF được đặt mật khẩu — hãy gỡ mật khẩu trước khi nhập")
        pages = [_page_text(page) for page in reader.pages]
    except PlanImportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PlanImportError("Tệp PDF bị hỏng hoặc không đọc được") from exc
    text = "\n".join(drop_running_lines(pages))
    if sum(c.isalpha() for c in text) < 50:
        raise ScannedPdf(
            "Tệp PDF không có lớp văn bản (bản quét) — hãy nhập bằng lệnh “manage.py import_plan”, "
            "lệnh này đọc được bản quét"
        )
    return text


# --- entry point --------------------------------------------------------------


def read_document(path: str | Path, *, ocr: bool = False, on_page=None, on_unreadable=None) -> str:
    """The text of a plan file (NFC, "\\n" line ends).

    Size is checked before reading; raises PlanImportError with a Vietnamese
    message for missing, empty, oversized, binary, unsupported or scanned files.
    With ``ocr``, scanned PDFs and photos of pages (.jpg, .png, .heic) are read
    through Tesseract (``ocr.ocr_document``; ``on_page(done, total)`` reports
    progress, ``on_unreadable(number)`` names a blank or unreadable page left out);
    without it they are refused with a message saying so.
    """
    from .ocr import IMAGE_EXTENSIONS, ocr_document

    path = Path(path)
    extension = path.suffix.lower()
    if extension in IMAGE_EXTENSIONS:
        if not ocr:
            raise PlanImportError("Ảnh chụp văn bản cần đọc bằng OCR: hãy nhập bằng lệnh “manage.py import_plan”")
        _check_size(path)
        return _finish(ocr_document(path, on_page, on_unreadable).text)
    if extension == ".doc":
        raise PlanImportError("Tệp .doc (Word 97-2003) chưa được hỗ trợ — hãy lưu lại dưới dạng .docx")
    if extension not in SUPPORTED_EXTENSIONS:
        shown = extension or "không có phần mở rộng"
        raise PlanImportError(f"Định dạng tệp không được hỗ trợ ({shown}); chỉ nhận .txt, .md, .docx, .pdf")
    _check_size(path)
    if extension == ".docx":
        text = read_docx(path)
    elif extension == ".pdf":
        try:
            text = read_pdf(path)
        except ScannedPdf:
            if not ocr:
                raise
            text = ocr_document(path, on_page, on_unreadable).text
    else:
        text = read_text_file(path)
    return _finish(text)


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise PlanImportError(f"Không tìm thấy tệp: {path.name}") from exc
    if not path.is_file():
        raise PlanImportError(f"Không phải tệp: {path.name}")
    if size == 0:
        raise PlanImportError("Tệp rỗng")
    if size > MAX_BYTES:
        raise PlanImportError(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB)")


def _finish(text: str) -> str:
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    text = unfold_columns(re.sub(r"\r\n?", "\n", text))
    if not text.strip():
        raise PlanImportError("Tệp rỗng: không có nội dung văn bản")
    return text
