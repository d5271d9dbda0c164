"""The printed roster: one HTML template (A4 portrait, a page per slot) for the browser and, through
WeasyPrint, for PDF; a QR code per slot that opens the slot on the roster screen, where staff record
what was aired (until signed confirmation links land, the admin page)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from campaigns.reports.rosters.roster import Roster, RosterSlot

TEMPLATE = "campaigns/rosters/print.html"


def slot_url(roster: Roster, day: dt.date, section: RosterSlot, *, base_url: str = "", path: str = "") -> str:
    base = base_url or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    path = path or reverse("roster:cluster", args=[roster.cluster.pk])
    anchor = f"slot-{section.slot.pk}" if section.slot is not None else "slot-ngay"
    return f"{base.rstrip('/')}{path}?{urlencode({'date': day.isoformat()})}#{anchor}"


@lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """The slot's QR code as inline SVG. A fixed mask: choosing the best of eight costs most of the
    time and matters little for a short URL printed large; the same URL is drawn once per process."""
    import segno

    return segno.make(url, error="m", mask=0, boost_error=False).svg_inline(scale=2, border=1, omitsize=True)


def print_context(rosters: list[Roster], *, base_url: str = "", with_qr: bool = True) -> dict:
    """The template's context: one entry per printed page (a slot of a day of a cluster)."""
    pages = []
    for roster in rosters:
        path = reverse("roster:cluster", args=[roster.cluster.pk])  # once per cluster, not per slot
        for day in roster.days:
            if not day.slots:
                pages.append({"roster": roster, "day": day, "section": None, "qr": ""})
            for section in day.slots:
                qr = qr_svg(slot_url(roster, day.day, section, base_url=base_url, path=path)) if with_qr else ""
                pages.append({"roster": roster, "day": day, "section": section, "qr": qr})
    first = rosters[0] if rosters else None
    title = f"{first.ward_name} · {first.period_label}" if first else ""
    return {"pages": pages, "rosters": rosters, "title": title}


def render_context_html(context: dict) -> str:
    return render_to_string(TEMPLATE, context)


def roster_html(rosters: list[Roster], *, base_url: str = "", with_qr: bool = True) -> str:
    return render_context_html(print_context(rosters, base_url=base_url, with_qr=with_qr))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def roster_pdf(rosters: list[Roster], *, base_url: str = "") -> bytes:
    return html_to_pdf(roster_html(rosters, base_url=base_url))


def filename(rosters: list[Roster], extension: str) -> str:
    first = rosters[0]
    who = first.cluster.slug if len(rosters) == 1 else f"{first.cluster.ward.slug}-tat-ca-cum"
    days = f"{first.first_day:%Y%m%d}" + (f"-{first.last_day:%Y%m%d}" if first.last_day != first.first_day else "")
    return f"lich-phat-thanh-{who}-{days}.{extension}"
