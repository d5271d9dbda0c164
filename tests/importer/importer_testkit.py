"""Helpers for the plan importer tests: fixture paths and tiny generated PDFs."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PLANS_DIR = FIXTURES / "plans"
EXPECTED_DIR = FIXTURES / "expected"
# The shared originals sit beside the repository: <repo>/../shared/plans.
SHARED_PLANS_DIR = HERE.parents[1] / ".." / "shared" / "plans"
PLAN_NAMES = sorted(path.stem for path in PLANS_DIR.glob("*.txt"))


def load_plan(name: str) -> str:
    return (PLANS_DIR / f"{name}.txt").read_text(encoding="utf-8")


def load_expected(name: str) -> dict:
    return json.loads((EXPECTED_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _pdf_object(number: int, body: bytes) -> bytes:
    return b"%d 0 obj\n" % number + body + b"\nendobj\n"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def make_text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (any Unicode).

    The font is a Type0 font with Identity-H encoding and a ToUnicode map and
    no embedded glyphs: viewers draw nothing useful, but text extraction works,
    which is all the importer needs.
    """
    chars = sorted({c for line in lines for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    content = [b"BT /F1 10 Tf 40 800 Td 12 TL"]
    for line in lines:
        hexed = "".join(f"{cid[c]:04X}" for c in line)
        content.append(f"<{hexed}> Tj T*".encode())
    content.append(b"ET")
    mapping = [f"<{cid[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>" for c in chars]
    cmap = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(mapping), 100):
        chunk = mapping[start : start + 100]
        cmap += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    cmap += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /PlanFont /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        _stream("\n".join(c.decode() for c in content).encode()),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /PlanFont /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        _stream("\n".join(cmap).encode()),
    ]
    return _assemble(objects)


def make_scanned_pdf() -> bytes:
    """A one-page PDF with only a drawing on it, like a scan without OCR."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(b"0.5 g 40 40 515 762 re f"),
    ]
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += _pdf_object(number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese as Windows-1258 does: base letter + combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in decomposed if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258")
