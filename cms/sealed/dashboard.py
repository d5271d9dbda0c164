"""The dashboard's panels show only pages of the person's wards. Wagtail's panels list a person's own
edits, locks and requests; someone moved to another ward would otherwise keep seeing the old ward's."""

from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Page

from cms.page_access import owned_pages, owns_page


def _user(parent_context):
    return parent_context["request"].user


def _shown(user, obj) -> bool:
    return not isinstance(obj, Page) or owns_page(user, obj)  # snippets keep Wagtail's own rule


class WardWorkflowObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = _user(parent_context)
        context["states"] = [state for state in context["states"] if _shown(user, state["obj"])]
        return context


class WardUserObjectsInWorkflowModerationPanel(UserObjectsInWorkflowModerationPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = _user(parent_context)
        context["workflow_states"] = [
            state for state in context["workflow_states"] if _shown(user, state.content_object)
        ]
        return context


class WardRecentEditsPanel(RecentEditsPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = _user(parent_context)
        context["last_edits"] = [(when, page) for when, page in context["last_edits"] if owns_page(user, page)]
        return context


class WardLockedPagesPanel(LockedPagesPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["locked_pages"] = owned_pages(context["locked_pages"], _user(parent_context))
        return context


WARD_PANELS = {
    WorkflowObjectsToModeratePanel: WardWorkflowObjectsToModeratePanel,
    UserObjectsInWorkflowModerationPanel: WardUserObjectsInWorkflowModerationPanel,
    RecentEditsPanel: WardRecentEditsPanel,
    LockedPagesPanel: WardLockedPagesPanel,
}


def seal_panels(panels: list) -> None:
    """Swap Wagtail's page panels for the ward-limited ones, in place (``construct_homepage_panels``)."""
    for index, panel in enumerate(panels):
        ward_panel = WARD_PANELS.get(type(panel))
        if ward_panel is not None:
            panels[index] = ward_panel()
