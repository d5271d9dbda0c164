"""The dashboard's "Báo cáo định kỳ đã sẵn sàng" panel: how the supervisor hears that the schedule
prepared a report (listed also on the campaign's coverage screen)."""

import datetime as dt

from django.utils import timezone
from wagtail.admin.ui.components import Component

from campaigns.models import CoverageReport
from campaigns.places import access

RECENT_DAYS = 7


def recent_reports(user, *, today: dt.date | None = None):
    today = today or timezone.localdate()
    reports = CoverageReport.objects.filter(reporting_day__gte=today - dt.timedelta(days=1),
                                            reporting_day__lte=today + dt.timedelta(days=RECENT_DAYS))
    return (access.scope_queryset(reports, user).select_related("campaign__ward").defer("content")
            .order_by("reporting_day", "campaign_id", "format"))


class CoverageReportsPanel(Component):
    name = "loa_coverage_reports"
    template_name = "campaigns/reports/panel.html"
    order = 95

    def __init__(self, reports):
        self.reports = reports

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["reports"] = self.reports
        return context


def coverage_reports_panel_for(request):
    reports = list(recent_reports(request.user)[:20])
    return CoverageReportsPanel(reports) if reports else None
