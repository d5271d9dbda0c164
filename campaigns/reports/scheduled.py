"""Reports prepared ahead of reporting days: the day before each of a campaign's reporting days
(e.g. 12 and 27), the report of the period since the previous reporting day is made and stored,
so the supervisor finds it on the coverage screen and on the dashboard."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus, CoverageReport, ReportFormat
from campaigns.reports.coverage_report import coverage_report_data, coverage_report_render

PREPARED_FORMATS = (ReportFormat.XLSX, ReportFormat.PDF)


def reporting_dates(days: list[int], around: dt.date) -> list[dt.date]:
    """The reporting dates of the month before, of and after ``around`` (a 31 in a 30-day month is its last day)."""
    dates = set()
    for offset in (-1, 0, 1):
        month_index = around.year * 12 + around.month - 1 + offset
        year, month = divmod(month_index, 12)
        last = calendar.monthrange(year, month + 1)[1]
        dates |= {dt.date(year, month + 1, min(day, last)) for day in days if 1 <= day <= 31}
    return sorted(dates)


def report_period(days: list[int], reporting_day: dt.date) -> tuple[dt.date, dt.date]:
    """From the previous reporting day to the day before ``reporting_day``."""
    earlier = [date for date in reporting_dates(days, reporting_day) if date < reporting_day]
    start = earlier[-1] if earlier else reporting_day - dt.timedelta(days=30)
    return start, reporting_day - dt.timedelta(days=1)


def coverage_reports_prepare(*, today: dt.date | None = None) -> list[CoverageReport]:
    """Make tomorrow's reports for every active campaign whose reporting days include tomorrow.
    Idempotent: a report already made for that day and format is left as it is."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    made = []
    for campaign in Campaign.objects.filter(status=CampaignStatus.ACTIVE).exclude(reporting_days=[]):
        days = list(campaign.reporting_days or [])
        if tomorrow not in reporting_dates(days, tomorrow):
            continue
        start, end = report_period(days, tomorrow)
        done = set(CoverageReport.objects.filter(campaign=campaign, reporting_day=tomorrow)
                   .values_list("format", flat=True))
        missing = [fmt for fmt in PREPARED_FORMATS if fmt not in done]
        if not missing:
            continue
        data = coverage_report_data(campaign=campaign, start=start, end=end, issued_on=tomorrow)
        for fmt in missing:
            with transaction.atomic():
                report, _ = CoverageReport.objects.get_or_create(
                    campaign=campaign, reporting_day=tomorrow, format=fmt,
                    defaults={"period_start": start, "period_end": end,
                              "content": coverage_report_render(data, fmt)},
                )
            made.append(report)
    return made
