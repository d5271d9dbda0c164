"""Poster image rendering as pure functions (no models, no database).

Typical use (``x, y`` of the focal point is its centre, as Wagtail stores it)::

    _, _, dpi = target_size("a4")  # or poster.info["dpi"]
    source = open_source_image(f, max_pixels=settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
    poster = render_poster(source, format_code="a4", focal_point=(x, y, fw, fh), band_text="Nhà ở xã hội")
    pdf = poster_pdf_bytes(poster, dpi, size_mm=POSTER_FORMATS["a4"].size_mm)
"""

from .crop import FocalPoint, crop_box, crop_to_aspect, fit_to_size
from .export import poster_pdf_bytes, poster_png_bytes
from .fonts import FONT_CANDIDATES, FONT_ENV_VAR, PosterFontError, find_font, get_font
from .formats import (
    FORMAT_CHOICES,
    MAX_RENDER_PIXELS,
    POSTER_FORMATS,
    PRINT_DPI,
    SOCIAL_DPI,
    PosterFormat,
    get_format,
    target_size,
)
from .render import PosterLayout, poster_layout, render_poster
from .source import DEFAULT_MAX_SOURCE_PIXELS, PosterImageError, check_source_image, open_source_image
from .text_band import BAND_COLOR, BAND_TEXT_COLOR, TextLayout, check_text_fits, draw_text_band, fit_text

__all__ = [
    "BAND_COLOR",
    "BAND_TEXT_COLOR",
    "DEFAULT_MAX_SOURCE_PIXELS",
    "FONT_CANDIDATES",
    "FONT_ENV_VAR",
    "FORMAT_CHOICES",
    "MAX_RENDER_PIXELS",
    "POSTER_FORMATS",
    "PRINT_DPI",
    "SOCIAL_DPI",
    "FocalPoint",
    "PosterFontError",
    "PosterFormat",
    "PosterImageError",
    "PosterLayout",
    "TextLayout",
    "check_source_image",
    "check_text_fits",
    "crop_box",
    "crop_to_aspect",
    "draw_text_band",
    "find_font",
    "fit_text",
    "fit_to_size",
    "get_font",
    "get_format",
    "open_source_image",
    "poster_layout",
    "poster_pdf_bytes",
    "poster_png_bytes",
    "render_poster",
    "target_size",
]
