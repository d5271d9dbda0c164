"""Evidence given with a confirmation: a photo checked with Pillow and stored privately, a head count.

The photo must really be an image (Pillow reads it), under ``PHOTO_MAX_BYTES`` and
``PHOTO_MAX_PIXELS``; it is re-encoded as a JPEG at most ``PHOTO_MAX_SIDE`` wide, which drops its
EXIF (place, phone model) and anything hidden after the image data. It is stored in the default
storage under ``confirmations/``, which no URL serves (cms/files.py serves only Wagtail images):
staff see it through ``evidence_photo`` in the admin, limited to their ward.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from campaigns.models import ConfirmationEvidence
from cms.imaging.source import PosterImageError, open_source_image

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_SIDE = 2000
PHOTO_FOLDER = "confirmations"


def photo_check(upload) -> Image.Image:
    """The decoded photo, or a Vietnamese ValidationError (too big, not an image, too many pixels)."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            "Ảnh quá lớn (%(size)s MB). Chỉ nhận ảnh đến %(limit)s MB; hãy chụp lại với chất lượng thấp hơn.",
            code="too_big",
            params={"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                    "limit": PHOTO_MAX_BYTES // 1024 // 1024},
        )
    try:
        image = open_source_image(upload, max_pixels=PHOTO_MAX_PIXELS)
        image.load()
    except PosterImageError as error:
        raise ValidationError(str(error).replace("Ảnh gốc", "Ảnh").replace("tệp ảnh gốc", "tệp ảnh"),
                              code="not_an_image") from None
    except (OSError, ValueError, SyntaxError):
        raise ValidationError("Không đọc được tệp ảnh; hãy tải lên ảnh JPEG hoặc PNG.", code="not_an_image") from None
    return image


def photo_store(image: Image.Image, *, ward_id: int) -> str:
    """Re-encode ``image`` as a JPEG without metadata and store it privately; returns its storage name."""
    image = ImageOps.exif_transpose(image)  # keep the picture upright once its EXIF is gone
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    name = f"{PHOTO_FOLDER}/{ward_id}/{uuid.uuid4().hex}.jpg"
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def evidence_record(*, ward_id: int, delivery_ids, via: str, photo=None, attendance=None, comment: str = "",
                    link=None, by=None) -> ConfirmationEvidence | None:
    """Keep what was given with a confirmation (nothing when nothing was given)."""
    if photo is None and attendance is None and not comment:
        return None
    evidence = ConfirmationEvidence.objects.create(
        ward_id=ward_id, via=via, attendance=attendance, comment=comment, link=link,
        created_by=by if by is not None and by.pk else None,
        photo=photo_store(photo, ward_id=ward_id) if photo is not None else "",
    )
    evidence.deliveries.set(list(delivery_ids))
    return evidence
