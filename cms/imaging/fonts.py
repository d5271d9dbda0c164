"""A Vietnamese-capable bold TrueType font for poster text.

Pillow's built-in bitmap font cannot draw Vietnamese diacritics, so it is never used:
when no candidate font exists, ``PosterFontError`` names the Debian package to install.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

#: Environment variable naming a TTF/OTF to use instead of the search list.
FONT_ENV_VAR = "LOA_POSTER_FONT"

#: Searched in order; the comment names the package that ships the file.
FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",  # Debian/Ubuntu: fonts-dejavu-core
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",  # Debian/Ubuntu: fonts-noto-core
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",  # Alpine: font-dejavu
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",  # Fedora: dejavu-sans-fonts
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",  # Arch: ttf-dejavu
    "/usr/share/fonts/noto/NotoSans-Bold.ttf",  # Arch/Fedora: noto-fonts
)

#: A capital with stacked marks, used to reject fonts that lack Vietnamese glyphs.
_PROBE = "Ộ"


class PosterFontError(RuntimeError):
    """No usable Vietnamese-capable font is installed (a deployment problem, not user input)."""


def normalize_text(text: str) -> str:
    """NFC-normalise, so decomposed input (base letter + combining marks) uses precomposed glyphs."""
    return unicodedata.normalize("NFC", text)


def _draws_vietnamese(path: str) -> bool:
    """True if the font has a real glyph for a stacked-mark Vietnamese capital (not .notdef)."""
    try:
        font = ImageFont.truetype(path, 48)
    except OSError:
        return False

    def ink(text: str) -> Image.Image:
        im = Image.new("L", (96, 96), 0)
        ImageDraw.Draw(im).text((48, 72), text, font=font, fill=255, anchor="ms")
        return im

    probe, notdef, plain = ink(_PROBE), ink("\U0010fffd"), ink("O")
    return (
        probe.getbbox() is not None
        and ImageChops.difference(probe, notdef).getbbox() is not None
        and ImageChops.difference(probe, plain).getbbox() is not None
    )


@lru_cache(maxsize=8)
def _find_font(candidates: tuple[str, ...], override: str | None) -> Path:
    if override:
        if not Path(override).is_file():
            raise PosterFontError(f"{FONT_ENV_VAR}={override!r} is not a file")
        if not _draws_vietnamese(override):
            raise PosterFontError(f"{FONT_ENV_VAR}={override!r} cannot draw Vietnamese (no glyph for {_PROBE!r})")
        return Path(override)
    for candidate in candidates:
        if Path(candidate).is_file() and _draws_vietnamese(candidate):
            return Path(candidate)
    raise PosterFontError(
        "No Vietnamese-capable bold font found for poster text (looked for: "
        + ", ".join(candidates)
        + "). Install the Debian package fonts-dejavu-core (or fonts-noto-core), "
        + f"or set {FONT_ENV_VAR} to a TTF that covers Vietnamese."
    )


def find_font(candidates: tuple[str, ...] = FONT_CANDIDATES) -> Path:
    """Path of the poster font: ``$LOA_POSTER_FONT`` if set, else the first usable candidate."""
    return _find_font(tuple(candidates), os.environ.get(FONT_ENV_VAR) or None)


@lru_cache(maxsize=64)
def _load(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def get_font(size: int, *, path: str | os.PathLike[str] | None = None) -> ImageFont.FreeTypeFont:
    """The poster font at ``size`` pixels (cached)."""
    if size < 1:
        raise ValueError("font size must be at least 1 px")
    return _load(str(path or find_font()), int(size))
