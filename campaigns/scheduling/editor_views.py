"""Admin screens of the scheduler: the publication editor ("Lên lịch"), its detail with the
per-delivery status and actions, cancelling, and the dispatch health panel.

Views stay thin: the ward rule is ``campaigns.places.access``, saving with conflicts is
``campaigns.scheduling.editor``, expansion and cancelling ``campaigns.scheduling.expansion``, the
per-delivery actions ``campaigns.dispatch.actions``.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from campaigns.admin.ids import parse_id
from campaigns.content.approval import piece_go_live_at, piece_is_approved
from campaigns.dispatch.actions import delivery_cancel, delivery_dispatch_now, delivery_mark_done, delivery_retry
from campaigns.dispatch.health import dispatch_health
from campaigns.models import Delivery, DeliveryStatus, Publication
from campaigns.places import access
from campaigns.scheduling.editor import is_piece, pieces_for_user, publication_check, publication_expand
from campaigns.scheduling.editor_forms import PublicationForm
from campaigns.scheduling.expansion import publication_cancel
from campaigns.scheduling.rule_text import publication_describe

publication_policy = ModelPermissionPolicy(Publication)
DELIVERIES_PER_PAGE = 50
ACTIONABLE = {
    "dispatch": (DeliveryStatus.PLANNED,),
    "retry": (DeliveryStatus.FAILED, DeliveryStatus.NEEDS_CHECK),
    "cancel": (DeliveryStatus.PLANNED, DeliveryStatus.HELD),
    "done": (DeliveryStatus.READY, DeliveryStatus.NEEDS_CHECK),
}


def require(user, action: str) -> None:
    if not publication_policy.user_has_permission(user, action):
        raise PermissionDenied(_t("Bạn không có quyền lên lịch đăng/phát: việc này cần vai trò Biên tập viên "
                                  "hoặc Lãnh đạo phụ trách."))


def forbidden(request, message: str) -> TemplateResponse:
    """A plain 403 page that says why (Wagtail's admin would otherwise redirect to the dashboard)."""
    return TemplateResponse(request, "campaigns/publications/forbidden.html", {"message": message}, status=403)


class ForbiddenAsPageMixin:
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as error:
            return forbidden(request, str(error))


def delivery_label(delivery: Delivery) -> str:
    where = delivery.group.name if delivery.group_id else _t("toàn phường/xã")
    return f"{where} · {timezone.localtime(delivery.due_at):%d/%m/%Y %H:%M}"


def scoped_publication(user, pk, *, for_change: bool = False) -> Publication:
    queryset = access.scope_queryset(Publication.objects.select_related("page", "campaign", "ward"), user,
                                     for_change=for_change)
    return get_object_or_404(queryset, pk=pk)


def piece_for_user(user, page_id: int) -> Page:
    """The content piece to schedule, if it is one and belongs to a ward the user acts for."""
    page = get_object_or_404(Page, pk=page_id)
    if not is_piece(page):
        raise Http404
    specific = page.specific
    if not access.user_wards(user).filter(pk=specific.campaign.ward_id).exists():
        raise Http404
    return specific


def detail_url(publication: Publication, **query) -> str:
    url = reverse("publication:inspect", args=[publication.pk])
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


# --- the editor ----------------------------------------------------------------------------------


class PublicationEditorMixin(WagtailAdminTemplateMixin):
    template_name = "campaigns/publications/form.html"
    header_icon = "calendar-alt"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("publication:index"), "label": _t("Lịch đăng/phát")},
                {"url": "", "label": self.get_page_title()}]

    def build_form(self, page, publication=None, data=None):
        return PublicationForm(data, page=page, user=self.request.user, instance=publication)

    def render_form(self, form, *, page, publication=None, check=None, **extra):
        return self.render_to_response(self.get_context_data(
            form=form, page=page, publication=publication, check=check, **extra))

    def handle(self, request, *, page, publication):
        form = self.build_form(page, publication, request.POST)
        if not form.is_valid():
            return self.render_form(form, page=page, publication=publication)
        instance = publication if publication is not None else Publication(created_by=request.user)
        groups, clusters = form.apply(instance)
        save = request.POST.get("action") == "save"
        check = publication_check(publication=instance, groups=groups, clusters=clusters, save=save,
                                  acknowledged=form.cleaned_data.get("acknowledge", False))
        if not check.saved:
            if save and check.errors:
                form.add_error(None, _t("Chưa lưu: hãy sửa các lỗi bên dưới."))
            elif save and check.warnings:
                form.add_error("acknowledge", _t("Hãy xem các cảnh báo rồi đánh dấu ô này để vẫn lưu."))
            return self.render_form(form, page=page, publication=publication, check=check)
        result = publication_expand(publication=instance, preview=check.preview)
        if result is None:
            count = intcomma(check.preview.new)
            messages.info(request, _t("Đã lưu lịch. %(n)s lượt đăng/phát đang được tạo trong nền; tải lại trang "
                                      "sau ít phút để xem tiến độ.") % {"n": count})
        else:
            messages.success(request, _t("Đã lưu lịch: tạo %(created)s lượt, hủy %(cancelled)s, khôi phục "
                                         "%(revived)s, dời giờ %(moved)s.") % {
                "created": result.created, "cancelled": result.cancelled,
                "revived": result.revived, "moved": result.moved})
        return redirect(detail_url(instance))


class PublicationCreateView(ForbiddenAsPageMixin, PublicationEditorMixin, TemplateView):
    page_title = _("Lên lịch đăng/phát")

    def dispatch(self, request, *args, **kwargs):
        require(request.user, "add")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not request.GET.get("page"):
            return self.render_chooser()
        page, refusal = self.piece_or_refusal(request.GET["page"])
        return refusal or self.render_form(self.build_form(page), page=page)

    def post(self, request, *args, **kwargs):
        page, refusal = self.piece_or_refusal(request.POST.get("page") or request.GET.get("page"))
        return refusal or self.handle(request, page=page, publication=None)

    def render_chooser(self, *, error: str = "", status: int = 200):
        self.template_name = "campaigns/publications/choose_piece.html"
        context = self.get_context_data(pieces=pieces_for_user(self.request.user), error=error)
        return self.render_to_response(context, status=status)

    def piece_or_refusal(self, value) -> tuple[Page | None, TemplateResponse | None]:
        """The piece ``value`` names, or the list of pieces saying why that one cannot be scheduled."""
        page_id = parse_id(value)
        if page_id is None:
            return None, self.render_chooser(status=400, error=_t(
                "Mã nội dung cần lên lịch không hợp lệ. Hãy chọn nội dung trong danh sách dưới đây."))
        try:
            return piece_for_user(self.request.user, page_id), None
        except Http404:
            return None, self.render_chooser(status=404, error=_t(
                "Không tìm thấy nội dung này trong phường/xã của bạn, hoặc đây không phải nội dung lên lịch được. "
                "Hãy chọn nội dung trong danh sách dưới đây."))


class PublicationEditView(ForbiddenAsPageMixin, PublicationEditorMixin, TemplateView):
    page_title = _("Sửa lịch đăng/phát")

    def dispatch(self, request, *args, **kwargs):
        require(request.user, "change")
        self.publication = scoped_publication(request.user, kwargs["pk"], for_change=True)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.publication.cancelled_at is not None:
            messages.warning(request, _t("Lịch này đã hủy nên không sửa được."))
            return redirect(detail_url(self.publication))
        page = self.publication.page.specific
        return self.render_form(self.build_form(page, self.publication), page=page, publication=self.publication)

    def post(self, request, *args, **kwargs):
        if self.publication.cancelled_at is not None:
            return redirect(detail_url(self.publication))
        return self.handle(request, page=self.publication.page.specific, publication=self.publication)


# --- detail, cancel, delivery actions ----------------------------------------------------------------


class PublicationDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/publications/detail.html"
    header_icon = "calendar-alt"

    @cached_property
    def publication(self) -> Publication:
        return scoped_publication(self.request.user, self.kwargs["pk"])

    def get_page_title(self):
        return _t("Lịch đăng/phát")

    def get_page_subtitle(self):
        return str(self.publication)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("publication:index"), "label": _t("Lịch đăng/phát")},
                {"url": "", "label": str(self.publication)}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication, user = self.publication, self.request.user
        deliveries = publication.deliveries.select_related("group", "cluster").order_by("due_at", "pk")
        status = self.request.GET.get("status", "")
        if status in DeliveryStatus.values:
            deliveries = deliveries.filter(status=status)
        focus = parse_id(self.request.GET.get("delivery"))
        if focus:  # opened from the delivery list: that row alone
            deliveries = deliveries.filter(pk=focus)
        counts = dict(publication.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        page = Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(self.request.GET.get("p"))
        can_change = publication_policy.user_has_permission(user, "change") and access.user_can_access(
            user, publication, for_change=True)
        context.update(
            publication=publication,
            rule_text=publication_describe(publication),
            conflicts=publication.conflicts,
            deliveries=page,
            status=status,
            focus=focus,
            status_filters=[(value, label, counts.get(value, 0)) for value, label in DeliveryStatus.choices],
            total=sum(counts.values()),
            can_change=can_change and publication.cancelled_at is None,
            can_act=user.has_perm("campaigns.change_delivery"),
            actionable={key: [str(s) for s in statuses] for key, statuses in ACTIONABLE.items()},
            next_url=self.request.get_full_path(),
            group_names=", ".join(str(g) for g in publication.groups.all()),
            cluster_names=", ".join(str(c) for c in publication.clusters.all()),
        )
        return context


class PublicationCancelView(ForbiddenAsPageMixin, WagtailAdminTemplateMixin, TemplateView):
    """ "Hủy lịch": future pending deliveries are marked cancelled; history stays."""

    template_name = "campaigns/publications/cancel.html"
    header_icon = "calendar-alt"
    page_title = _("Hủy lịch đăng/phát")

    def dispatch(self, request, *args, **kwargs):
        require(request.user, "change")
        self.publication = scoped_publication(request.user, kwargs["pk"], for_change=True)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        pending = self.publication.deliveries.filter(status__in=ACTIONABLE["cancel"]).count()
        return super().get_context_data(publication=self.publication, pending=pending, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.publication.cancelled_at is not None:
            messages.info(request, _t("Lịch này đã được hủy trước đó."))
            return redirect(detail_url(self.publication))
        result = publication_cancel(publication=self.publication)
        messages.success(request, _t("Đã hủy lịch: %(n)s lượt chưa đăng/phát được đánh dấu “Đã hủy”; các lượt đã "
                                     "thực hiện vẫn được giữ.") % {"n": result.cancelled})
        return redirect(detail_url(self.publication))


def dispatch_message(report) -> tuple[int, str]:
    if not report.claimed:
        return messages.WARNING, _t("Lượt này không còn ở trạng thái chờ gửi (đã gửi, đang gửi hoặc đã hủy); "
                                    "không gửi thêm.")
    if report.delivered:
        return messages.SUCCESS, _t("Đã gửi: lượt đã được đăng/phát.")
    if report.ready:
        return messages.SUCCESS, _t("Đã chuyển sang “Sẵn sàng”: nội dung đã sẵn để người phụ trách thực hiện.")
    if report.retrying:
        return messages.WARNING, _t("Chưa gửi được; hệ thống sẽ tự thử lại (xem cột Lỗi).")
    if report.needs_check:
        return messages.ERROR, _t("Không rõ kết quả gửi: lượt chuyển sang “Cần kiểm tra”.")
    if report.failed:
        return messages.ERROR, _t("Gửi không thành công (xem cột Lỗi).")
    return messages.WARNING, _t("Lượt đang được một tiến trình khác gửi; không gửi thêm.")


class DeliveryActionView(View):
    """POST only: "Gửi ngay", "Gửi lại", "Hủy" on one delivery. The services check the permission
    and act through conditional updates, so a double submit acts once."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        delivery = get_object_or_404(access.scope_queryset(Delivery.objects.select_related("publication", "group"),
                                                           request.user), pk=pk)
        try:
            level, text = self.act(request, delivery, action)
        except PermissionDenied as error:
            return forbidden(request, str(error))
        messages.add_message(request, level, f"{delivery_label(delivery)}: {text}")
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = detail_url(delivery.publication)
        return HttpResponseRedirect(next_url)

    def act(self, request, delivery, action) -> tuple[int, str]:
        if action == "dispatch":
            level, text = dispatch_message(delivery_dispatch_now(delivery=delivery, user=request.user))
        elif action == "retry":
            done = delivery_retry(delivery=delivery, user=request.user)
            level, text = (messages.SUCCESS, _t("Đã đưa lượt vào hàng đợi để gửi lại.")) if done else (
                messages.WARNING, _t("Lượt này không còn ở trạng thái lỗi hoặc cần kiểm tra; không có gì thay đổi."))
        elif action == "done":
            done = delivery_mark_done(delivery=delivery, user=request.user)
            level, text = (messages.SUCCESS, _t("Đã ghi nhận: lượt đã được thực hiện.")) if done else (
                messages.WARNING, _t("Lượt này không chờ xác nhận; không có gì thay đổi."))
        elif action == "cancel":
            done = delivery_cancel(delivery=delivery, user=request.user)
            level, text = (messages.SUCCESS, _t("Đã hủy lượt đăng/phát.")) if done else (
                messages.WARNING, _t("Lượt này đã được xử lý hoặc đã hủy trước đó; không có gì thay đổi."))
        else:
            raise Http404
        return level, text


class DeliveryOpenView(View):
    """A delivery opens on its publication's page showing that row, with its actions."""

    def get(self, request, pk):
        delivery = get_object_or_404(access.scope_queryset(Delivery.objects.all(), request.user), pk=pk)
        return redirect(detail_url(delivery.publication, delivery=delivery.pk))


# --- "Lên lịch" button and the health panel ------------------------------------------------------------


def schedule_button(page, user, *, priority: int = 25) -> Button | None:
    """The "Lên lịch" header button of a content piece (None for other pages or users who cannot schedule)."""
    if not is_piece(page) or not publication_policy.user_has_permission(user, "add"):
        return None
    if not piece_is_approved(page) and piece_go_live_at(page) is None:
        # Said rather than offered: the editor would only meet the refusal after choosing a channel.
        return Button(_t("Lên lịch: cần duyệt trước"), reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
                      icon_name="calendar-alt", priority=priority,
                      attrs={"title": _t("Chỉ lên lịch được nội dung đã duyệt và đang đăng: hãy gửi duyệt, "
                                         "chờ lãnh đạo duyệt rồi lên lịch.")})
    url = f"{reverse('publication:add')}?{urlencode({'page': page.pk})}"
    return Button(_t("Lên lịch"), url, icon_name="calendar-alt", priority=priority,
                  attrs={"title": _t("Lên lịch đăng/phát nội dung này")})


class DispatchHealthPanel(Component):
    name = "loa_dispatch_health"
    template_name = "campaigns/publications/health_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        index = reverse("delivery:index")
        context.update(
            health=dispatch_health(user=self.request.user),
            failed_url=f"{index}?status={DeliveryStatus.FAILED}",
            needs_check_url=f"{index}?status={DeliveryStatus.NEEDS_CHECK}",
            planned_url=f"{index}?status={DeliveryStatus.PLANNED}",
        )
        return context


def health_panel_for(request) -> DispatchHealthPanel | None:
    if not request.user.has_perm("campaigns.view_delivery"):
        return None
    return DispatchHealthPanel(request)

