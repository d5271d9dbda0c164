"""Scans and photos of a plan: page images -> text, through Tesseract's Vietnamese model.

Tesseract is run as a program (Debian ``tesseract-ocr`` + ``tesseract-ocr-vie``, installed by
``make system-packages``), image-only PDFs are rasterised by poppler's ``pdftoppm``; no Python
binding is needed. Each page is straightened first (Tesseract's own orientation and script
detection gives the rotation; a slight skew is measured on the page's ink), then read with
automatic page segmentation (``--psm 3``), which finds the two columns of the letterhead and
of the closing and reads them one after the other instead of line by line across.

Every failure is a ``PlanImportError`` with a Vietnamese message: too many pages, a page with
no recognisable text, a photo that is not a document, Tesseract missing.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PlanImportError

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".heic", ".heif", ".tif", ".tiff")
MAX_OCR_PAGES = 20
OCR_DPI = 200
LOW_CONFIDENCE = 60  # words Tesseract is less sure of are marked for the editor
_MIN_LETTERS_PER_PAGE = 40
_MIN_MEAN_CONFIDENCE = 45
_TESSERACT_TIMEOUT_S = 120
_COLUMN_GAP_CHARS = 8

ProgressCallback = Callable[[int, int], None]


@dataclass
class OcrWord:
    text: str
    confidence: float


@dataclass
class OcrPage:
    number: int
    text: str
    words: list[OcrWord] = field(default_factory=list)
    seconds: float = 0.0

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
        return "\n\n".join(page.text for page in self.pages)


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


def _read_tsv(tsv: str) -> tuple[str, list[OcrWord]]:
    """Text laid out as on the page, and every word's confidence.

    Words keep their horizontal place (in character widths), so two columns printed on the same
    lines stay apart by a wide gap and ``columns.unfold_columns`` reads them one after the other;
    Tesseract's paragraphs are separated by a blank line.
    """
    placed: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    words: list[OcrWord] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        placed.setdefault(key, []).append((int(row["left"]), int(row["width"]), row["text"]))
        words.append(OcrWord(row["text"], float(row["conf"])))
    if not placed:
        return "", words
    widths = sorted(width / len(text) for line in placed.values() for _left, width, text in line)
    char = max(1.0, widths[len(widths) // 2])
    margin = min(left for line in placed.values() for left, _width, _text in line)
    # Tesseract numbers blocks in reading order; lines of different blocks at the same height
    # (the two header columns) are merged back into one physical line by their top.
    out: list[str] = []
    previous: tuple[int, int] | None = None
    for (block, paragraph, _line), line_words in sorted(placed.items()):
        if previous is not None and previous != (block, paragraph):
            out.append("")
        text = ""
        for left, _width, word in sorted(line_words):
            column = round((left - margin) / char)
            gap = column - len(text)
            # Letter-spaced capitals leave gaps of a few characters inside a heading; columns, many.
            text += (" " * gap if gap >= _COLUMN_GAP_CHARS else (" " if text else "")) + word
        out.append(text)
        previous = (block, paragraph)
    return "\n".join(out), words


def ocr_image(image, number: int) -> OcrPage:
    import time

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="loa-ocr-") as folder:
        path = Path(folder) / "page.png"
        straighten(image).save(path)
        try:
            done = subprocess.run(
                [_tesseract(), str(path), "stdout", "-l", "vie", "--psm", "3", "--dpi", str(OCR_DPI), "tsv"],
                check=True, capture_output=True, timeout=_TESSERACT_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired as exc:
            raise PlanImportError(f"Trang {number}: đọc bản quét quá lâu, đã dừng") from exc
        except subprocess.CalledProcessError as exc:
            raise PlanImportError(f"Trang {number}: Tesseract không đọc được ảnh") from exc
    text, words = _read_tsv(done.stdout.decode("utf-8", "replace"))
    return OcrPage(number, text, words, time.perf_counter() - started)


def _check_page(page: OcrPage, *, photo: bool) -> None:
    letters = sum(character.isalpha() for character in page.text)
    if letters < _MIN_LETTERS_PER_PAGE or page.mean_confidence < _MIN_MEAN_CONFIDENCE:
        if photo:
            raise PlanImportError(
                "Không nhận ra chữ trong ảnh: có vẻ đây không phải ảnh chụp một trang văn bản "
                "(hãy chụp thẳng, đủ sáng, cả trang giấy)"
            )
        raise PlanImportError(f"Trang {page.number}: không nhận ra chữ (trang trắng hoặc ảnh quá mờ)")


def ocr_document(path: Path, on_page: ProgressCallback | None = None) -> OcrResult:
    """Read a scanned PDF or a photo of a page; ``on_page(done, total)`` after each page."""
    path = Path(path)
    photo = path.suffix.lower() in IMAGE_EXTENSIONS
    with tempfile.TemporaryDirectory(prefix="loa-scan-") as folder:
        images = [_open_image(path)] if photo else [_open_image(p) for p in rasterise_pdf(path, Path(folder))]
    _check_limit(len(images))
    pages: list[OcrPage] = []
    for number, image in enumerate(images, start=1):
        page = ocr_image(image, number)
        _check_page(page, photo=photo)
        pages.append(page)
        if on_page:
            on_page(number, len(images))
    return OcrResult(pages)
