"""Scans and photos of a plan: page images -> text, through Tesseract's Vietnamese model.

Tesseract is run as a program (Debian ``tesseract-ocr`` + ``tesseract-ocr-vie``, installed by
``make system-packages``), image-only PDFs are rasterised by poppler's ``pdftoppm`` at 200 dpi;
no Python binding is needed. Each page is cleaned of speckle and deskewed (the skew is measured
on the page's ink; no second Tesseract pass for orientation), then read once with automatic page
segmentation (``--psm 3``). That one pass writes TSV: the text is laid out from it and every word
keeps its confidence, which the review marks. Tesseract often reads the two columns of the
letterhead and of the closing as one line across; ``column_order`` puts them back one after the
other from the words' positions, and lone marks read twice over a neighbouring word's ink are
left out (``_without_ghosts``).

Speed (issue 15 asks < 15 s per A4 page on a 2-core machine): Tesseract's OpenMP threads spin
against each other and against other work on a loaded machine, so each Tesseract runs with
``OMP_THREAD_LIMIT=1`` and two pages are read at once (``OCR_WORKERS``), with the LSTM engine
only (``--oem 1``).

Every failure is a ``PlanImportError`` with a Vietnamese message: too many pages, a photo that
is not a document, a scan where no page has recognisable text, Tesseract missing. A blank or
unreadable page inside a longer scan is kept, marked ``readable=False``, so the review can say so.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .columns import KIND_HEADING as _KIND_HEADING
from .columns import join_wrapped_items
from .errors import PlanImportError

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".heic", ".heif", ".tif", ".tiff")
MAX_OCR_PAGES = 20
OCR_DPI = 200
LOW_CONFIDENCE = 60  # words Tesseract is less sure of are marked for the editor
_MIN_LETTERS_PER_PAGE = 40
_MIN_MEAN_CONFIDENCE = 45
_TESSERACT_TIMEOUT_S = 120
_COLUMN_GAP_CHARS = 8
_GHOST_GAP_PX = 1  # a lone mark this close to a word (or over it) is a misreading
_GHOST_OVERLAP_PX = 3  # a lone letter or digit this far over a word, too
# Tesseract draws the box of a dash between words ("kinh tế - xã hội") over its neighbours: kept.
_DASHES = "-‐‑–—"
OCR_WORKERS = max(1, min(2, os.cpu_count() or 1))  # pages read at once, one Tesseract thread each

ProgressCallback = Callable[[int, int], None]


@dataclass
class OcrWord:
    text: str
    confidence: float


# One line as the review shows it: (spaces before the word, word, confidence) for each word.
OcrLine = list[tuple[int, str, float]]


@dataclass
class OcrPage:
    number: int
    text: str
    words: list[OcrWord] = field(default_factory=list)
    seconds: float = 0.0
    lines: list[OcrLine] = field(default_factory=list)
    readable: bool = True
    image: object = None  # the straightened page (a Pillow image), for the review

    @property
    def mean_confidence(self) -> float:
        scores = [word.confidence for word in self.words if word.text.strip()]
        return sum(scores) / len(scores) if scores else 0.0

    @property
    def low_confidence_words(self) -> list[str]:
        return [word.text for word in self.words if word.text.strip() and word.confidence < LOW_CONFIDENCE]


@dataclass
class OcrResult:
    pages: list[OcrPage]

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages if page.readable)


def _tesseract() -> str:
    program = shutil.which("tesseract")
    if program is None:
        raise PlanImportError("Máy chủ chưa cài Tesseract (tesseract-ocr, tesseract-ocr-vie) để đọc bản quét")
    return program


def _page_count(pdf: Path) -> int:
    try:
        from pypdf import PdfReader

        return len(PdfReader(str(pdf)).pages)
    except Exception as exc:
        raise PlanImportError("Tệp PDF bị hỏng hoặc không đọc được") from exc


def _check_limit(count: int) -> None:
    if count > MAX_OCR_PAGES:
        raise PlanImportError(
            f"Bản quét có {count} trang, vượt giới hạn {MAX_OCR_PAGES} trang mỗi lần nhập — "
            "hãy tách riêng phần kế hoạch (thường vài trang) rồi nhập lại"
        )


def check_scan_pages(pdf: Path) -> None:
    """Refuse a scanned PDF over the page limit before anything is read."""
    _check_limit(_page_count(pdf))


def rasterise_pdf(pdf: Path, folder: Path) -> list[Path]:
    """One PNG per page at OCR_DPI (limit checked before rendering)."""
    _check_limit(_page_count(pdf))
    if shutil.which("pdftoppm") is None:
        raise PlanImportError("Máy chủ chưa cài poppler-utils (pdftoppm) để đọc bản quét PDF")
    try:
        subprocess.run(
            ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", str(pdf), str(folder / "page")],
            check=True, capture_output=True, timeout=60 * MAX_OCR_PAGES,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise PlanImportError("Không chuyển được bản quét PDF thành ảnh để đọc") from exc
    return sorted(folder.glob("page*.png"))


def _open_image(path: Path):
    from PIL import Image, ImageOps, UnidentifiedImageError

    if path.suffix.lower() in (".heic", ".heif"):
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
        except ImportError as exc:  # pragma: no cover - declared in requirements
            raise PlanImportError("Thiếu thư viện để đọc ảnh HEIC") from exc
    try:
        image = Image.open(path)
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise PlanImportError("Tệp ảnh bị hỏng hoặc không phải ảnh") from exc
    return ImageOps.exif_transpose(image).convert("L")


def _skew_angle(image) -> float:
    """The small rotation (degrees, within ±5) that makes the text lines horizontal: the angle whose
    row profile of dark pixels is the most peaked."""
    from PIL import Image

    small = image.copy()
    small.thumbnail((800, 800))
    ink = small.point(lambda value: 255 if value < 128 else 0)
    best_angle, best_score = 0.0, -1.0
    for tenth in range(-50, 51, 5):
        angle = tenth / 10
        rotated = ink.rotate(angle, resample=Image.NEAREST, expand=False, fillcolor=0)
        width, height = rotated.size
        data = rotated.tobytes()
        rows = [sum(data[y * width : (y + 1) * width]) for y in range(height)]
        score = sum((rows[y] - rows[y - 1]) ** 2 for y in range(1, height))
        if score > best_score:
            best_angle, best_score = angle, score
    return best_angle


def straighten(image):
    """The page cleaned of speckle and deskewed."""
    from PIL import Image, ImageFilter

    image = image.filter(ImageFilter.MedianFilter(3))  # scanner speckle reads as punctuation otherwise
    angle = _skew_angle(image)
    if abs(angle) >= 0.25:
        image = image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    return image


# One word as Tesseract placed it: (left, width, text, confidence), in pixels.
_Placed = tuple[int, int, str, float]


def _laid_out(words: list[_Placed], margin: int, char: float) -> tuple[str, OcrLine]:
    """One line's words at their horizontal place, in character widths."""
    text = ""
    line: OcrLine = []
    for left, _width, word, confidence in sorted(words):
        column = round((left - margin) / char)
        gap = column - len(text)
        # Letter-spaced capitals leave gaps of a few characters inside a heading; columns, many.
        spaces = gap if gap >= _COLUMN_GAP_CHARS else (1 if text else 0)
        text += " " * spaces + word
        line.append((spaces, word, confidence))
    return text, line


def _split_at_gap(words: list[_Placed], gap: float) -> tuple[list[_Placed], list[_Placed]]:
    """The words left and right of the first gap at least ``gap`` pixels wide (right empty: none)."""
    words = sorted(words)
    for i in range(1, len(words)):
        if words[i][0] - (words[i - 1][0] + words[i - 1][1]) >= gap:
            return words[:i], words[i:]
    return words, []


def _span(words: list[_Placed]) -> tuple[int, int]:
    return min(left for left, *_ in words), max(left + width for left, width, *_ in words)


def _words_text(words: list[_Placed]) -> str:
    return " ".join(word for _left, _width, word, _conf in sorted(words))


def _column_lines(parts: list[list[_Placed]]) -> list[str]:
    """One column's lines, wrapped list items joined back (``columns.join_wrapped_items``)."""
    return join_wrapped_items([_words_text(part) for part in parts if part])


def column_order(rows: list[tuple[bool, list[_Placed]]], char: float) -> list[list[_Placed] | str | None]:
    """Rows (``(starts a paragraph, words)``, top to bottom) in reading order.

    The letterhead and the closing of a plan (Nghị định 30) are two columns printed side by side,
    which Tesseract often reads as one line across ("Nơi nhận:      TM. ỦY BAN NHÂN DÂN"). A
    stretch of such rows is found by the pixel geometry: it starts at a row with a wide gap
    between words and goes on while each row either has such a gap or lies wholly on one side
    of it (a left-column line ends before the right column starts; a right-column line starts
    after the left column ends and is centred right of that start). A line across the boundary
    or the document's kind heading ends it. The stretch is given back as the left column's
    lines, then the right column's, each a paragraph (``str``); other rows stay as they were
    (``list`` of words); ``None`` is a paragraph break.
    """
    gap = _COLUMN_GAP_CHARS * char
    rows = list(rows)
    out: list[list[_Placed] | str | None] = []
    i = 0
    while i < len(rows):
        starts, words = rows[i]
        left, right = _split_at_gap(words, gap)
        if not right:
            if starts and out:
                out.append(None)
            out.append(words)
            i += 1
            continue
        left_end = _span(left)[1]
        right_start = _span(right)[0]
        lefts, rights = [left], [right]
        j = i + 1
        while j < len(rows):
            words = rows[j][1]
            first, second = _split_at_gap(words, gap)
            lo, hi = _span(words)
            if second:
                left_end = max(left_end, _span(first)[1])
                right_start = min(right_start, _span(second)[0])
                lefts.append(first)
                rights.append(second)
            elif _KIND_HEADING.match(_words_text(words)):
                break
            elif hi < right_start:
                lefts.append(words)
            elif lo > left_end and (lo + hi) / 2 > right_start:
                rights.append(words)
            else:
                break  # a line across both columns: the two columns are over
            j += 1
        if out:
            out.append(None)
        for column in (lefts, rights):
            for line in _column_lines(column):
                out.extend((line, None))
        if out and out[-1] is None:
            out.pop()
        i = j
        if i < len(rows):
            rows[i] = (True, rows[i][1])  # what follows the columns is a paragraph of its own
    return out


def _without_ghosts(words: list[_Placed]) -> list[_Placed]:
    """The line's words without the one-character "words" read over a neighbour's ink: a lone
    punctuation mark touching or overlapping the word before or after it ("số ( 02-NQ/TU",
    "Nhân dân; ; đề", "các ban, „ phòng"), or a lone letter or digit overlapping it ("Chấp l hành").
    Separate words are set apart by a space, so such a character is that ink read a second time
    (the LSTM model does this on blurred scans), not a character of the document. A dash is
    always kept: its box spreads over the words around it even when it is really there."""
    words = sorted(words)
    kept: list[_Placed] = []
    for i, (left, width, word, confidence) in enumerate(words):
        if len(word.strip()) == 1 and word.strip() not in _DASHES:
            before = left - (words[i - 1][0] + words[i - 1][1]) if i else None
            after = words[i + 1][0] - (left + width) if i + 1 < len(words) else None
            gaps = [gap for gap in (before, after) if gap is not None]
            touching = not word.strip().isalnum() and any(gap <= _GHOST_GAP_PX for gap in gaps)
            if touching or any(gap <= -_GHOST_OVERLAP_PX for gap in gaps):
                continue
        kept.append((left, width, word, confidence))
    return kept


def read_tsv(tsv: str) -> tuple[str, list[OcrWord], list[OcrLine]]:
    """Text in reading order, every word's confidence, and the lines as on the page (for the review).

    The two columns of the letterhead and of the closing are read one after the other
    (``column_order``); elsewhere words keep their horizontal place (in character widths), so
    anything still side by side stays apart by a wide gap for ``columns.unfold_columns``.
    Tesseract's paragraphs are separated by a blank line.
    """
    placed: dict[tuple[int, int, int], list[_Placed]] = {}
    words: list[OcrWord] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        placed.setdefault(key, []).append(
            (int(row["left"]), int(row["width"]), row["text"], float(row["conf"]))
        )
    for key, line_words in placed.items():
        placed[key] = _without_ghosts(line_words)
        words.extend(OcrWord(word, confidence) for _left, _width, word, confidence in placed[key])
    placed = {key: line_words for key, line_words in placed.items() if line_words}
    if not placed:
        return "", words, []
    widths = sorted(width / len(text) for line in placed.values() for _left, width, text, _conf in line)
    char = max(1.0, widths[len(widths) // 2])
    margin = min(left for line in placed.values() for left, _width, _text, _conf in line)
    # Tesseract numbers blocks and paragraphs in reading order.
    lines: list[OcrLine] = []
    rows: list[tuple[bool, list[_Placed]]] = []
    previous: tuple[int, int] | None = None
    for (block, paragraph, _line), line_words in sorted(placed.items()):
        if previous is not None and previous != (block, paragraph):
            lines.append([])
        rows.append((previous is not None and previous != (block, paragraph), line_words))
        lines.append(_laid_out(line_words, margin, char)[1])
        previous = (block, paragraph)
    out = [
        "" if item is None else item if isinstance(item, str) else _laid_out(item, margin, char)[0]
        for item in column_order(rows, char)
    ]
    return "\n".join(out), words, lines


def tesseract_command(image: Path) -> list[str]:
    """One Tesseract pass writing TSV (text and per-word confidence) on stdout; LSTM engine only."""
    return [_tesseract(), str(image), "stdout", "-l", "vie", "--oem", "1", "--psm", "3", "--dpi", str(OCR_DPI), "tsv"]


def tesseract_environment() -> dict[str, str]:
    """One OpenMP thread per Tesseract: pages run side by side instead (see the module docstring)."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def ocr_image(image, number: int) -> OcrPage:
    started = time.perf_counter()
    page_image = straighten(image)
    with tempfile.TemporaryDirectory(prefix="loa-ocr-") as folder:
        path = Path(folder) / "page.png"
        page_image.save(path)
        try:
            done = subprocess.run(
                tesseract_command(path), check=True, capture_output=True, timeout=_TESSERACT_TIMEOUT_S,
                env=tesseract_environment(),
            )
        except subprocess.TimeoutExpired as exc:
            raise PlanImportError(f"Trang {number}: đọc bản quét quá lâu, đã dừng") from exc
        except subprocess.CalledProcessError as exc:
            raise PlanImportError(f"Trang {number}: Tesseract không đọc được ảnh") from exc
    text, words, lines = read_tsv(done.stdout.decode("utf-8", "replace"))
    return OcrPage(number, text, words, time.perf_counter() - started, lines=lines, image=page_image)


def page_is_readable(page: OcrPage) -> bool:
    letters = sum(character.isalpha() for character in page.text)
    return letters >= _MIN_LETTERS_PER_PAGE and page.mean_confidence >= _MIN_MEAN_CONFIDENCE


NOT_A_DOCUMENT = (
    "Không nhận ra chữ trong ảnh: có vẻ đây không phải ảnh chụp một trang văn bản "
    "(hãy chụp thẳng, đủ sáng, cả trang giấy)"
)
NO_READABLE_PAGE = "Không nhận ra chữ ở trang nào của bản quét (trang trắng hoặc ảnh quá mờ)"


def unreadable_page_message(number: int) -> str:
    return f"Trang {number}: không nhận ra chữ (trang trắng hoặc ảnh quá mờ), trang này không được đưa vào kế hoạch"


def ocr_document(
    path: Path, on_page: ProgressCallback | None = None, on_unreadable: Callable[[int], None] | None = None
) -> OcrResult:
    """Read a scanned PDF or a photo of a page; ``on_page(done, total)`` before the first page and
    after each page, ``on_unreadable(number)`` for each page kept aside as unreadable.

    Pages are read ``OCR_WORKERS`` at a time; they come back in page order. A photo with no
    recognisable text is refused; in a scan, an unreadable page is kept with ``readable=False``
    (the review says so) unless no page at all is readable.
    """
    path = Path(path)
    photo = path.suffix.lower() in IMAGE_EXTENSIONS
    with tempfile.TemporaryDirectory(prefix="loa-scan-") as folder:
        images = [_open_image(path)] if photo else [_open_image(p) for p in rasterise_pdf(path, Path(folder))]
    _check_limit(len(images))
    if on_page:
        on_page(0, len(images))
    pages: dict[int, OcrPage] = {}
    with ThreadPoolExecutor(max_workers=OCR_WORKERS) as pool:
        futures = [pool.submit(ocr_image, image, number) for number, image in enumerate(images, start=1)]
        try:
            for future in as_completed(futures):
                page = future.result()
                page.readable = page_is_readable(page)
                if not page.readable:
                    page.text, page.lines = "", []
                pages[page.number] = page
                if on_page:
                    on_page(len(pages), len(images))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    ordered = [pages[number] for number in sorted(pages)]
    if not any(page.readable for page in ordered):
        raise PlanImportError(NOT_A_DOCUMENT if photo else NO_READABLE_PAGE)
    for page in ordered:
        if not page.readable and on_unreadable:
            on_unreadable(page.number)
    return OcrResult(ordered)
