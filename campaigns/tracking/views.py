"""The "Độ phủ" screens: campaigns, the coverage matrix with its chart, the drill-down to deliveries,
the report downloads and the city campaign's cascade; plus the read-only JSON for the city roll-up.

Every view finds its campaign through the ward rule (``access.scope_queryset``): another ward's
campaign is a 404, and a ward's people opening their city's campaign see their own ward's rows.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from campaigns.admin.ids import parse_id
from campaigns.admin.screens import TitledAdminScreen
from campaigns.content.channels import Channel, channel_label
from campaigns.models import Campaign, CoverageReport, DeliveryStatus, ReportFormat
from campaigns.places import access
from campaigns.plans.cascade import campaign_cascade, wards_below
from campaigns.reports.coverage_report import (
    CONTENT_TYPES,
    coverage_report_data,
    coverage_report_render,
    report_filename,
)
from campaigns.reports.period import PeriodError, parse_day, parse_period
from campaigns.tracking import api_tokens, coverage
from campaigns.tracking.chart import weekly_chart_svg

DEFAULT_WEEKS = 8
DEFAULT_UNREACHED_DAYS = 7


def scoped_campaign(user, raw_pk, *, for_change: bool = False) -> Campaign:
    pk = parse_id(raw_pk)
    campaign = None
    if pk is not None:
        campaigns = access.scope_queryset(Campaign.objects.select_related("ward", "parent"), user,
                                          for_change=for_change)
        campaign = campaigns.filter(pk=pk).first()
    if campaign is None:
        raise Http404(_t("Không tìm thấy kế hoạch này trong địa bàn của bạn."))
    return campaign


def read_period(query) -> tuple[dt.date, dt.date, str]:
    """(start, end, error) from ``?from=&to=``; the last weeks up to today when absent or unusable."""
    today = timezone.localdate()
    default = (today - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1), today)
    start, end = query.get("from", ""), query.get("to", "")
    if not start and not end:
        return *default, ""
    try:
        if start and end:
            return *parse_period(start, end), ""
        if start:
            first = parse_day(start, label=_t("Ngày bắt đầu"))
            return (first, max(first, today), "")
        last = parse_day(end, label=_t("Ngày kết thúc"))
        return (min(default[0], last), last, "")
    except PeriodError as error:
        return *default, str(error)


def read_days(query) -> tuple[int, str]:
    raw = query.get("days", "")
    if not raw:
        return DEFAULT_UNREACHED_DAYS, ""
    days = parse_id(raw)
    if days is None or days > 366:
        return DEFAULT_UNREACHED_DAYS, _t("Số ngày phải là số nguyên từ 1 đến 366; đang dùng %(n)s ngày.") % {
            "n": DEFAULT_UNREACHED_DAYS}
    return days, ""


def cell_class(cell) -> str:
    if cell is None or not cell.planned:
        return "loa-cell--none"
    if cell.reached >= cell.planned:
        return "loa-cell--full"
    if cell.reached * 2 >= cell.planned:
        return "loa-cell--half"
    return "loa-cell--low"


class CampaignCoverageScreen(TitledAdminScreen, TemplateView):
    """A screen about one campaign the user may read (404 otherwise), answering 400 when its filters
    are refused (``errors`` in the context)."""

    def dispatch(self, request, *args, **kwargs):
        self.campaign = scoped_campaign(request.user, kwargs.get("pk"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=400 if context["errors"] else 200)


class CoverageIndexView(TitledAdminScreen, TemplateView):
    """The campaigns the user may read, city campaigns (with wards below) first."""

    template_name = "campaigns/coverage/index.html"
    page_title = _("Độ phủ tuyên truyền")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        campaigns = (access.scope_queryset(Campaign.objects.select_related("ward", "parent"), self.request.user)
                     .order_by("parent_id", "ward__name", "title"))
        return super().get_context_data(campaigns=campaigns, **kwargs)


class CoverageMatrixView(CampaignCoverageScreen):
    """Group × channel (or group × ISO week for one channel), coloured, with totals, the groups not
    reached in the last N days, the weekly chart, the reports and, for a city, the wards."""

    template_name = "campaigns/coverage/matrix.html"
    header_icon = "table"

    def get_page_title(self):
        return _t("Độ phủ: %(c)s") % {"c": self.campaign}

    def get_context_data(self, **kwargs):
        user, campaign, query = self.request.user, self.campaign, self.request.GET
        start, end, period_error = read_period(query)
        days, days_error = read_days(query)
        channel = query.get("channel", "")
        errors = [e for e in (period_error, days_error) if e]
        if channel and channel not in Channel.values:
            errors.append(_t("Kênh “%(c)s” không có; đang xem tất cả các kênh.") % {"c": channel[:40]})
            channel = ""
        matrix = coverage.coverage_matrix(campaign=campaign, user=user, start=start, end=end, by_week=bool(channel))
        now = timezone.now()
        unreached = coverage.groups_not_reached(campaign=campaign, user=user, now=now, days=days)
        unreached_ids = {group.id for group in unreached}
        series = coverage.weekly_by_channel(campaign=campaign, user=user, start=start, end=end)
        base = reverse("coverage:deliveries", args=[campaign.pk])
        period = {"from": start.isoformat(), "to": end.isoformat()}

        def drill(**filters):
            return f"{base}?{urlencode({**period, **{k: v for k, v in filters.items() if v}})}"

        columns = matrix.weeks if channel else matrix.channels
        rows = []
        for row in matrix.rows:
            if channel:
                cells = [(row.weeks.get((channel, week)), drill(group=row.id, channel=channel, week=week))
                         for week in columns]
            else:
                cells = [(row.cells.get(code), drill(group=row.id, channel=code)) for code in columns]
            rows.append({"row": row, "unreached": row.id in unreached_ids, "link": drill(group=row.id),
                         "cells": [{"cell": cell, "class": cell_class(cell), "link": link} for cell, link in cells]})
        channel_totals = [{"cell": matrix.by_channel.get(code), "class": cell_class(matrix.by_channel.get(code)),
                           "link": drill(channel=code)} for code in matrix.channels]
        reports = (access.scope_queryset(CoverageReport.objects.filter(campaign=campaign), user)
                   .defer("content").order_by("-reporting_day", "format")[:10])
        can_cascade = (not campaign.ward.is_ward and user.has_perm("campaigns.add_campaign")
                       and access.user_can_access(user, campaign, for_change=True))
        return super().get_context_data(
            campaign=campaign, matrix=matrix, rows=rows, columns=columns, channel=channel,
            column_labels=[channel_label(c) for c in columns] if not channel
            else [f"{w} ({coverage.week_monday(w):%d/%m})" for w in columns],
            channel_totals=channel_totals, channel_choices=[(c, channel_label(c)) for c in matrix.channels],
            unreached=unreached, days=days, start=start, end=end, errors=errors,
            chart=weekly_chart_svg(series, {code: channel_label(code) for code in Channel.values}),
            wards=[{"name": matrix.ward_names.get(ward_id, ""), "cell": cell, "class": cell_class(cell),
                    "link": drill(ward=ward_id)} for ward_id, cell in matrix.by_ward.items()],
            ward_wide=[(channel_label(c), cell, drill(channel=c, group="ward")) for c, cell in
                       matrix.ward_wide.items()],
            clusters=[(cluster, cell, cell_class(cell)) for cluster, cell in matrix.by_cluster],
            report_links=[(fmt.label, f"{reverse('coverage:report', args=[campaign.pk])}?"
                           f"{urlencode({**period, 'format': fmt.value})}") for fmt in ReportFormat],
            reports=reports, can_cascade=can_cascade,
            cascade_url=reverse("coverage:cascade", args=[campaign.pk]),
            json_url=reverse("coverage_api", args=[campaign.pk]),
            all_channels_url=f"?{urlencode({**period, 'days': days})}",
            **kwargs,
        )


class CoverageDeliveriesView(CampaignCoverageScreen):
    """The deliveries behind a cell: the campaign's, filtered by group, channel, ISO week, ward, period."""

    template_name = "campaigns/coverage/deliveries.html"
    header_icon = "list-ul"
    page_title = _("Lượt đăng/phát trong ô độ phủ")
    PER_PAGE = 100

    def get_context_data(self, **kwargs):
        query, errors = self.request.GET, []
        start, end, period_error = read_period(query)
        if period_error:
            errors.append(period_error)
        deliveries = coverage.campaign_deliveries(campaign=self.campaign, user=self.request.user, start=start,
                                                  end=end).select_related("group", "publication__page",
                                                                          "publication__ward")
        described = []
        group = query.get("group", "")
        if group == "ward":
            deliveries = deliveries.filter(group__isnull=True)
            described.append(_t("toàn phường/xã"))
        elif group:
            group_id = parse_id(group)
            deliveries = deliveries.filter(group_id=group_id) if group_id else deliveries.none()
            if group_id is None:
                errors.append(_t("Mã tổ/thôn “%(g)s” không hợp lệ.") % {"g": group[:40]})
        channel = query.get("channel", "")
        if channel:
            if channel in Channel.values:
                deliveries = deliveries.filter(channel=channel)
                described.append(channel_label(channel))
            else:
                errors.append(_t("Kênh “%(c)s” không có.") % {"c": channel[:40]})
                deliveries = deliveries.none()
        week = query.get("week", "")
        if week:
            try:
                monday = coverage.week_monday(week)
                if not 2000 <= monday.year <= 2100:
                    raise ValueError(week)
            except (ValueError, TypeError):
                errors.append(_t("Tuần “%(w)s” không hợp lệ: viết dạng 2026-W10.") % {"w": week[:40]})
                deliveries = deliveries.none()
            else:
                low, high = coverage.day_bounds(monday, monday + dt.timedelta(days=6))
                deliveries = deliveries.filter(due_at__gte=low, due_at__lt=high)
                described.append(_t("tuần %(w)s (từ %(d)s)") % {"w": week, "d": f"{monday:%d/%m/%Y}"})
        ward = query.get("ward", "")
        if ward:
            ward_id = parse_id(ward)
            deliveries = deliveries.filter(publication__ward_id=ward_id) if ward_id else deliveries.none()
        status = query.get("status", "")
        if status in DeliveryStatus.values:
            deliveries = deliveries.filter(status=status)
        paginator = Paginator(deliveries.order_by("due_at", "pk"), self.PER_PAGE)
        page = paginator.get_page(parse_id(query.get("p", "")) or 1)
        first = page.object_list[0] if page.object_list else None
        group_name = first.group.name if first and group and group != "ward" and first.group_id else ""
        return super().get_context_data(
            campaign=self.campaign, page=page, paginator=paginator, errors=errors, start=start, end=end,
            described=[group_name, *described] if group_name else described,
            back_url=f"{reverse('coverage:matrix', args=[self.campaign.pk])}?"
                     f"{urlencode({'from': start.isoformat(), 'to': end.isoformat()})}",
            reached=set(coverage.REACHED_STATUSES), **kwargs,
        )


def _attachment(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CoverageReportDownloadView(View):
    """The periodic report for the chosen period, made now (``?format=xlsx|pdf|json&from=&to=``)."""

    def get(self, request, pk):
        campaign = scoped_campaign(request.user, pk)
        fmt = request.GET.get("format", ReportFormat.XLSX)
        start, end, error = read_period(request.GET)
        if fmt not in ReportFormat.values:
            error = _t("Định dạng “%(f)s” không được hỗ trợ: chọn xlsx, pdf hoặc json.") % {"f": fmt[:20]}
        if error:
            messages.error(request, error)
            return TemplateResponse(request, "campaigns/coverage/bad_request.html",
                                    {"message": error, "back_url": reverse("coverage:matrix", args=[campaign.pk])},
                                    status=400)
        data = coverage_report_data(campaign=campaign, start=start, end=end, issued_on=timezone.localdate(),
                                    user=request.user)
        return _attachment(coverage_report_render(data, fmt), fmt, report_filename(data, fmt))


class StoredReportDownloadView(View):
    """A report the schedule prepared (``CoverageReport``), for the user's wards only."""

    def get(self, request, pk):
        report_id = parse_id(pk)
        report = None
        if report_id:
            reports = access.scope_queryset(CoverageReport.objects.select_related("campaign"), request.user)
            report = reports.filter(pk=report_id).first()
        if report is None:
            raise Http404(_t("Không tìm thấy báo cáo này trong địa bàn của bạn."))
        name = (f"bao-cao-{report.campaign.slug or report.campaign_id}-{report.period_start:%Y%m%d}-"
                f"{report.period_end:%Y%m%d}.{report.format}")
        return _attachment(bytes(report.content), report.format, name)


class CampaignCascadeView(TitledAdminScreen, TemplateView):
    """ "Giao kế hoạch cho các phường/xã": a city campaign creates its wards' campaigns."""

    template_name = "campaigns/coverage/cascade.html"
    page_title = _("Giao kế hoạch cho các phường/xã")
    header_icon = "duplicate"

    def dispatch(self, request, *args, **kwargs):
        self.campaign = scoped_campaign(request.user, kwargs.get("pk"), for_change=True)
        if not request.user.has_perm("campaigns.add_campaign"):
            return TemplateResponse(request, "campaigns/coverage/bad_request.html", {
                "message": _t("Bạn không có quyền tạo kế hoạch: việc này cần vai trò Biên tập viên hoặc Lãnh đạo "
                              "của thành phố."),
                "back_url": reverse("coverage:matrix", args=[self.campaign.pk])}, status=403)
        if self.campaign.ward.is_ward:
            return TemplateResponse(request, "campaigns/coverage/bad_request.html", {
                "message": _t("Kế hoạch của phường/xã không giao tiếp xuống được: chỉ kế hoạch của thành phố, "
                              "tỉnh mới có các phường/xã trực thuộc."),
                "back_url": reverse("coverage:matrix", args=[self.campaign.pk])}, status=400)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        have = set(self.campaign.children.values_list("ward_id", flat=True))
        wards = [(ward, ward.pk in have) for ward in wards_below(self.campaign.ward)]
        return super().get_context_data(campaign=self.campaign, wards=wards, **kwargs)

    def post(self, request, *args, **kwargs):
        created = campaign_cascade(campaign=self.campaign)
        if created:
            messages.success(request, _t("Đã tạo %(n)s kế hoạch cho: %(w)s.") % {
                "n": len(created), "w": ", ".join(c.ward.name for c in created)})
        else:
            messages.info(request, _t("Mọi phường/xã trực thuộc đều đã có kế hoạch theo kế hoạch này; không tạo thêm."))
        return redirect("coverage:matrix", self.campaign.pk)


def api_user(request):
    """Who asks: the owner of the ``Authorization: Bearer`` key when the header is sent (a wrong or
    revoked key is refused even with a session), else the session's user."""
    header = request.headers.get("Authorization", "")
    if not header:
        return request.user
    key = api_tokens.bearer_key(header)
    return api_tokens.api_token_user(key) if key else None


def _unauthorized(message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="loa"'
    return response


def coverage_api(request, pk):
    """``/api/coverage/<id>/``: the matrix, the weekly series and the groups not reached, as JSON.
    Session or API key (``Authorization: Bearer <key>``, campaigns.tracking.api_tokens); the ward
    rule applies as on the screen, to the key's owner."""
    user = api_user(request)
    if user is None:
        return _unauthorized(_t("Khoá API không đúng hoặc đã bị thu hồi."))
    if not user.is_authenticated:
        return _unauthorized(_t("Cần đăng nhập hoặc gửi khoá API để xem số liệu độ phủ."))
    if not user.has_perm("wagtailadmin.access_admin"):
        return JsonResponse({"error": _t("Tài khoản này không có quyền xem số liệu độ phủ.")}, status=403)
    if request.method != "GET":
        return JsonResponse({"error": _t("Chỉ đọc: dùng GET.")}, status=405)
    try:
        campaign = scoped_campaign(user, pk)
    except Http404:
        return JsonResponse({"error": _t("Không tìm thấy kế hoạch này trong địa bàn của bạn.")}, status=404)
    start, end, error = read_period(request.GET)
    days, days_error = read_days(request.GET)
    if error or days_error:
        return JsonResponse({"error": error or days_error}, status=400)
    matrix = coverage.coverage_matrix(campaign=campaign, user=user, start=start, end=end,
                                      by_week=request.GET.get("weeks") == "1")
    series = coverage.weekly_by_channel(campaign=campaign, user=user, start=start, end=end)
    unreached = coverage.groups_not_reached(campaign=campaign, user=user, now=timezone.now(), days=days)
    return JsonResponse({
        **matrix.as_dict(),
        "weekly": series.as_dict(),
        "not_reached": {"days": days, "groups": [
            {"id": g.id, "name": g.name, "ward": g.ward_name,
             "last_reached_at": g.last_reached_at.isoformat() if g.last_reached_at else None} for g in unreached]},
    }, json_dumps_params={"ensure_ascii": False})
