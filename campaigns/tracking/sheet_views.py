"""Printable A4 sheet of QR cards: one card per residential group for one week, handed to group heads,
shown as HTML to print from the browser or downloaded as PDF (``?format=pdf``: the same template printed
by WeasyPrint, as the rosters are).

Scanning the card opens the group's confirmation page for that week's deliveries (one signed,
single-use link per group and week: campaigns.tracking.links)."""

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from campaigns.models import ConfirmationLink, ResidentialGroup
from campaigns.places.access import user_wards
from campaigns.reports.rosters.render import html_to_pdf
from campaigns.tracking.bulk_views import may_confirm
from campaigns.tracking.links import link_token, links_issue
from campaigns.tracking.qr import qr_svg


def _week_start(raw: str) -> dt.date | None:
    """The Monday of the week holding ``raw`` (dd/mm/yyyy or yyyy-mm-dd), this week when empty, else None."""
    if not raw:
        day = timezone.localdate()
        return day - dt.timedelta(days=day.weekday())
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        return day - dt.timedelta(days=day.weekday())
    return None


def _ward(request, raw: str):
    wards = user_wards(request.user).order_by("name")
    if raw:
        if not raw.isdigit():
            raise Http404
        ward = wards.filter(pk=int(raw)).first()
    else:
        ward = wards.first()
    if ward is None:
        raise Http404
    return ward, wards


@require_http_methods(["GET", "POST"])
def qr_sheet(request):
    """GET shows the cards already issued for the week (no writes), as HTML or, with ``format=pdf``, as a
    PDF download; POST issues the missing ones."""
    if not may_confirm(request.user):
        return render(request, "tracking/forbidden.html", status=403)
    params = request.POST if request.method == "POST" else request.GET
    ward, wards = _ward(request, params.get("ward", ""))
    monday = _week_start(params.get("week", "").strip())
    if monday is None:
        return render(request, "tracking/qr_sheet.html", {
            "ward": ward, "wards": wards, "problem": "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."}, status=400)
    if request.method == "POST":
        links_issue(ward_id=ward.pk, day=monday, days=7, now=timezone.now(), with_deliveries_only=False)
        return redirect(f"{reverse('confirm_deliveries:qr_sheet')}?ward={ward.pk}&week={monday:%d/%m/%Y}")
    links = ConfirmationLink.objects.filter(ward=ward, day=monday, days=7, delivery=None, used_at=None,
                                            expires_at__gt=timezone.now()).select_related("group").order_by(
        "group__name", "-created_at")
    cards, seen = [], set()
    for link in links:
        if link.group_id in seen:
            continue
        seen.add(link.group_id)
        url = request.build_absolute_uri(reverse("confirm_link", args=[link_token(link)]))
        cards.append({"group": link.group, "url": url, "qr": qr_svg(url)})
    missing = ResidentialGroup.objects.filter(ward=ward).exclude(pk__in=seen).count()
    context = {"ward": ward, "wards": wards, "monday": monday, "sunday": monday + dt.timedelta(days=6),
               "cards": cards, "missing": missing}
    if params.get("format") == "pdf":
        if not cards:
            context["problem"] = "Chưa có thẻ nào cho tuần này: hãy tạo thẻ QR trước khi tải PDF."
            return render(request, "tracking/qr_sheet.html", context, status=400)
        html = render(request, "tracking/qr_sheet.html", {**context, "for_pdf": True}).content.decode()
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = (f'attachment; filename="the-qr-xac-nhan-{ward.slug}-'
                                           f'{monday:%Y%m%d}.pdf"')
        return response
    return render(request, "tracking/qr_sheet.html", context)
