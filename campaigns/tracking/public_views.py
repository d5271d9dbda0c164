"""The page a group head opens from a signed link or a QR code: /xac-nhan/<token>/ (no account)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaigns.models import DeliveryStatus
from campaigns.tracking.forms import LinkConfirmForm
from campaigns.tracking.links import CONFIRMABLE, LinkRefused, link_confirm, link_deliveries, link_open
from campaigns.tracking.throttle import over_limit
from cms.throttle import client_ip

TEMPLATE = "tracking/confirm_link.html"
TOO_MANY = "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Xin đợi một phút rồi thử lại."


def _problem(request, message: str, status: int, link=None):
    return render(request, TEMPLATE, {"problem": message, "link": link}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_link(request, token: str):
    origin = client_ip(request) or ""
    if over_limit("ip", origin):
        return _problem(request, TOO_MANY, 429)
    try:
        link = link_open(token, origin=origin)
    except LinkRefused as refused:
        return _problem(request, refused.message, refused.status)
    if over_limit("token", str(link.pk)):  # per link, however many times it was signed
        return _problem(request, TOO_MANY, 429)

    rows = list(link_deliveries(link))
    pending = [row for row in rows if row.status in CONFIRMABLE]
    choices = [(row.pk, row.publication.page.title) for row in pending]
    context = {"link": link, "rows": rows, "pending": pending, "S": DeliveryStatus}
    if link.used_at:
        context["problem"] = "Liên kết này đã được dùng để xác nhận lúc {}. Không cần xác nhận lại.".format(
            timezone.localtime(link.used_at).strftime("%H:%M %d/%m/%Y"))
        return render(request, TEMPLATE, context, status=410)
    if not pending:
        cancelled = bool(rows) and all(row.status == DeliveryStatus.CANCELLED for row in rows)
        context["problem"] = ("Nội dung này đã bị hủy, không cần xác nhận." if cancelled else
                              "Không còn nội dung nào chờ xác nhận: tất cả đã được xác nhận trước đó.")
        return render(request, TEMPLATE, context, status=409 if cancelled else 200)

    posted = request.method == "POST"
    form = LinkConfirmForm(request.POST if posted else None, request.FILES if posted else None, choices=choices)
    if posted and form.is_valid():
        data = form.cleaned_data
        result = link_confirm(link, delivery_ids=data["deliveries"], origin=origin, comment=data["comment"],
                              photo=data["photo"], attendance=data["attendance"])
        if result.link_used_before:
            context["problem"] = "Liên kết này đã được dùng để xác nhận. Không cần xác nhận lại."
            return render(request, TEMPLATE, context, status=410)
        context.update(done=result, rows=list(link_deliveries(link)))
        return render(request, TEMPLATE, context)
    context["form"] = form
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)
