"""Printable A4 sheet of QR cards: one card per residential group for one week, handed to group heads.

Scanning the card opens the group's confirmation page for that week's deliveries (one signed,
single-use link per group and week: campaigns.tracking.links)."""

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from campaigns.models import ResidentialGroup
from campaigns.places.access import user_wards
from campaigns.tracking.bulk_views import may_confirm
from campaigns.tracking.links import link_token, links_issue
from campaigns.tracking.qr import qr_svg


def _week_start(raw: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = dt.datetime.strptime(raw, fmt).date()
            break
        except ValueError:
            continue
    else:
        day = timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


def qr_sheet(request):
    if not may_confirm(request.user):
        return render(request, "tracking/forbidden.html", status=403)
    wards = user_wards(request.user).order_by("name")
    ward_id = request.GET.get("ward") or ""
    if ward_id:
        if not ward_id.isdigit():
            raise Http404
        ward = wards.filter(pk=int(ward_id)).first()
    else:
        ward = wards.first()
    if ward is None:
        raise Http404
    monday = _week_start(request.GET.get("week", ""))
    links = links_issue(ward_id=ward.pk, day=monday, days=7, now=timezone.now(), with_deliveries_only=False)
    groups = {g.pk: g for g in ResidentialGroup.objects.filter(pk__in=[link.group_id for link in links])}
    cards = []
    for link in links:
        url = request.build_absolute_uri(reverse("confirm_link", args=[link_token(link)]))
        cards.append({"group": groups[link.group_id], "url": url, "qr": mark_safe(qr_svg(url))})  # noqa: S308
    cards.sort(key=lambda card: card["group"].name)
    return render(request, "tracking/qr_sheet.html", {
        "ward": ward, "wards": wards, "monday": monday, "sunday": monday + dt.timedelta(days=6), "cards": cards,
    })
