"""django-q2 entry points of the reports (registered in campaigns/dispatch/periodic.py)."""

from campaigns.reports.scheduled import coverage_reports_prepare


def coverage_reports_prepare_task() -> int:
    return len(coverage_reports_prepare())
