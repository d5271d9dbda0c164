"""The copy-ready pack of a piece: what a person reads on air, prints or pastes on one channel.

The piece answers for itself (``piece_text``, ``piece_images``, ``airtime_for`` on
``cms.models.content.CampaignContentPage``): a pack carries only its channel's text.
"""

from wagtail.models import Page

from campaigns.models import LoudspeakerCluster

RENDITION = "max-1600x1600"
# The speed a script's stored airtime is computed at (a cluster's default reading speed).
PACK_READING_SPEED = LoudspeakerCluster._meta.get_field("reading_speed").default


def piece_pack(page: Page, channel: str) -> dict:
    piece = page.specific
    return {
        "title": page.title,
        "text": piece.piece_text(channel),
        "banner": getattr(piece, "banner_text", ""),
        "images": piece.piece_images(RENDITION),
        "airtime_seconds": piece.airtime_for(PACK_READING_SPEED),
        "url": page.full_url or "",
    }
