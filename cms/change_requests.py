"""The supervisor's "Yêu cầu sửa": which pieces wait for changes and what the supervisor wrote, so that
the editor reads it on the edit page and on the dashboard (not only in the history)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, TaskState, WorkflowState

from cms.page_access import owned_pages
from cms.people import full_name


@dataclass(frozen=True)
class ChangeRequest:
    page: Page
    comment: str
    by: str  # the supervisor's full name
    at: object  # when the changes were requested


def _request_of(workflow_state: WorkflowState, page: Page) -> ChangeRequest:
    rejected = (TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_REJECTED)
                .select_related("finished_by").order_by("-finished_at", "-pk").first())
    supervisor = rejected.finished_by if rejected else None
    return ChangeRequest(
        page=page,
        comment=rejected.get_comment() if rejected else "",
        by=full_name(supervisor),
        at=rejected.finished_at if rejected else workflow_state.created_at,
    )


def change_request_for(page: Page) -> ChangeRequest | None:
    """The request for changes the page is waiting on, if its review was sent back."""
    state = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk),
        status=WorkflowState.STATUS_NEEDS_CHANGES,
    ).order_by("-created_at").first()
    return _request_of(state, page) if state else None


def change_requests_for(user, *, limit: int = 20) -> list[ChangeRequest]:
    """Pieces of the user's wards sent back for changes, newest first."""
    states = list(WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), status=WorkflowState.STATUS_NEEDS_CHANGES,
    ).order_by("-created_at")[:200])
    pages = owned_pages(Page.objects.filter(pk__in=[int(state.object_id) for state in states]), user).specific()
    by_pk = {str(page.pk): page for page in pages}
    return [_request_of(state, by_pk[state.object_id]) for state in states if state.object_id in by_pk][:limit]
