"""Poster files: every format of a PosterPage rendered once per revision and kept in storage."""

import base64
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from cms.imaging import POSTER_FORMATS, poster_pdf_bytes, poster_png_bytes, render_poster

PREVIEW_MAX_PIXELS = 700_000  # previews show the layout, not print resolution
CONTENT_TYPES = {"png": "image/png", "pdf": "application/pdf"}


def _focal_point(image) -> tuple[int, int, int, int] | None:
    if image.focal_point_x is None:
        return None
    return (image.focal_point_x, image.focal_point_y, image.focal_point_width or 1, image.focal_point_height or 1)


def poster_render(page, format_code: str, *, max_pixels: int | None = None) -> Image.Image:
    """The poster of ``page`` (a PosterPage, live or draft) in ``format_code``."""
    options = {"max_pixels": max_pixels} if max_pixels else {}
    with page.image.open_file() as handle, Image.open(handle) as source:
        source.load()
        return render_poster(
            source, format_code=format_code, focal_point=_focal_point(page.image),
            band_text=page.band_text, headline=page.headline or None, **options,
        )


def poster_file_name(page, format_code: str, extension: str) -> str:
    revision = page.live_revision_id or page.latest_revision_id or 0
    return f"posters/{page.pk}/{revision}/{page.slug}-{format_code}.{extension}"


def poster_file(page, format_code: str, extension: str) -> str:
    """Storage name of the rendered file, rendering it on first request."""
    name = poster_file_name(page, format_code, extension)
    if default_storage.exists(name):
        return name
    fmt = POSTER_FORMATS[format_code]
    poster = poster_render(page, format_code)
    dpi = poster.info["dpi"]
    if extension == "pdf":
        data = poster_pdf_bytes(poster, dpi, size_mm=fmt.size_mm, title=page.title)
    else:
        data = poster_png_bytes(poster, dpi)
    return default_storage.save(name, ContentFile(data))


def poster_preview_uri(page, format_code: str) -> str:
    """A small PNG of the poster as a data: URI, for admin previews of unsaved drafts."""
    poster = poster_render(page, format_code, max_pixels=PREVIEW_MAX_PIXELS)
    buffer = io.BytesIO()
    poster.save(buffer, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def poster_cache_clear(page_id: int, *, keep_revision_id: int | None = None) -> None:
    """Delete the rendered files of a poster, except those of revision ``keep_revision_id``."""
    folder = f"posters/{page_id}"
    try:
        revisions, _files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for revision in revisions:
        if keep_revision_id is not None and revision == str(keep_revision_id):
            continue
        for name in default_storage.listdir(f"{folder}/{revision}")[1]:
            default_storage.delete(f"{folder}/{revision}/{name}")


def poster_files_on_publish(sender, instance, revision=None, **kwargs):
    """``page_published``: only the files of the published revision stay."""
    poster_cache_clear(instance.pk, keep_revision_id=revision.pk if revision else instance.live_revision_id)


def poster_files_on_unpublish(sender, instance, **kwargs):
    """``page_unpublished`` and deletion: no rendered file of a poster that is not live stays in storage."""
    poster_cache_clear(instance.pk)
