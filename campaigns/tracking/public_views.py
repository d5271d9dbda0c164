"""The page a group head opens from a signed link or a QR code: /xac-nhan/<token>/ (no account)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaigns.models import DeliveryStatus
from campaigns.tracking.forms import LinkConfirmForm
from campaigns.tracking.links import (
    CONFIRMABLE,
    LinkRefused,
    link_confirm,
    link_deliveries,
    link_open,
    link_payload,
    payload_link_id,
)
from campaigns.tracking.throttle import over_limits
from cms.throttle import client_ip

TEMPLATE = "tracking/confirm_link.html"
TOO_MANY = "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Xin đợi một phút rồi thử lại."


def _problem(request, message: str, status: int, link=None):
    return render(request, TEMPLATE, {"problem": message, "link": link}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_link(request, token: str):
    origin = client_ip(request) or ""
    payload, refused = None, None
    try:
        payload = link_payload(token, origin=origin)  # the signature, checked without the database
    except LinkRefused as error:
        refused = error
    counters = [("ip", origin)]
    if (link_id := payload_link_id(payload)) is not None:
        counters.append(("token", str(link_id)))  # per link, however many times it was signed
    if over_limits(*counters):  # both in one round trip to the cache
        return _problem(request, TOO_MANY, 429)
    try:
        if refused:
            raise refused
        link = link_open(token, origin=origin, payload=payload)
    except LinkRefused as error:
        return _problem(request, error.message, error.status)

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
                              photo=data["photo"], attendance=data["attendance"], covered=rows)
        if result.link_used_before:
            context["problem"] = "Liên kết này đã được dùng để xác nhận. Không cần xác nhận lại."
            return render(request, TEMPLATE, context, status=410)
        for row in rows:  # what the move did, without reading the rows again
            if row.pk in result.confirmed or row.pk in result.already:
                row.status = DeliveryStatus.CONFIRMED
        context.update(done=result)
        return render(request, TEMPLATE, context)
    context["form"] = form
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)
