"""The calendar's admin screens ("Lịch tuyên truyền"): month, week, agenda, printable month,
spreadsheet export, moving an occurrence, and the person's iCal addresses; plus the public feed
read by calendar apps through a secret address. Each view parses its input, calls the services of
this package and renders; bad input is a 400 with a Vietnamese message."""

import datetime as dt
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.permission_policies import ModelPermissionPolicy

from campaigns.admin.ids import parse_id
from campaigns.admin.screens import TitledAdminScreen
from campaigns.content.channels import Channel
from campaigns.models import CalendarFeed, Campaign, Publication
from campaigns.places import access
from campaigns.reports.calendar import exports, feeds
from campaigns.reports.calendar.entries import calendar_entries, entries_by_day
from campaigns.reports.calendar.filters import CalendarFilters, filters_parse
from campaigns.reports.calendar.markers import lunar_dates, markers_by_day, markers_for
from campaigns.reports.calendar.moving import occurrence_move, parse_occurrence_key
from campaigns.reports.calendar.periods import CalendarInputError, Period, parse_anchor, period_for
from campaigns.reports.calendar.problems import calendar_problems
from campaigns.scheduling.recurrence import LOCAL_TZ

publication_policy = ModelPermissionPolicy(Publication)
# A month cell lists this many entries, then "+N lượt khác" leading to that day's week: the page
# stays readable, and its cost bounded, however busy the ward's month is.
MONTH_DAY_LIMIT = 4
CHANNEL_COLOURS = {
    Channel.PORTAL: "#1f5fa8", Channel.LOUDSPEAKER: "#b3261e", Channel.FACEBOOK: "#3b5998",
    Channel.ZALO: "#0068ff", Channel.YOUTUBE: "#c4302b", Channel.VISUAL: "#7b4f9d", Channel.MEETING: "#2e7d32",
    Channel.BULLETIN: "#6d4c41", Channel.MOBILE_TEAM: "#ef6c00", Channel.PRESS: "#455a64",
}


def entry_chip(entry, *, show_ward: bool) -> str:
    """The text of one entry in a day (time, title, channel, audience, status counts), built here
    rather than in the template: a busy month shows well over a hundred of them."""
    counts = format_html_join(
        "", '<span class="loa-cal-status status-{}" title="{}">{}: {}</span>',
        ((code, label, label, count) for code, label, count in entry.status_counts))
    overdue = format_html('<span class="loa-cal-status status-overdue">Quá hạn: {}</span>', entry.overdue) \
        if entry.overdue else ""
    ward = f" · {entry.ward_name}" if show_ward else ""
    return format_html(
        '<span class="loa-cal-time">{}</span> <span class="loa-cal-title">{}</span>'
        '<span class="loa-cal-meta">{} · {}{}</span><span class="loa-cal-counts">{}{}</span>',
        f"{entry.due_at:%H:%M}", entry.title, entry.channel_label, entry.audience, ward, counts, overdue)


def entry_item_open(entry, *, movable: bool) -> str:
    """The ``<li>`` that holds an entry: channel colour, cancelled/attention state, and what the
    drag-and-drop script reads (``data-key``, ``data-movable``). Built here for the same reason as
    ``entry_chip``; ``_entry.html`` and ``_day.html`` print it."""
    classes = "loa-cal-entry" + (" is-cancelled" if entry.cancelled else "") + (
        " needs-attention" if entry.attention else "")
    drag = format_html(' draggable="{}" data-movable="{}"', "true", "1") if movable else ""
    return format_html('<li class="{}" style="--channel-colour: {}" data-key="{}" data-channel="{}"{}>',
                       classes, entry.colour, entry.key, entry.channel, drag)


def bad_request(request, message: str) -> TemplateResponse:
    return TemplateResponse(request, "campaigns/calendar/bad_input.html", {"message": message}, status=400)


def local_now() -> dt.datetime:
    return timezone.now().astimezone(LOCAL_TZ)


class CalendarMixin:
    """Reads the view kind, the day and the filters from the URL; refuses what it cannot use."""

    view_kind = "month"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.now = local_now()
            anchor = parse_anchor(day=request.GET.get("ngay"), month=request.GET.get("thang"), today=self.now.date())
            self.period: Period = period_for(self.view_kind, anchor)
            self.filters: CalendarFilters = filters_parse(user=request.user, params=request.GET)
        except CalendarInputError as error:
            return bad_request(request, str(error))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def entries(self):
        return calendar_entries(filters=self.filters, window=self.period.window, now=self.now)

    def calendar_context(self) -> dict:
        markers = markers_for(first=self.period.first, last=self.period.last, ward_ids=self.filters.ward_ids,
                              campaign_id=self.filters.campaign.pk if self.filters.campaign else None)
        problems = calendar_problems(filters=self.filters, period=self.period, entries=self.entries, now=self.now)
        show_ward = len(self.filters.wards) > 1
        by_day = entries_by_day(self.entries)
        marks = markers_by_day(markers)
        lunar = lunar_dates(self.period.days)
        can_move = publication_policy.user_has_permission(self.request.user, "change")
        limit = MONTH_DAY_LIMIT if self.view_kind == "month" else None
        days = [
            {"date": day, "entries": by_day.get(day, [])[:limit], "more": len(by_day.get(day, [])[limit:]) if limit
             else 0, "markers": marks.get(day, []), "lunar": lunar[day],
             "today": day == self.now.date(), "in_month": self.period.in_month(day),
             "overbooked": day in problems.overbooked_days, "past": day < self.now.date()}
            for day in self.period.days
        ]
        for day in days:  # only what the page shows: a busy month holds hundreds more than its cells
            for entry in day["entries"]:
                entry.colour = CHANNEL_COLOURS.get(entry.channel, "#888")
                entry.chip = entry_chip(entry, show_ward=show_ward)
                entry.movable_here = can_move and entry.movable(self.now)
                entry.item_open = entry_item_open(entry, movable=entry.movable_here)
        return {
            "period": self.period, "filters": self.filters, "days": days,
            "weeks": [days[i:i + 7] for i in range(0, len(days), 7)],
            "weekday_names": ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"],
            "problems": problems, "entries": self.entries, "markers": markers, "now": self.now,
            "can_move": can_move,
            "colours": {Channel(code).label: colour for code, colour in CHANNEL_COLOURS.items()},
            "view_kind": self.view_kind,
            "move_forms": self.view_kind != "month" and can_move,
            "anchor_param": self.anchor_param(self.period.anchor),
            "previous_param": self.anchor_param(self.period.previous),
            "next_param": self.anchor_param(self.period.next),
            "today_param": self.anchor_param(self.now.date()),
            "filter_query": self.filters.querystring(),
        }

    def anchor_param(self, day: dt.date) -> str:
        if self.view_kind == "month":
            return f"thang={day:%Y-%m}"
        return f"ngay={day:%Y-%m-%d}"


class CalendarView(CalendarMixin, TitledAdminScreen, TemplateView):
    template_name = "campaigns/calendar/calendar.html"
    header_icon = "calendar-alt"
    page_title = _("Lịch tuyên truyền")

    def get_page_subtitle(self):
        return self.period.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.calendar_context())
        context["tabs"] = [
            ("month", "Tháng", reverse("calendar:month")), ("week", "Tuần", reverse("calendar:week")),
            ("agenda", "Danh sách", reverse("calendar:agenda")),
        ]
        return context


class MonthView(CalendarView):
    view_kind = "month"


class WeekView(CalendarView):
    view_kind = "week"


class AgendaView(CalendarView):
    view_kind = "agenda"


class PrintMonthView(CalendarMixin, TemplateView):
    """The month on one A4 landscape sheet, without the admin's furniture."""

    view_kind = "month"
    template_name = "campaigns/calendar/print_month.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.calendar_context()}


class ExportView(CalendarMixin, View):
    """The filtered agenda (the days of ``ngay``/``thang`` as the agenda reads them) as CSV or XLSX."""

    view_kind = "agenda"

    def dispatch(self, request, *args, **kwargs):
        self.view_kind = request.GET.get("xem") or "agenda"
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("format", "csv")
        if kind not in ("csv", "xlsx"):
            return bad_request(request, "Định dạng xuất không hợp lệ: chọn csv hoặc xlsx.")
        name = f"lich-tuyen-truyen-{self.period.first:%Y%m%d}-{self.period.last:%Y%m%d}"
        if kind == "csv":
            response = HttpResponse(exports.agenda_csv(self.entries), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                exports.agenda_xlsx(self.entries, title=f"Lịch tuyên truyền {self.period.title}"),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        return response


class MoveView(View):
    """Drag and drop (or the form under an entry): move one future occurrence to another day.

    Answers JSON to the script (``Accept: application/json``) and redirects back otherwise."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        wants_json = "application/json" in request.headers.get("Accept", "")
        try:
            if not publication_policy.user_has_permission(request.user, "change"):
                raise PermissionDenied("Bạn không có quyền dời lịch: việc này cần vai trò Biên tập viên "
                                       "hoặc Lãnh đạo phụ trách.")
            pk, occurrence = parse_occurrence_key(request.POST.get("occurrence", ""))
            to_day = parse_anchor(day=request.POST.get("to", "") or "?", month=None, today=local_now().date())
            queryset = access.scope_queryset(Publication.objects.select_related("page", "campaign"), request.user,
                                             for_change=True)
            publication = queryset.filter(pk=pk).first()
            if publication is None:
                raise Http404("Không tìm thấy lịch đăng/phát này trong các phường/xã bạn phụ trách.")
            result = occurrence_move(publication=publication, occurrence=occurrence, to_day=to_day,
                                     user=request.user, confirmed=request.POST.get("confirm") == "1")
        except CalendarInputError as error:
            return self.answer(request, wants_json, 400, {"error": str(error)})
        except PermissionDenied as error:
            return self.answer(request, wants_json, 403, {"error": str(error)})
        except Http404 as error:
            return self.answer(request, wants_json, 404, {"error": str(error) or "Không tìm thấy."})
        return self.answer(request, wants_json, 200 if not result.errors else 409, result.as_dict())

    def answer(self, request, wants_json: bool, status: int, body: dict):
        if wants_json:
            return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
        if "error" in body:
            return bad_request(request, body["error"]) if status == 400 else TemplateResponse(
                request, "campaigns/calendar/bad_input.html", {"message": body["error"]}, status=status)
        if body["moved"]:
            messages.success(request, "Đã dời lượt sang ngày mới; các lượt cũ được đánh dấu “Đã hủy”.")
        else:
            text = " ".join(c["message"] for c in body["conflicts"])
            if body["needs_confirmation"]:
                text = ("Cần xác nhận: " + (text + " " if text else "")
                        + ("Lượt này đã được duyệt. " if body["approved"] else "")
                        + "Hãy bấm “Dời” lần nữa với ô xác nhận được chọn.")
            messages.error(request, text or "Chưa dời được lượt này.")
        back = request.POST.get("next", "")
        return redirect(back if back.startswith("/admin/lich/") and "\\" not in back else reverse("calendar:month"))


class FeedListView(TitledAdminScreen, TemplateView):
    """The person's secret iCal addresses: create one for a ward or campaign, revoke one."""

    template_name = "campaigns/calendar/feeds.html"
    header_icon = "calendar-alt"
    page_title = _("Địa chỉ lịch iCal")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        wards = access.user_wards(self.request.user).order_by("name")
        feeds_ = list(CalendarFeed.objects.filter(user=self.request.user, ward__in=wards)
                      .select_related("ward", "campaign"))
        for feed in feeds_:
            feed.url = self.request.build_absolute_uri(reverse("calendar_ical", args=[feed.token]))
        context.update(feeds=feeds_, wards=wards,
                       campaigns=Campaign.objects.filter(ward__in=wards).order_by("title"))
        return context

    def post(self, request, *args, **kwargs):
        ward = access.user_wards(request.user).filter(pk=parse_id(request.POST.get("ward", "")) or 0).first()
        if ward is None:
            return bad_request(request, "Hãy chọn một phường/xã bạn phụ trách.")
        campaign = None
        if request.POST.get("campaign"):
            campaign = Campaign.objects.filter(ward=ward, pk=parse_id(request.POST["campaign"]) or 0).first()
            if campaign is None:
                return bad_request(request, "Kế hoạch không thuộc phường/xã đã chọn.")
        feeds.calendar_feed_create(user=request.user, ward=ward, campaign=campaign)
        messages.success(request, "Đã tạo địa chỉ lịch mới. Giữ bí mật địa chỉ này: ai có nó đều đọc được lịch.")
        return redirect("calendar:feeds")


class FeedRevokeView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        if not feeds.calendar_feed_revoke(user=request.user, feed_id=pk):
            raise Http404
        messages.success(request, "Đã thu hồi địa chỉ lịch: ứng dụng lịch dùng địa chỉ này sẽ không đọc được nữa.")
        return redirect("calendar:feeds")


def ical_feed(request, token: str):
    """The public feed: no session, the secret address is the key. 404 (in Vietnamese) when unknown
    or revoked."""
    try:
        feed = feeds.calendar_feed_for_token(token)
    except Http404:
        return HttpResponse("Không tìm thấy lịch: địa chỉ không đúng hoặc đã bị thu hồi.", status=404,
                            content_type="text/plain; charset=utf-8")
    body = feeds.calendar_ical(ward=feed.ward, campaign=feed.campaign)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="lich-{feed.ward.slug}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
