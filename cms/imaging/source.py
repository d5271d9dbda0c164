"""Checks on an uploaded source image before it is decoded."""

from __future__ import annotations

import warnings
from typing import IO

from PIL import Image, UnidentifiedImageError

#: Same budget as the project's ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``; pass
#: ``max_pixels=settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS`` to follow the setting.
DEFAULT_MAX_SOURCE_PIXELS = 40_000_000


class PosterImageError(ValueError):
    """The poster cannot be made from this input; ``str(error)`` is a Vietnamese message for the user."""


def _mp(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".replace(".", ",")


def check_source_image(image: Image.Image, *, max_pixels: int = DEFAULT_MAX_SOURCE_PIXELS) -> None:
    """Refuse a source over ``max_pixels`` (reads only the header size, decodes nothing)."""
    width, height = image.size
    if width < 1 or height < 1:
        raise PosterImageError("Ảnh gốc không có điểm ảnh nào; hãy chọn ảnh khác.")
    if width * height > max_pixels:
        raise PosterImageError(
            f"Ảnh gốc quá lớn: {width}×{height} điểm ảnh ({_mp(width * height)} megapixel), "
            f"vượt giới hạn {_mp(max_pixels)} megapixel. Hãy thu nhỏ ảnh rồi tải lên lại."
        )


def open_source_image(fp: str | IO[bytes], *, max_pixels: int = DEFAULT_MAX_SOURCE_PIXELS) -> Image.Image:
    """``Image.open`` + ``check_source_image``, with unreadable or bomb-sized files as PosterImageError.

    Only the header is read here; the pixels are decoded later, by render_poster.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(fp)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PosterImageError(
            f"Ảnh gốc quá lớn, vượt giới hạn {_mp(max_pixels)} megapixel. Hãy thu nhỏ ảnh rồi tải lên lại."
        ) from None
    except (UnidentifiedImageError, OSError):
        raise PosterImageError("Không đọc được tệp ảnh gốc; hãy tải lên ảnh JPEG hoặc PNG.") from None
    check_source_image(image, max_pixels=max_pixels)
    return image
