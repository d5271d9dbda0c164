"""The periodic report as an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I), printed
by WeasyPrint from ``templates/campaigns/reports/coverage_report.html``: A4, margins 20 mm top and
bottom, 30 mm left, 15 mm right, Times New Roman or its metric twin Liberation Serif (Debian's
fonts-liberation), page numbers centred at the top from the second page."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.loader import render_to_string

from campaigns.models import LocalityKind
from campaigns.reports.coverage_report import STATUS_COLUMNS, CoverageReportData

LEVEL_NAMES = {
    LocalityKind.WARD: "phường", LocalityKind.COMMUNE: "xã", LocalityKind.SPECIAL_ZONE: "đặc khu",
    LocalityKind.CITY: "thành phố", LocalityKind.PROVINCE: "tỉnh", LocalityKind.DISTRICT: "quận",
}


def issuing_body(locality) -> str:
    """"ỦY BAN NHÂN DÂN PHƯỜNG HẢI AN"."""
    return f"Ủy ban nhân dân {LEVEL_NAMES.get(locality.kind, '')} {locality.name}".upper().replace("  ", " ")


def coverage_report_html(data: CoverageReportData) -> str:
    from campaigns.models import DeliveryStatus

    ward = data.campaign.ward
    parent = ward.parent
    channel_rows = []
    for channel, counts in data.statuses.items():
        cell = data.matrix.by_channel.get(channel)
        channel_rows.append({
            "label": data.channel_label(channel), "reached": cell.reached if cell else 0,
            "planned": cell.planned if cell else 0, "confirmed": counts.get(DeliveryStatus.CONFIRMED, 0),
            "missed": counts.get(DeliveryStatus.MISSED, 0), "total": sum(counts.values()),
        })
    ward_rows = [{"name": data.matrix.ward_names.get(ward_id, ""), "reached": cell.reached, "planned": cell.planned}
                 for ward_id, cell in data.matrix.by_ward.items()]
    targets = [{"text": t.text, "quantity_text": intcomma(t.quantity), "unit": t.unit,
                "start_year": t.start_year, "end_year": t.end_year} for t in data.targets]
    return render_to_string("campaigns/reports/coverage_report.html", {
        "data": data,
        "channel_rows": channel_rows,
        "ward_rows": ward_rows,
        "targets": targets,
        "governing_body": issuing_body(parent) if parent else "",
        "issuing_body": issuing_body(ward),
        "place": ward.name,
        "status_labels": [str(DeliveryStatus(s).label) for s in STATUS_COLUMNS],
        "status_rows": data.status_rows(),
        "recipients": list(data.campaign.recipients or []),
        "signer": data.campaign.signer,
    })


def coverage_report_pdf(data: CoverageReportData) -> bytes:
    from weasyprint import HTML

    return HTML(string=coverage_report_html(data)).write_pdf()
