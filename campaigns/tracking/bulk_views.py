"""Admin "Xác nhận thực hiện": the deliveries people carry out, filtered, confirmed many at a time."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from campaigns.tracking.bulk import deliveries_confirm_by_staff, deliveries_to_confirm
from campaigns.tracking.forms import BulkConfirmForm, ConfirmFilterForm
from cms.throttle import client_ip

PERMISSION = "campaigns.confirm_delivery"
PAGE_SIZE = 100


def may_confirm(user) -> bool:
    return user.has_perm(PERMISSION)


class BulkConfirmView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "tracking/bulk_confirm.html"
    page_title = _("Xác nhận thực hiện")
    header_icon = "tick-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not may_confirm(request.user):
            return TemplateResponse(request, "tracking/forbidden.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        here = {"url": reverse("confirm_deliveries:index"), "label": _t("Xác nhận thực hiện")}
        return [*self.breadcrumbs_items, here]

    def filter_form(self):
        return ConfirmFilterForm(self.request.GET or None, user=self.request.user)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=BulkConfirmForm()))

    def post(self, request, *args, **kwargs):
        filter_form = self.filter_form()
        form = BulkConfirmForm(request.POST, request.FILES)
        filters_valid = not filter_form.is_bound or filter_form.is_valid()
        if not (form.is_valid() and filters_valid):
            return self.render_to_response(self.get_context_data(form=form), status=400)
        rows = deliveries_to_confirm(user=request.user, filters=filter_form.filters())
        if not form.cleaned_data["all_matching"]:
            rows = rows.filter(pk__in=form.cleaned_data["ids"])
        data = form.cleaned_data
        outcome = deliveries_confirm_by_staff(
            user=request.user, delivery_ids=rows.values_list("pk", flat=True), origin=client_ip(request) or "",
            note=data["comment"], photo=data["photo"], attendance=data["attendance"])
        message = _t("Đã xác nhận %(n)s lượt.") % {"n": len(outcome.moved)}
        if outcome.already:
            message += " " + _t("%(n)s lượt đã được xác nhận từ trước.") % {"n": len(outcome.already)}
        if outcome.refused:
            message += " " + _t("%(n)s lượt không thể xác nhận (đã hủy hoặc đang gửi).") % {"n": len(outcome.refused)}
        (messages.success if outcome.moved else messages.warning)(request, message)
        query = urlencode(request.GET, doseq=True)
        return HttpResponseRedirect(reverse("confirm_deliveries:index") + (f"?{query}" if query else ""))

    def get_context_data(self, *, form, **kwargs):
        context = super().get_context_data(**kwargs)
        filter_form = self.filter_form()
        rows = deliveries_to_confirm(user=self.request.user, filters=filter_form.filters()).select_related(
            "publication__page", "publication__campaign", "group", "publication__ward")
        if filter_form.is_bound and not filter_form.is_valid():
            rows = rows.none()
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(filter_form=filter_form, form=form, page=page, total=page.paginator.count,
                       query=query.urlencode())
        return context


class BulkConfirmMenuItem(MenuItem):
    def is_shown(self, request):
        return may_confirm(request.user)


class BulkConfirmViewSet(ViewSet):
    """ "Xác nhận thực hiện" under the "Tuyên truyền" menu."""

    name = "confirm_deliveries"
    url_prefix = "tracking/confirm"
    icon = "tick-inverse"
    menu_label = _("Xác nhận thực hiện")
    menu_item_class = BulkConfirmMenuItem

    def get_urlpatterns(self):
        from campaigns.tracking.sheet_views import qr_sheet

        return [
            path("", BulkConfirmView.as_view(), name="index"),
            path("qr/", qr_sheet, name="qr_sheet"),
            path("evidence/<int:pk>/photo/", evidence_photo, name="evidence_photo"),
        ]


def evidence_photo(request, pk: int):
    """A confirmation photo, to the people of its ward only (the file is never under a public URL)."""
    from django.core.files.storage import default_storage
    from django.http import FileResponse, Http404
    from django.utils.cache import patch_cache_control

    from campaigns.models import ConfirmationEvidence
    from campaigns.places.access import scope_queryset

    evidence = scope_queryset(ConfirmationEvidence.objects.filter(pk=pk), request.user).first()
    if evidence is None or not evidence.photo:
        raise Http404
    response = FileResponse(default_storage.open(evidence.photo), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_cache=True)
    return response
