"""Where the editor meets the supervisor's request for changes: a dashboard panel and a message on the
edit page (rules in cms.change_requests)."""

from django.contrib import messages
from django.utils.formats import date_format
from django.utils.timezone import localtime
from wagtail.admin.ui.components import Component

from cms.change_requests import change_request_for, change_requests_for


class ChangeRequestsPanel(Component):
    name = "loa_change_requests"
    template_name = "cms/panels/change_requests_panel.html"
    order = 50

    def __init__(self, requests):
        self.requests = requests

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["change_requests"] = self.requests
        return context


def change_requests_panel_for(request) -> ChangeRequestsPanel | None:
    requests = change_requests_for(request.user)
    return ChangeRequestsPanel(requests) if requests else None


def change_request_message(request, page) -> None:
    """On opening the edit page of a piece sent back for changes: what the supervisor asked."""
    if request.method != "GET":
        return
    change = change_request_for(page)
    if change is None:
        return
    when = f" lúc {date_format(localtime(change.at), 'H:i d/m/Y')}" if change.at else ""
    said = f": “{change.comment}”" if change.comment else " (không kèm ý kiến)."
    messages.warning(request, f"{change.by or 'Người duyệt'} yêu cầu sửa{when}{said}")
