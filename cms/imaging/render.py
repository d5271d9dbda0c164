"""render_poster: source photo + format + optional slogan band / headline → RGB poster image."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageCms, ImageOps

from .crop import FocalPoint, fit_to_size
from .formats import MAX_RENDER_PIXELS, PRINT_DPI, PosterFormat, get_format, target_size
from .source import DEFAULT_MAX_SOURCE_PIXELS, check_source_image
from .text_band import (
    BAND_COLOR,
    BAND_TEXT_COLOR,
    HEADLINE_COLOR,
    HEADLINE_TEXT_COLOR,
    check_text_fits,
    draw_text_band,
)

#: Headline strip height relative to the slogan band.
HEADLINE_TO_BAND = 0.6

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class PosterLayout:
    size: tuple[int, int]
    #: Where the (focal-cropped) photo goes: between the headline strip and the slogan band.
    photo_box: Box
    band_box: Box | None
    headline_box: Box | None


def poster_layout(
    size: tuple[int, int], fmt: PosterFormat | str, *, band: bool = False, headline: bool = False
) -> PosterLayout:
    """Boxes of a poster of pixel ``size``: headline strip on top, slogan band at the bottom, photo between."""
    fmt = get_format(fmt)
    width, height = size
    band_h = round(height * fmt.band_ratio) if band else 0
    head_h = round(height * fmt.band_ratio * HEADLINE_TO_BAND) if headline else 0
    return PosterLayout(
        size=(width, height),
        photo_box=(0, head_h, width, height - band_h),
        band_box=(0, height - band_h, width, height) if band else None,
        headline_box=(0, 0, width, head_h) if headline else None,
    )


def _oriented(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation (as Wagtail's renditions do), copying only if it is not upright."""
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # noqa: BLE001 - broken EXIF must not stop a poster
        orientation = 1
    if orientation in (2, 3, 4, 5, 6, 7, 8):
        return ImageOps.exif_transpose(image)
    return image


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA"):
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image.convert("RGBA"), mask=image.getchannel("A"))
        return flat
    return image.convert("RGB")


def _to_srgb(photo: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert from the source's embedded ICC profile (e.g. a phone's Display P3) to sRGB, if any."""
    if not icc_profile or photo.mode != "RGB":
        return photo
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(photo, source_profile, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return photo  # a broken profile: keep the pixels as they are
    return converted or photo


def render_poster(
    source: Image.Image,
    *,
    format_code: str,
    focal_point: FocalPoint | None = None,
    band_text: str | None = None,
    headline: str | None = None,
    uppercase_band: bool = True,
    dpi: float = PRINT_DPI,
    max_pixels: int = MAX_RENDER_PIXELS,
    max_source_pixels: int = DEFAULT_MAX_SOURCE_PIXELS,
) -> Image.Image:
    """Render a poster (RGB) of ``format_code`` from ``source``.

    The photo is focal-cropped into the area between the optional headline strip (top, white with red
    text) and the optional slogan band (bottom, red with yellow text, upper-cased with ``str.upper()``).
    ``focal_point`` is Wagtail's (x, y, width, height) with (x, y) the centre, in the EXIF-oriented
    source's pixels.  The effective dpi (see ``target_size``) is stored in ``result.info["dpi"]``.

    Raises PosterImageError (Vietnamese message) for an oversized source or text that cannot fit.
    """
    fmt = get_format(format_code)
    check_source_image(source, max_pixels=max_source_pixels)
    band_text = " ".join(band_text.split()) if band_text else ""
    headline = " ".join(headline.split()) if headline else ""
    if band_text and uppercase_band:
        band_text = band_text.upper()

    width, height, eff_dpi = target_size(fmt, dpi=dpi, max_pixels=max_pixels)
    layout = poster_layout((width, height), fmt, band=bool(band_text), headline=bool(headline))
    # Fail on too-long text before the (possibly slow) resize.
    for text, box in ((band_text, layout.band_box), (headline, layout.headline_box)):
        if text and box:
            check_text_fits(text, (box[2] - box[0], box[3] - box[1]))

    left, top, right, bottom = layout.photo_box
    photo = _to_rgb(fit_to_size(_oriented(source), (right - left, bottom - top), focal_point))
    photo = _to_srgb(photo, source.info.get("icc_profile"))
    if photo.size == (width, height):
        poster = photo if photo is not source else photo.copy()
    else:
        poster = Image.new("RGB", (width, height), "white")
        poster.paste(photo, (left, top))
        del photo
    if band_text and layout.band_box:
        draw_text_band(poster, layout.band_box, band_text, background=BAND_COLOR, color=BAND_TEXT_COLOR)
    if headline and layout.headline_box:
        draw_text_band(poster, layout.headline_box, headline, background=HEADLINE_COLOR, color=HEADLINE_TEXT_COLOR)
    poster.info = {"dpi": (eff_dpi, eff_dpi)}
    return poster
