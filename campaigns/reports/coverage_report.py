"""The periodic report (báo cáo định kỳ) of a campaign's coverage: one set of numbers, three documents.

``coverage_report_data`` gathers the numbers from ``campaigns.tracking.coverage`` (a fixed number of
queries); ``coverage_report_render`` turns them into XLSX (openpyxl), PDF (WeasyPrint, in the layout
of Nghị định 30/2020/NĐ-CP) or JSON. The command, the download button and the scheduled task all
call ``coverage_report_render``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from campaigns.content.channels import channel_label
from campaigns.models import Campaign, DeliveryStatus, ReportFormat
from campaigns.tracking import coverage

CONTENT_TYPES = {
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.JSON: "application/json",
}


@dataclass
class CoverageReportData:
    campaign: Campaign
    start: dt.date
    end: dt.date
    issued_on: dt.date
    matrix: coverage.CoverageMatrix
    statuses: dict[str, dict[str, int]]
    unreached: list[coverage.UnreachedGroup]
    targets: list
    last_reached: dict[tuple[int, str], dt.datetime]

    @property
    def groups_total(self) -> int:
        return len(self.matrix.rows)

    @property
    def groups_reached(self) -> int:
        return sum(1 for row in self.matrix.rows if row.total.reached)

    @property
    def group_channels(self) -> list[str]:
        """Channels with a row per group (the per-channel sheets)."""
        return [c for c in self.matrix.channels if any(c in row.cells for row in self.matrix.rows)]

    def channel_label(self, code: str) -> str:
        return channel_label(code)

    def status_rows(self) -> list[tuple[str, list[int], int]]:
        """(channel label, count per status in ``STATUS_COLUMNS`` order, total) per channel."""
        rows = []
        for channel, counts in self.statuses.items():
            values = [counts.get(status, 0) for status in STATUS_COLUMNS]
            rows.append((self.channel_label(channel), values, sum(counts.values())))
        return rows

    def as_dict(self) -> dict:
        return {
            "campaign": {"id": self.campaign.pk, "slug": self.campaign.slug, "title": self.campaign.title,
                         "number": self.campaign.number, "ward": self.campaign.ward.name},
            "from": self.start.isoformat(), "to": self.end.isoformat(), "issued_on": self.issued_on.isoformat(),
            "groups": {"reached": self.groups_reached, "total": self.groups_total},
            "statuses": self.statuses,
            "coverage": self.matrix.as_dict(),
            "not_reached": [{"id": g.id, "name": g.name, "ward": g.ward_name,
                             "last_reached_at": g.last_reached_at.isoformat() if g.last_reached_at else None}
                            for g in self.unreached],
            "targets": [{"text": t.text, "quantity": t.quantity, "unit": t.unit, "from_year": t.start_year,
                         "to_year": t.end_year} for t in self.targets],
        }


STATUS_COLUMNS = (
    DeliveryStatus.CONFIRMED, DeliveryStatus.DELIVERED, DeliveryStatus.READY, DeliveryStatus.PLANNED,
    DeliveryStatus.HELD, DeliveryStatus.SENDING, DeliveryStatus.NEEDS_CHECK, DeliveryStatus.FAILED,
    DeliveryStatus.MISSED, DeliveryStatus.CANCELLED,
)


def coverage_report_data(*, campaign: Campaign, start: dt.date, end: dt.date, issued_on: dt.date,
                         user=None) -> CoverageReportData:
    """The report's numbers for deliveries due from ``start`` to ``end`` (both included)."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    end_of_period = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return CoverageReportData(
        campaign=campaign, start=start, end=end, issued_on=issued_on,
        matrix=coverage.coverage_matrix(campaign=campaign, user=user, start=start, end=end),
        statuses=coverage.status_counts(campaign=campaign, user=user, start=start, end=end),
        unreached=coverage.groups_not_reached(campaign=campaign, user=user, now=end_of_period,
                                              days=(end - start).days + 1),
        targets=list(campaign.targets.order_by("sort_order")),
        last_reached=coverage.last_reached(campaign=campaign, user=user, start=start, end=end),
    )


def coverage_report_render(data: CoverageReportData, fmt: str) -> bytes:
    if fmt == ReportFormat.XLSX:
        from campaigns.reports.xlsx import coverage_report_xlsx

        return coverage_report_xlsx(data)
    if fmt == ReportFormat.PDF:
        from campaigns.reports.pdf import coverage_report_pdf

        return coverage_report_pdf(data)
    if fmt == ReportFormat.JSON:
        return json.dumps(data.as_dict(), ensure_ascii=False, indent=2).encode()
    raise ValueError(f"Định dạng “{fmt}” không được hỗ trợ: chọn xlsx, pdf hoặc json.")


def report_filename(data: CoverageReportData, fmt: str) -> str:
    return f"bao-cao-{data.campaign.slug or data.campaign.pk}-{data.start:%Y%m%d}-{data.end:%Y%m%d}.{fmt}"
