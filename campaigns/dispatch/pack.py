"""The copy-ready pack of a piece: what a person reads on air, prints or pastes."""

from wagtail.models import Page

TEXT_FIELDS = ("text", "key_message", "short_text", "intro", "facebook_text", "zalo_text", "youtube_text")
IMAGE_FIELDS = ("image", "lead_image")
RENDITION = "max-1600x1600"


def piece_text(page: Page) -> str:
    specific = page.specific
    parts = [getattr(specific, name, "") for name in TEXT_FIELDS]
    return "\n\n".join(part.strip() for part in parts if isinstance(part, str) and part.strip())


def piece_images(page: Page) -> list[str]:
    specific = page.specific
    urls = []
    for name in IMAGE_FIELDS:
        image = getattr(specific, name, None)
        if image is None:
            continue
        try:
            urls.append(image.get_rendition(RENDITION).url)
        except OSError:  # the original file is missing (Wagtail's SourceImageIOError): the text still goes out
            urls.append("")
    return urls


def piece_pack(page: Page) -> dict:
    specific = page.specific
    return {
        "title": page.title,
        "text": piece_text(page),
        "banner": getattr(specific, "banner_text", ""),
        "images": piece_images(page),
        "airtime_seconds": getattr(specific, "airtime_seconds", 0) or 0,
        "url": page.full_url or "",
    }
