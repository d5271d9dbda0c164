"""Whether a content piece may go out: only its approved, published revision, with no pending edits."""

from wagtail.models import Page

from campaigns.content.channels import Channel


def piece_is_approved(page: Page) -> bool:
    return bool(page.live and page.live_revision_id and not page.has_unpublished_changes
                and not page.workflow_in_progress)


def piece_approved_at(page: Page):
    """When the live revision was approved (published), or None."""
    return page.last_published_at if page.live else None


def piece_airtime_seconds(page: Page) -> int:
    """Airtime of a loudspeaker script at the default reading speed (0 for other pieces)."""
    return getattr(page.specific, "airtime_seconds", 0) or 0


def piece_go_live_at(page: Page):
    """When a piece approved for a later time goes live (Wagtail's scheduled publishing), or None.

    Only while it waits: its latest revision carries the approved go-live time and no workflow is
    open on it (an edit after the approval makes a new latest revision, which must be approved again)."""
    if page.workflow_in_progress:
        return None
    revision = page.latest_revision
    return revision.approved_go_live_at if revision is not None else None


def piece_may_go_out(page: Page, channel: str) -> bool:
    """Whether ``page`` may be carried on ``channel``: approved and live, or, on the portal only,
    approved and waiting for its go-live time (the portal delivery publishes it then)."""
    return piece_is_approved(page) or (channel == Channel.PORTAL and piece_go_live_at(page) is not None)
def piece_airtime_at(page: Page, *, reading_speed: int) -> int:
    """Airtime of a loudspeaker script read at ``reading_speed`` syllables a minute, a cluster's own
    speed (0 for other pieces)."""
    airtime_for = getattr(page.specific, "airtime_for", None)
    return airtime_for(reading_speed) if airtime_for else 0
