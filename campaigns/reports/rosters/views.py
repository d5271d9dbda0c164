"""Admin screens of the loudspeaker roster ("Lịch phát thanh"): the clusters of the user's wards,
one cluster's roster with ordering and as-run marking, the print view (HTML, PDF), the ward's PDF,
the monthly as-run export, emergency broadcasts and the broadcast staff's home panel.

Views stay thin: the roster is ``roster``, arranging ``arrange``, marking ``asrun``, printing
``render``, emergencies ``emergency``; every row is looked up through the ward rule.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from campaigns.admin.dates import DateTextError, date_text_parse
from campaigns.admin.ids import parse_id
from campaigns.models import AudioRenderStatus, BroadcastSlot, Delivery, Locality, LoudspeakerCluster, RosterAudio
from campaigns.places import access
from campaigns.reports.rosters import arrange, asrun, audio, emergency, render
from campaigns.reports.rosters.roster import cluster_roster, clusters_rosters

MAX_DAYS = 14
AUDIO_DAYS = 7
VIEW_PERMISSION = "campaigns.view_delivery"
CHANGE_PERMISSION = "campaigns.change_delivery"


class BadInput(Exception):
    pass


def parse_day(value: str | None, default: dt.date) -> dt.date:
    """``30/11/2026`` or ``2026-11-30`` (campaigns.admin.dates); BadInput with a Vietnamese message otherwise."""
    if not value:
        return default
    try:
        return date_text_parse(value)
    except DateTextError as error:
        raise BadInput(str(error)) from None


def parse_days(value: str | None) -> int:
    if not value:
        return 1
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_DAYS:
        raise BadInput(f"Số ngày phải từ 1 đến {MAX_DAYS}.")
    return int(value)


def today() -> dt.date:
    return timezone.localdate()


def refuse(request, message: str, status: int = 400) -> TemplateResponse:
    return TemplateResponse(request, "campaigns/publications/forbidden.html", {"message": message}, status=status)


def scoped_cluster(user, pk) -> LoudspeakerCluster:
    pk = parse_id(pk)
    if pk is None:
        raise Http404
    return get_object_or_404(access.scope_queryset(LoudspeakerCluster.objects.select_related("ward"), user), pk=pk)


def scoped_item(user, pk) -> Delivery:
    pk = parse_id(pk)
    if pk is None:
        raise Http404
    rows = access.scope_queryset(Delivery.objects.filter(cluster__isnull=False), user, for_change=True)
    return get_object_or_404(rows, pk=pk)


def roster_url(cluster_id: int, day: dt.date, **extra) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"date": day.isoformat(), **extra}.items())
    return f"{reverse('roster:cluster', args=[cluster_id])}?{query}"


class RosterPermissionMixin:
    permission = VIEW_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return refuse(request, "Bạn không có quyền xem lịch phát thanh.", status=403)
        try:
            return super().dispatch(request, *args, **kwargs)
        except BadInput as error:
            return refuse(request, str(error))


class RosterIndexView(RosterPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/rosters/index.html"
    page_title = _("Lịch phát thanh")
    header_icon = "radio-full"

    def get_context_data(self, **kwargs):
        day = parse_day(self.request.GET.get("date"), today())
        clusters = list(access.scope_queryset(LoudspeakerCluster.objects.select_related("ward"),
                                              self.request.user).order_by("ward__name", "name"))
        rosters = clusters_rosters(clusters, first_day=day, days=2) if clusters else []
        wards = {}
        for roster in rosters:
            wards.setdefault(roster.cluster.ward, []).append(roster)
        return {**super().get_context_data(**kwargs), "day": day, "wards": wards,
                "can_emergency": emergency.may_decide_emergency(self.request.user)}


class RosterClusterView(RosterPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/rosters/cluster.html"
    header_icon = "radio-full"

    def get_page_title(self):
        return f"Lịch phát thanh {self.cluster.name}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("roster:index"), "label": "Lịch phát thanh"},
                {"url": "", "label": self.cluster.name}]

    @cached_property
    def cluster(self):
        return scoped_cluster(self.request.user, self.kwargs["cluster_id"])

    def get_context_data(self, **kwargs):
        day = parse_day(self.request.GET.get("date"), today())
        days = parse_days(self.request.GET.get("days"))
        roster = cluster_roster(self.cluster, first_day=day, days=days)
        slots = list(BroadcastSlot.objects.filter(cluster=self.cluster).order_by("start"))
        return {**super().get_context_data(**kwargs), "roster": roster, "cluster": self.cluster, "day": day,
                "days": days, "slots": slots, "previous": day - dt.timedelta(days=1),
                "next": day + dt.timedelta(days=1), "can_change": self.request.user.has_perm(CHANGE_PERMISSION),
                "month": f"{day:%Y-%m}", "next_url": self.request.get_full_path(), **self.audio_context(day)}

    def audio_context(self, day: dt.date) -> dict:
        """The machine-speech box: the week from ``day``, its render's progress, stale or ready."""
        speech = audio.espeak_available()
        found = RosterAudio.objects.filter(cluster=self.cluster, first_day=day, days=AUDIO_DAYS).first()
        current = found is not None and found.status == AudioRenderStatus.DONE and audio.render_is_current(
            found, cluster_roster(self.cluster, first_day=day, days=AUDIO_DAYS))
        return {"audio_render": found, "audio_label": audio.render_progress_label(found), "audio_current": current,
                "audio_days": AUDIO_DAYS, "audio_last_day": day + dt.timedelta(days=AUDIO_DAYS - 1),
                "audio_available": speech, "audio_voice": audio.VOICES[audio.ward_voice(self.cluster.ward)],
                "audio_running": found is not None and found.status in (AudioRenderStatus.QUEUED,
                                                                        AudioRenderStatus.RUNNING)}


class RosterPrintView(RosterPermissionMixin, View):
    def get(self, request, cluster_id):
        cluster = scoped_cluster(request.user, cluster_id)
        day = parse_day(request.GET.get("date"), today())
        days = parse_days(request.GET.get("days"))
        kind = request.GET.get("format", "html")
        if kind not in ("html", "pdf"):
            raise BadInput("Định dạng phải là html hoặc pdf.")
        rosters = [cluster_roster(cluster, first_day=day, days=days)]
        return printed(request, rosters, kind)


class WardRosterPrintView(RosterPermissionMixin, View):
    """Every cluster of a ward for a day, as one PDF (or HTML)."""

    def get(self, request, ward_id):
        ward_id = parse_id(ward_id)
        if ward_id is None:
            raise Http404
        ward = get_object_or_404(access.scope_queryset(Locality.objects.all(), request.user), pk=ward_id)
        day = parse_day(request.GET.get("date"), today())
        kind = request.GET.get("format", "pdf")
        if kind not in ("html", "pdf"):
            raise BadInput("Định dạng phải là html hoặc pdf.")
        clusters = list(LoudspeakerCluster.objects.filter(ward=ward).select_related("ward").order_by("name"))
        if not clusters:
            raise BadInput(f"{ward.name} chưa có cụm loa nào.")
        return printed(request, clusters_rosters(clusters, first_day=day), kind)


def printed(request, rosters, kind: str) -> HttpResponse:
    base_url = request.build_absolute_uri("/")
    html = render.roster_html(rosters, base_url=base_url)
    if kind == "html":
        return HttpResponse(html)
    response = HttpResponse(render.html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{render.filename(rosters, "pdf")}"'
    return response


class RosterItemActionView(RosterPermissionMixin, View):
    """POST: move an item up/down, to another slot, or record it aired / not aired."""

    permission = CHANGE_PERMISSION
    http_method_names = ["post"]
    ACTIONS = ("up", "down", "move", "aired", "missed")

    def post(self, request, delivery_id, action):
        if action not in self.ACTIONS:
            raise Http404
        delivery = scoped_item(request.user, delivery_id)
        day = delivery.due_at.astimezone(timezone.get_current_timezone()).date()
        back = roster_url(delivery.cluster_id, parse_day(request.POST.get("date"), day))
        try:
            level, text = self.act(request, delivery, action, day)
        except arrange.RosterError as error:
            level, text = messages.ERROR, str(error)
        messages.add_message(request, level, text)
        return HttpResponseRedirect(back)

    def act(self, request, delivery, action, day):
        if action in ("up", "down"):
            changed = arrange.roster_item_shift(delivery=delivery, step=-1 if action == "up" else 1)
            return (messages.SUCCESS, "Đã đổi thứ tự.") if changed else (
                messages.WARNING, "Không đổi được thứ tự (đầu/cuối khung giờ, hoặc bài khẩn cấp luôn đọc trước).")
        if action == "move":
            slot_id = parse_id(request.POST.get("slot", ""))
            slot = BroadcastSlot.objects.filter(pk=slot_id, cluster_id=delivery.cluster_id).first() if slot_id else None
            if slot is None:
                raise arrange.RosterError("Chọn một khung giờ của cụm loa này.")
            target_day = parse_day(request.POST.get("day"), day)
            result = arrange.roster_item_move(delivery=delivery, slot=slot, day=target_day,
                                              accept_warnings=request.POST.get("accept") == "1")
            if result.moved:
                note = " ".join(c.message for c in result.warnings)
                return messages.SUCCESS, f"Đã chuyển bài sang khung giờ {slot.start:%H:%M} ngày " \
                                         f"{target_day:%d/%m/%Y}. {note}".strip()
            reasons = " ".join(c.message for c in result.conflicts)
            if result.errors:
                return messages.ERROR, reasons
            return messages.WARNING, f"Chưa chuyển: {reasons} Đánh dấu “Vẫn chuyển” nếu chấp nhận."
        aired = action == "aired"
        outcome = asrun.roster_item_mark(delivery=delivery, aired=aired, by=request.user,
                                         reason=request.POST.get("reason", ""),
                                         reader=request.POST.get("reader", "")[:120])
        return (messages.SUCCESS if outcome.moved else messages.WARNING), asrun.mark_message(outcome, aired=aired)


class RosterAudioRequestView(RosterPermissionMixin, View):
    """POST: speak a week of the cluster by machine, in a django-q2 task."""

    permission = CHANGE_PERMISSION
    http_method_names = ["post"]

    def post(self, request, cluster_id):
        cluster = scoped_cluster(request.user, cluster_id)
        day = parse_day(request.POST.get("date"), today())
        try:
            found = audio.roster_audio_request(cluster=cluster, first_day=day, days=AUDIO_DAYS, by=request.user)
        except audio.AudioUnavailable as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Đã bắt đầu tạo âm thanh (giọng đọc máy) {AUDIO_DAYS} ngày từ "
                                      f"{found.first_day:%d/%m/%Y}; trang này cho biết tiến độ.")
        return HttpResponseRedirect(roster_url(cluster.pk, day) + "#am-thanh")


def scoped_render(user, pk) -> RosterAudio:
    pk = parse_id(pk)
    if pk is None:
        raise Http404
    rows = access.scope_queryset(RosterAudio.objects.select_related("cluster"), user)
    return get_object_or_404(rows, pk=pk)


class RosterAudioStatusView(RosterPermissionMixin, View):
    """The render's progress as JSON, for the roster screen to refresh its line."""

    def get(self, request, render_id):
        found = scoped_render(request.user, render_id)
        return JsonResponse({"status": found.status, "done": found.done, "total": found.total,
                             "label": audio.render_progress_label(found)})


class RosterAudioDownloadView(RosterPermissionMixin, View):
    def get(self, request, render_id):
        found = scoped_render(request.user, render_id)
        path = audio.render_archive_path(found)
        if path is None:
            raise BadInput("Âm thanh chưa tạo xong hoặc đã bị xoá: bấm “Tạo âm thanh” trên lịch phát thanh.")
        name = f"am-thanh-{found.cluster.slug}-{found.first_day:%Y%m%d}-{found.days}-ngay-giong-doc-may.zip"
        return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/zip")


class AsRunExportView(RosterPermissionMixin, View):
    def get(self, request, cluster_id):
        cluster = scoped_cluster(request.user, cluster_id)
        month = request.GET.get("month") or f"{today():%Y-%m}"
        try:
            asrun.month_bounds(month)
        except ValueError as error:
            raise BadInput(str(error)) from None
        kind = request.GET.get("format", "xlsx")
        name = f"nhat-ky-phat-{cluster.slug}-{month}"
        if kind == "xlsx":
            response = HttpResponse(asrun.asrun_xlsx(cluster, month=month), content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        if kind == "pdf":
            html = render_to_string_asrun(cluster, month)
            response = HttpResponse(render.html_to_pdf(html), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
            return response
        raise BadInput("Định dạng phải là xlsx hoặc pdf.")


def render_to_string_asrun(cluster, month: str) -> str:
    from django.template.loader import render_to_string

    return render_to_string("campaigns/rosters/asrun.html", {
        "cluster": cluster, "rows": asrun.cluster_asrun(cluster, month=month),
        "month_label": f"{month[5:]}/{month[:4]}"})


class EmergencyView(RosterPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """A supervisor puts an approved script on air now in chosen clusters."""

    template_name = "campaigns/rosters/emergency.html"
    page_title = _("Phát khẩn cấp")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not emergency.may_decide_emergency(request.user):
            return refuse(request, "Chỉ lãnh đạo phụ trách mới quyết định phát khẩn cấp.", status=403)
        return super().dispatch(request, *args, **kwargs)

    def wards(self):
        return emergency.supervised_ward_ids(self.request.user)

    def get_context_data(self, **kwargs):
        wards = self.wards()
        clusters = LoudspeakerCluster.objects.select_related("ward").order_by("ward__name", "name")
        if wards is not None:
            clusters = clusters.filter(ward_id__in=wards)
        return {**super().get_context_data(**kwargs), "scripts": emergency.emergency_scripts(wards),
                "clusters": clusters}

    def post(self, request):
        from cms.models import LoudspeakerScriptPage

        wards = self.wards()
        page_id = parse_id(request.POST.get("page", ""))
        page = LoudspeakerScriptPage.objects.filter(pk=page_id).first() if page_id else None
        if page is None or (wards is not None and page.campaign.ward_id not in wards):
            return self.refused("Chọn một bài phát thanh đã duyệt của phường/xã.")
        ids = [parse_id(value) for value in request.POST.getlist("clusters")]
        clusters = LoudspeakerCluster.objects.filter(pk__in=[pk for pk in ids if pk], ward_id=page.campaign.ward_id)
        try:
            publication = emergency.emergency_put_on_air(page=page, clusters=list(clusters), by=request.user,
                                                         note=request.POST.get("note", "")[:500])
        except arrange.RosterError as error:
            return self.refused(str(error))
        messages.success(request, f"Đã đưa “{page.title}” lên loa ngay tại {publication.clusters.count()} cụm loa.")
        return HttpResponseRedirect(reverse("roster:index"))

    def refused(self, message):
        context = self.get_context_data()
        context["error"] = message
        return self.render_to_response(context, status=400)


# --- the broadcast staff's home panel -------------------------------------------------------------


class RosterHomePanel(Component):
    name = "loa_roster_today"
    template_name = "campaigns/rosters/home_panel.html"
    order = 80

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        day = today()
        clusters = list(access.scope_queryset(LoudspeakerCluster.objects.select_related("ward"),
                                              self.request.user).order_by("ward__name", "name")[:30])
        context.update(day=day, tomorrow=day + dt.timedelta(days=1),
                       rosters=clusters_rosters(clusters, first_day=day, days=2) if clusters else [])
        return context


def roster_panel_for(request) -> RosterHomePanel | None:
    """Shown to broadcast staff (and anyone who may change deliveries) of a ward with clusters."""
    if not request.user.has_perm(CHANGE_PERMISSION):
        return None
    return RosterHomePanel(request)


class RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


class RosterViewSet(ViewSet):
    """ "Lịch phát thanh" under the "Tuyên truyền" menu."""

    name = "roster"
    url_prefix = "campaigns/rosters"
    icon = "radio-full"
    menu_label = _("Lịch phát thanh")
    menu_item_class = RosterMenuItem

    def get_urlpatterns(self):
        return [
            path("", RosterIndexView.as_view(), name="index"),
            path("emergency/", EmergencyView.as_view(), name="emergency"),
            path("cluster/<int:cluster_id>/", RosterClusterView.as_view(), name="cluster"),
            path("cluster/<int:cluster_id>/print/", RosterPrintView.as_view(), name="print"),
            path("cluster/<int:cluster_id>/as-run/", AsRunExportView.as_view(), name="asrun"),
            path("cluster/<int:cluster_id>/audio/", RosterAudioRequestView.as_view(), name="audio_request"),
            path("audio/<int:render_id>/", RosterAudioStatusView.as_view(), name="audio_status"),
            path("audio/<int:render_id>/download/", RosterAudioDownloadView.as_view(), name="audio_download"),
            path("ward/<int:ward_id>/print/", WardRosterPrintView.as_view(), name="ward_print"),
            path("item/<int:delivery_id>/<slug:action>/", RosterItemActionView.as_view(), name="item_action"),
        ]
