"""Encode a rendered poster as PNG or PDF bytes with its physical size."""

from __future__ import annotations

import io

from PIL import Image

from .formats import MM_PER_INCH

Dpi = float | tuple[float, float]


def _dpi_pair(dpi: Dpi) -> tuple[float, float]:
    x, y = (dpi, dpi) if isinstance(dpi, int | float) else dpi
    if x <= 0 or y <= 0:
        raise ValueError("dpi must be positive")
    return float(x), float(y)


def _rgb(image: Image.Image) -> Image.Image:
    return image if image.mode == "RGB" else image.convert("RGB")


def poster_png_bytes(image: Image.Image, dpi: Dpi, *, compress_level: int = 6) -> bytes:
    """PNG bytes with the resolution (pHYs) set to ``dpi``."""
    buf = io.BytesIO()
    _rgb(image).save(buf, "PNG", dpi=_dpi_pair(dpi), compress_level=compress_level)
    return buf.getvalue()


def poster_pdf_bytes(
    image: Image.Image,
    dpi: Dpi,
    *,
    size_mm: tuple[float, float] | None = None,
    title: str | None = None,
    quality: int = 92,
) -> bytes:
    """A one-page PDF whose page is the image at ``dpi``: page size = pixels / dpi inches.

    With ``size_mm`` (the format's physical size) the per-axis resolution is derived from it instead,
    so the page is exactly that size even though pixel counts are whole numbers.  The image is
    embedded as JPEG (``quality``, no chroma subsampling, so red/yellow text edges stay crisp).
    """
    image = _rgb(image)
    if size_mm is not None:
        resolution = (image.width * MM_PER_INCH / size_mm[0], image.height * MM_PER_INCH / size_mm[1])
    else:
        resolution = _dpi_pair(dpi)
    options: dict = {"dpi": resolution, "quality": quality, "subsampling": 0}
    if title:
        options["title"] = title
    buf = io.BytesIO()
    image.save(buf, "PDF", **options)
    return buf.getvalue()
