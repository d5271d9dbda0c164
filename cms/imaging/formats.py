"""Poster formats (print and social) and their pixel sizes.

Print formats are rendered at ``PRINT_DPI``; very large ones (panô, băng rôn) would
be hundreds of megapixels at that resolution, so every print render is capped at
``MAX_RENDER_PIXELS`` by lowering the effective dpi.  The physical page size stays
exact because the PDF is written with the effective dpi (see ``export.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

MM_PER_INCH = 25.4
PRINT_DPI = 150
#: Nominal resolution written into social images (they are sized in pixels).
SOCIAL_DPI = 72
#: Pixel budget of one print render (36 MP ≈ 108 MB as RGB).
MAX_RENDER_PIXELS = 36_000_000


@dataclass(frozen=True)
class PosterFormat:
    code: str
    label: str
    kind: Literal["print", "social"]
    width_mm: float | None = None
    height_mm: float | None = None
    width_px: int | None = None
    height_px: int | None = None
    #: Height of the slogan band as a fraction of the poster height.
    band_ratio: float = 0.16

    def __post_init__(self) -> None:
        if self.kind == "print":
            if not (self.width_mm and self.height_mm) or self.width_px or self.height_px:
                raise ValueError(f"{self.code}: a print format needs width_mm/height_mm only")
        elif self.kind == "social":
            if not (self.width_px and self.height_px) or self.width_mm or self.height_mm:
                raise ValueError(f"{self.code}: a social format needs width_px/height_px only")
        else:
            raise ValueError(f"{self.code}: unknown kind {self.kind!r}")
        if not 0 < self.band_ratio < 1:
            raise ValueError(f"{self.code}: band_ratio must be between 0 and 1")

    @property
    def is_print(self) -> bool:
        return self.kind == "print"

    @property
    def size_mm(self) -> tuple[float, float] | None:
        """Physical (width, height) in millimetres; None for social formats."""
        if self.width_mm is None or self.height_mm is None:
            return None
        return (self.width_mm, self.height_mm)

    @property
    def aspect(self) -> float:
        """Width / height."""
        if self.is_print:
            return self.width_mm / self.height_mm  # type: ignore[operator]
        return self.width_px / self.height_px  # type: ignore[operator]


_FORMATS = (
    PosterFormat("a4", "A4 (210×297 mm)", "print", width_mm=210, height_mm=297),
    PosterFormat("a3", "A3 (297×420 mm)", "print", width_mm=297, height_mm=420),
    PosterFormat("a2", "A2 (420×594 mm)", "print", width_mm=420, height_mm=594),
    PosterFormat("a0", "A0 (841×1189 mm)", "print", width_mm=841, height_mm=1189),
    PosterFormat("pano_2x4", "Panô 2×4 m", "print", width_mm=4000, height_mm=2000, band_ratio=0.22),
    PosterFormat("bang_ron_08x6", "Băng rôn 0,8×6 m", "print", width_mm=6000, height_mm=800, band_ratio=0.42),
    PosterFormat("facebook", "Facebook (1200×630 px)", "social", width_px=1200, height_px=630, band_ratio=0.22),
    PosterFormat("zalo", "Zalo (1200×675 px)", "social", width_px=1200, height_px=675, band_ratio=0.22),
    PosterFormat(
        "youtube_thumbnail",
        "Ảnh thu nhỏ YouTube (1280×720 px)",
        "social",
        width_px=1280,
        height_px=720,
        band_ratio=0.22,
    ),
)

POSTER_FORMATS: dict[str, PosterFormat] = {fmt.code: fmt for fmt in _FORMATS}
#: For a Django ``CharField(choices=FORMAT_CHOICES, max_length=32)``.
FORMAT_CHOICES: list[tuple[str, str]] = [(fmt.code, fmt.label) for fmt in _FORMATS]


def get_format(fmt: PosterFormat | str) -> PosterFormat:
    """Return the PosterFormat for a code (or pass a PosterFormat through); KeyError if unknown."""
    if isinstance(fmt, PosterFormat):
        return fmt
    try:
        return POSTER_FORMATS[fmt]
    except KeyError:
        raise KeyError(f"unknown poster format {fmt!r}; known: {', '.join(POSTER_FORMATS)}") from None


def target_size(
    fmt: PosterFormat | str, *, dpi: float = PRINT_DPI, max_pixels: int = MAX_RENDER_PIXELS
) -> tuple[int, int, float]:
    """Pixel size and effective dpi of a render: ``(width_px, height_px, dpi)``.

    Social formats: their exact pixel size at ``SOCIAL_DPI``.  Print formats: the physical
    size at ``dpi``, unless that exceeds ``max_pixels``; then the dpi is lowered so the render
    fits the budget, and that effective dpi is returned (use it for the PDF/PNG resolution).
    """
    fmt = get_format(fmt)
    if not fmt.is_print:
        return fmt.width_px, fmt.height_px, float(SOCIAL_DPI)  # type: ignore[return-value]
    if dpi <= 0 or max_pixels <= 0:
        raise ValueError("dpi and max_pixels must be positive")
    w_in = fmt.width_mm / MM_PER_INCH  # type: ignore[operator]
    h_in = fmt.height_mm / MM_PER_INCH  # type: ignore[operator]
    w, h = round(w_in * dpi), round(h_in * dpi)
    if w * h <= max_pixels:
        return w, h, float(dpi)
    eff = math.sqrt(max_pixels / (w_in * h_in))
    # floor, so the budget holds; the page size is then at most one pixel short of exact
    # (poster_pdf_bytes(..., size_mm=...) makes it exact).
    return max(1, math.floor(w_in * eff)), max(1, math.floor(h_in * eff)), eff
