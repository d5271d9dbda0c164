"""Fitting and drawing wrapped text in a box (the slogan band and the headline strip)."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from .fonts import get_font, normalize_text
from .source import PosterImageError

#: Band colours of a Vietnamese propaganda poster: red band, yellow bold text.
BAND_COLOR = "#C8102E"
BAND_TEXT_COLOR = "#FFDE00"
HEADLINE_COLOR = "#FFFFFF"
HEADLINE_TEXT_COLOR = "#C8102E"
#: Gap between lines, as a fraction of the font size (added to the measured ink height).
LINE_GAP = 0.12


@dataclass(frozen=True)
class TextLayout:
    lines: tuple[str, ...]
    font_size: int
    #: Baseline-to-baseline distance.
    line_pitch: int
    #: From the top of the ink to the first baseline (covers stacked marks like "Ấ").
    ascent: int
    #: From the last baseline to the bottom of the ink (covers dots below like "Ộ").
    descent: int
    #: Widest line (advance or ink, whichever is wider).
    width: int

    @property
    def height(self) -> int:
        return self.ascent + (len(self.lines) - 1) * self.line_pitch + self.descent


def wrap_words(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str] | None:
    """Greedy word wrap; None if a single word is wider than ``max_width``."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if font.getlength(word) > max_width:
            return None
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def measure(lines: list[str] | tuple[str, ...], font: ImageFont.FreeTypeFont) -> TextLayout:
    """Layout metrics of ``lines`` set in ``font`` (from the real ink of these lines)."""
    ascent = descent = width = 0
    for line in lines:
        left, top, right, bottom = font.getbbox(line, anchor="ls")
        ascent = max(ascent, -top)
        descent = max(descent, bottom)
        width = max(width, right - left, round(font.getlength(line)))
    size = int(font.size)
    pitch = ascent + descent + max(1, round(size * LINE_GAP))
    return TextLayout(tuple(lines), size, pitch, ascent, descent, width)


def layout_at(text: str, size: int, max_width: float) -> TextLayout | None:
    """Wrap ``text`` at font ``size``; None if a word does not fit the width."""
    font = get_font(size)
    lines = wrap_words(normalize_text(text), font, max_width)
    if not lines:
        return None
    return measure(lines, font)


def fit_text(
    text: str, max_width: int, max_height: int, *, min_size: int = 8, max_size: int | None = None
) -> TextLayout | None:
    """The largest font size (binary search) whose wrapped text fits the box; None if even ``min_size`` does not."""

    def fits(size: int) -> TextLayout | None:
        layout = layout_at(text, size, max_width)
        if layout is None or layout.height > max_height or layout.width > max_width:
            return None
        return layout

    lo, hi = max(1, min_size), max(min_size, max_size or max_height)
    best = fits(lo)
    if best is None:
        return None
    while lo < hi:  # invariant: lo fits
        mid = (lo + hi + 1) // 2
        layout = fits(mid)
        if layout is not None:
            lo, best = mid, layout
        else:
            hi = mid - 1
    return _balanced(text, best, max_width)


def _balanced(text: str, layout: TextLayout, max_width: int) -> TextLayout:
    """Same size and line count, but the narrowest wrap width that keeps them (no orphan last word)."""
    if len(layout.lines) < 2:
        return layout
    lo, hi = 1, max_width
    while lo < hi:
        mid = (lo + hi) // 2
        candidate = layout_at(text, layout.font_size, mid)
        if candidate is not None and len(candidate.lines) <= len(layout.lines):
            hi = mid
        else:
            lo = mid + 1
    balanced = layout_at(text, layout.font_size, lo)
    return balanced if balanced is not None and balanced.height <= layout.height else layout


def band_padding(box: tuple[int, int, int, int]) -> tuple[int, int]:
    """(horizontal, vertical) padding inside a band box."""
    bw, bh = box[2] - box[0], box[3] - box[1]
    return max(round(bh * 0.2), round(bw * 0.03)), round(bh * 0.12)


def min_font_size(box: tuple[int, int, int, int]) -> int:
    """Smallest font size used in a band: keeps at most about five lines in it."""
    _, pad_y = band_padding(box)
    return max(10, (box[3] - box[1] - 2 * pad_y) // 6)


def draw_text_band(
    image: Image.Image,
    box: tuple[int, int, int, int],
    text: str,
    *,
    background: str | None = BAND_COLOR,
    color: str = BAND_TEXT_COLOR,
    font_size: int | None = None,
) -> TextLayout:
    """Fill ``box`` with ``background`` and draw ``text`` wrapped, centred and fitted to it (in place).

    ``font_size`` forces a size instead of fitting.  Raises PosterImageError if the text cannot fit.
    """
    left, top, right, bottom = box
    if not (0 <= left < right <= image.width and 0 <= top < bottom <= image.height):
        raise ValueError(f"band box {box} is not inside the {image.width}×{image.height} image")
    pad_x, pad_y = band_padding(box)
    inner_w, inner_h = right - left - 2 * pad_x, bottom - top - 2 * pad_y
    if font_size is not None:
        layout = layout_at(text, font_size, inner_w)
    else:
        layout = fit_text(text, inner_w, inner_h, min_size=min_font_size(box))
    if layout is None or layout.height > inner_h:
        raise PosterImageError("Chữ quá dài, không vừa băng chữ của áp phích. Hãy rút gọn khẩu hiệu hoặc tiêu đề.")
    draw = ImageDraw.Draw(image)
    if background is not None:
        draw.rectangle((left, top, right - 1, bottom - 1), fill=background)
    font = get_font(layout.font_size)
    centre_x = (left + right) / 2
    baseline = top + pad_y + (inner_h - layout.height) / 2 + layout.ascent
    for line in layout.lines:
        draw.text((centre_x, round(baseline)), line, font=font, fill=color, anchor="ms")
        baseline += layout.line_pitch
    return layout


def check_text_fits(text: str, box_size: tuple[int, int]) -> TextLayout:
    """Like draw_text_band without drawing: the layout for a band of ``box_size``, or PosterImageError."""
    box = (0, 0, *box_size)
    pad_x, pad_y = band_padding(box)
    layout = fit_text(text, box_size[0] - 2 * pad_x, box_size[1] - 2 * pad_y, min_size=min_font_size(box))
    if layout is None:
        raise PosterImageError("Chữ quá dài, không vừa băng chữ của áp phích. Hãy rút gọn khẩu hiệu hoặc tiêu đề.")
    return layout
