"""Approval rules on top of Wagtail's own workflow."""

from wagtail.models import Page

from campaigns.content.approval import piece_is_approved
from campaigns.scheduling.expansion import deliveries_hold_for_page, deliveries_release_for_page


def review_restart_if_edited(*, page: Page, user) -> bool:
    """Start the approval workflow again when a live page gets unapproved changes.

    The live revision stays what was approved; the piece's pending deliveries
    are held, and the new draft cannot go out until the ward's supervisors
    approve it (publishing then releases the held deliveries).
    Returns True when a new review was started.
    """
    page = page.specific
    if not page.live or not page.has_unpublished_changes:
        return False
    deliveries_hold_for_page(page_id=page.pk)
    if page.workflow_in_progress:  # the editor submitted it themselves
        return False
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        return False
    workflow.start(page, user)
    return True


def release_held_deliveries(sender, instance, **kwargs) -> None:
    """``page_published`` receiver: an approved new revision lets held deliveries go out."""
    if piece_is_approved(instance):
        deliveries_release_for_page(page_id=instance.pk)


def hold_deliveries_of_unpublished(sender, instance, **kwargs) -> None:
    """``page_unpublished`` receiver: a withdrawn piece must not go out any more."""
    deliveries_hold_for_page(page_id=instance.pk)
