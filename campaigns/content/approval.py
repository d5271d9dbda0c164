"""Whether a content piece may go out: only its approved, published revision, with no pending edits."""

from wagtail.models import Page


def piece_is_approved(page: Page) -> bool:
    return bool(page.live and page.live_revision_id and not page.has_unpublished_changes
                and not page.workflow_in_progress)


def piece_approved_at(page: Page):
    """When the live revision was approved (published), or None."""
    return page.last_published_at if page.live else None


def piece_airtime_seconds(page: Page) -> int:
    """Airtime of a loudspeaker script at the default reading speed (0 for other pieces)."""
    return getattr(page.specific, "airtime_seconds", 0) or 0


def piece_airtime_at(page: Page, *, reading_speed: int) -> int:
    """Airtime of a loudspeaker script read at ``reading_speed`` syllables a minute, a cluster's own
    speed (0 for other pieces)."""
    airtime_for = getattr(page.specific, "airtime_for", None)
    return airtime_for(reading_speed) if airtime_for else 0
