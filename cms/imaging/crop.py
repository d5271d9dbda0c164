"""Focal-point-aware cropping to an aspect ratio, and resizing to a target size."""

from __future__ import annotations

from PIL import Image

#: Wagtail's focal point: (x, y, width, height) where (x, y) is the rectangle's *centre*,
#: exactly as stored in ``focal_point_x, focal_point_y, focal_point_width, focal_point_height``.
FocalPoint = tuple[float, float, float, float]


def _clean_focal(focal_point, width: int, height: int) -> FocalPoint | None:
    if focal_point is None or any(v is None for v in focal_point):
        return None
    x, y, w, h = (float(v) for v in focal_point)
    x = min(max(x, 0.0), width)
    y = min(max(y, 0.0), height)
    return x, y, max(w, 0.0), max(h, 0.0)


def crop_box(size: tuple[int, int], aspect: float, focal_point: FocalPoint | None = None) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the largest crop of ``aspect`` (width/height) in an image of ``size``.

    The crop is centred on the focal point as far as the image edges allow, so a focal rectangle
    that fits in the crop is always inside it; without a focal point it is a centre crop.
    """
    width, height = size
    if width < 1 or height < 1:
        raise ValueError("empty image")
    if aspect <= 0:
        raise ValueError("aspect must be positive")
    if width / height > aspect:  # too wide: keep full height
        ch = height
        cw = min(width, max(1, round(height * aspect)))
    else:  # too tall: keep full width
        cw = width
        ch = min(height, max(1, round(width / aspect)))
    focal = _clean_focal(focal_point, width, height)
    cx, cy = (focal[0], focal[1]) if focal else (width / 2, height / 2)
    left = round(min(max(cx - cw / 2, 0), width - cw))
    top = round(min(max(cy - ch / 2, 0), height - ch))
    return left, top, left + cw, top + ch


def crop_to_aspect(image: Image.Image, aspect: float, focal_point: FocalPoint | None = None) -> Image.Image:
    """The largest crop of ``image`` with ``aspect`` (width/height), keeping the focal point (see crop_box)."""
    return image.crop(crop_box(image.size, aspect, focal_point))


def fit_to_size(image: Image.Image, size: tuple[int, int], focal_point: FocalPoint | None = None) -> Image.Image:
    """Focal crop to the aspect of ``size`` and resize (LANCZOS, up or down) to exactly ``size``.

    Crops and resizes in one pass (no intermediate crop copy).
    """
    tw, th = size
    box = crop_box(image.size, tw / th, focal_point)
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    bw, bh = box[2] - box[0], box[3] - box[1]
    if (bw, bh) == (tw, th):
        return image.crop(box)
    reducing_gap = 3.0 if bw > 3 * tw else None  # fast pre-reduction for big downscales
    return image.resize((tw, th), Image.Resampling.LANCZOS, box=box, reducing_gap=reducing_gap)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
