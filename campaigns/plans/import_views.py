"""Admin "Nhập kế hoạch": upload a plan document, review what was read, create a draft.

Step 1 reads and parses the upload and keeps its text in the session (never
in a file); step 2 shows the fields beside the source lines they came from,
lets the editor correct them and calls ``plan_import_create``.

A scan or a photo is read by OCR in the background (``import_jobs``): step 1
queues it and sends the editor to a progress page ("Đang nhận dạng trang 2/5",
refreshed by the browser every few seconds, no script needed), which leads to
the review once the pages are read; the review then shows each page image beside
the recognised text, unsure words marked. Jobs and page images are reached only by
their uploader, within the uploader's wards.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from campaigns.models import Campaign, Locality, PlanImportJob, PlanImportStatus
from campaigns.places.access import user_wards
from campaigns.plans.import_forms import FORMSETS, PlanReviewForm, PlanUploadForm, plan_from_review, review_initial
from campaigns.plans.import_jobs import (
    job_check_stale,
    job_start,
    low_confidence_count,
    marked_lines,
    progress_label,
)
from campaigns.plans.import_service import (
    PlanAlreadyImported,
    plan_import,
    plan_import_find_existing,
    resolutions_match,
)
from campaigns.plans.importer import locate_fields, parse_plan, plan_number
from campaigns.plans.importer.ocr import LOW_CONFIDENCE

SESSION_KEY = "loa_plan_imports"
MAX_PENDING = 3  # uploads kept per session; older ones are dropped


# --- the pending upload, kept in the session between the steps -------------------


def pending_save(session, *, text: str, name: str, ward_id: int, encoding: str = "", job: str = "") -> str:
    token = secrets.token_urlsafe(12)
    pending = dict(list(session.get(SESSION_KEY, {}).items())[-(MAX_PENDING - 1):])
    pending[token] = {"text": text, "name": name, "ward_id": ward_id, "encoding": encoding, "job": job}
    session[SESSION_KEY] = pending
    return token


def pending_load(session, token: str) -> dict | None:
    return session.get(SESSION_KEY, {}).get(token)


def pending_drop(session, token: str) -> None:
    pending = dict(session.get(SESSION_KEY, {}))
    pending.pop(token, None)
    session[SESSION_KEY] = pending


# --- source spans ------------------------------------------------------------------


@dataclass(frozen=True)
class SourceSpan:
    first: int
    last: int

    @property
    def label(self) -> str:
        return _t("dòng %(n)s") % {"n": self.first} if self.first == self.last else (
            _t("dòng %(a)s–%(b)s") % {"a": self.first, "b": self.last}
        )


def merged_span(spans: dict, keys: list[str]) -> SourceSpan | None:
    found = [spans[key] for key in keys if key in spans]
    return SourceSpan(min(s[0] for s in found), max(s[1] for s in found)) if found else None


def field_spans(spans: dict, plan: dict) -> dict[str, SourceSpan | None]:
    """One span per reviewed field or row: "targets.0", "units.1" (with its tasks), "recipients"."""
    result = {key: merged_span(spans, [key]) for key in ("title", "issuer", "signer", "period_end", "reporting_days")}
    result["issued_on"] = merged_span(spans, ["issued_on"])
    result["recipients"] = merged_span(spans, [f"recipients.{i}" for i in range(len(plan["recipients"]))])
    for i, unit in enumerate(plan["units"]):
        result[f"units.{i}"] = merged_span(
            spans, [f"units.{i}", *(f"units.{i}.tasks.{j}" for j in range(len(unit["tasks"])))]
        )
    for name in ("targets", "references"):
        for i in range(len(plan[name])):
            result[f"{name}.{i}"] = merged_span(spans, [f"{name}.{i}"])
    for code in plan["channels"]:
        result[f"channels.{code}"] = merged_span(spans, [f"channels.{code}"])
    return result


# --- views ---------------------------------------------------------------------------


class PlanImportPermissionMixin:
    """Only those who may add campaigns (editors, supervisors) import plans.

    Others get a plain 403 page rather than Wagtail's redirect to the dashboard,
    so the refusal says why.
    """

    permission_policy = ModelPermissionPolicy(Campaign)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "add"):
            return TemplateResponse(request, "campaigns/plan_import/forbidden.html", status=403)
        return super().dispatch(request, *args, **kwargs)


class PlanImportBaseView(PlanImportPermissionMixin, WagtailAdminTemplateMixin):
    page_title = _("Nhập kế hoạch")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("plan_import:upload"), "label": _t("Nhập kế hoạch")}]


class PlanUploadView(PlanImportBaseView, FormView):
    template_name = "campaigns/plan_import/upload.html"
    form_class = PlanUploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if form.scan is not None:
            job = job_start(data=form.scan, name=upload.name, ward=form.cleaned_data["ward"], user=self.request.user)
            return redirect("plan_import:scan", token=job.token)
        token = pending_save(
            self.request.session, text=form.text, name=upload.name, ward_id=form.cleaned_data["ward"].pk,
            encoding=form.encoding,
        )
        return redirect("plan_import:review", token=token)


def user_job(request, token: str) -> PlanImportJob:
    """The uploader's own job, within the uploader's wards; anything else is not found."""
    job = PlanImportJob.objects.filter(
        token=token, ward__in=user_wards(request.user), created_by=request.user
    ).first()
    if job is None:
        raise Http404
    return job


REFRESH_SECONDS = 2


class PlanScanProgressView(PlanImportBaseView, TemplateView):
    """Where a scan waits while it is read; leads to the review when done."""

    template_name = "campaigns/plan_import/progress.html"
    page_subtitle = _("Đang đọc bản quét")

    def get(self, request, *args, **kwargs):
        job = job_check_stale(user_job(request, kwargs["token"]))
        if job.status == PlanImportStatus.DONE:
            readable = job.pages.filter(readable=True).count()
            encoding = _t("bản quét, nhận dạng chữ (OCR): %(n)s/%(total)s trang đọc được") % {
                "n": readable, "total": job.pages_total}
            token = pending_save(request.session, text=job.text, name=job.source_name, ward_id=job.ward_id,
                                 encoding=encoding, job=job.token)
            return redirect("plan_import:review", token=token)
        context = self.get_context_data(
            job=job, label=progress_label(job), failed=job.status == PlanImportStatus.FAILED,
            refresh_seconds=REFRESH_SECONDS,
        )
        return self.render_to_response(context)


class PlanScanPageImageView(PlanImportPermissionMixin, View):
    """One page image of a scan being imported (``?trang=2``), never from the media folder."""

    def get(self, request, *args, **kwargs):
        job = user_job(request, kwargs["token"])
        number = request.GET.get("trang", "")
        page = job.pages.filter(number=int(number)).first() if number.isdigit() and len(number) < 4 else None
        if page is None or not page.image:
            raise Http404
        response = HttpResponse(bytes(page.image), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class PlanReviewView(PlanImportBaseView, TemplateView):
    template_name = "campaigns/plan_import/review.html"
    page_subtitle = _("Kiểm tra và sửa")

    @cached_property
    def pending(self) -> dict | None:
        return pending_load(self.request.session, self.kwargs["token"])

    def expired(self) -> HttpResponse:
        messages.error(
            self.request, _t("Không còn văn bản đang nhập (đã tạo hoặc phiên đã hết hạn). Hãy tải tệp lên lại.")
        )
        return redirect("plan_import:upload")

    def get_ward(self) -> Locality:
        ward = user_wards(self.request.user).filter(pk=self.pending["ward_id"]).first()
        if ward is None:
            raise Http404
        return ward

    def get_job(self) -> PlanImportJob | None:
        token = self.pending.get("job") if self.pending else ""
        if not token:
            return None
        try:
            return user_job(self.request, token)
        except Http404:  # read into a draft already, from another tab
            return None

    def drop_job(self) -> None:
        """The scan's pages are not kept once the draft exists."""
        job = self.get_job()
        if job is not None:
            job.delete()

    def scan_pages(self) -> list[dict]:
        job = self.get_job()
        if job is None:
            return []
        url = reverse("plan_import:page_image", args=[job.token])
        return [
            {"number": page.number, "readable": page.readable, "image_url": f"{url}?trang={page.number}",
             "text": marked_lines(page.lines), "unsure": low_confidence_count(page.lines)}
            for page in job.pages.order_by("number")
        ]

    def get_plan(self) -> dict:
        text = self.pending["text"]
        return {**parse_plan(text), "number": plan_number(text)}

    def build_forms(self, plan: dict, data=None) -> tuple[PlanReviewForm, dict]:
        fields, rows = review_initial(plan)
        form = PlanReviewForm(data, initial=fields)
        formsets = {name: FORMSETS[name](data, initial=rows[name], prefix=name) for name in FORMSETS}
        return form, formsets

    def get(self, request, *args, **kwargs):
        if self.pending is None:
            return self.expired()
        plan = self.get_plan()
        form, formsets = self.build_forms(plan)
        return self.render_to_response(self.get_context_data(plan=plan, form=form, formsets=formsets))

    def post(self, request, *args, **kwargs):
        if self.pending is None:
            return self.expired()
        plan = self.get_plan()
        ward = self.get_ward()
        form, formsets = self.build_forms(plan, request.POST)
        valid = form.is_valid() & all([formset.is_valid() for formset in formsets.values()])
        existing = plan_import_find_existing(ward=ward, source_text=self.pending["text"])
        if valid and existing is not None and not form.cleaned_data["allow_duplicate"]:
            form.add_error("allow_duplicate", _t("Văn bản này đã được nhập; đánh dấu ô này nếu vẫn muốn tạo bản mới."))
            valid = False
        if not valid:
            context = self.get_context_data(plan=plan, form=form, formsets=formsets)
            return self.render_to_response(context)
        try:
            campaign = plan_import(
                plan=plan_from_review(form, formsets), ward=ward, source_text=self.pending["text"],
                source_name=self.pending["name"], allow_duplicate=form.cleaned_data["allow_duplicate"],
            ).campaign
        except PlanAlreadyImported as already:
            # A second click while the first was being saved: show the draft the first one made.
            pending_drop(request.session, kwargs["token"])
            self.drop_job()
            messages.info(request, _t("Kế hoạch dự thảo “%(title)s” đã được tạo từ văn bản này.")
                          % {"title": already.existing})
            return HttpResponseRedirect(reverse("campaign:edit", args=[already.existing.pk]))
        pending_drop(request.session, kwargs["token"])
        self.drop_job()
        messages.success(request, _t("Đã tạo kế hoạch dự thảo “%(title)s”. Hãy kiểm tra và hoàn thiện.")
                         % {"title": campaign})
        return HttpResponseRedirect(reverse("campaign:edit", args=[campaign.pk]))

    def get_context_data(self, *, plan: dict, form, formsets, **kwargs):
        context = super().get_context_data(**kwargs)
        ward = self.get_ward()
        text = self.pending["text"]
        spans = field_spans(locate_fields(text, plan), plan)
        existing = plan_import_find_existing(ward=ward, source_text=text)
        matches = resolutions_match(ward=ward, references=plan["references"])
        context.update(
            ward=ward,
            source_name=self.pending["name"],
            source_encoding=self.pending.get("encoding") or "",
            source_lines=list(enumerate(unicodedata.normalize("NFC", text).split("\n"), start=1)),
            form=form,
            formsets=formsets,
            field_rows=[
                (form[name], spans.get(name))
                for name in ("title", "number", "issuer", "issued_on", "signer", "period_end", "reporting_days",
                             "recipients")
            ],
            channel_rows=[(choice, spans.get(f"channels.{choice.data['value']}")) for choice in form["channels"]],
            target_rows=[(f, spans.get(f"targets.{i}")) for i, f in enumerate(formsets["targets"].forms)],
            unit_rows=[(f, spans.get(f"units.{i}")) for i, f in enumerate(formsets["units"].forms)],
            reference_rows=[
                (f, spans.get(f"references.{i}"), matches[i].existing if i < len(matches) else None)
                for i, f in enumerate(formsets["references"].forms)
            ],
            scan_pages=self.scan_pages(),
            low_confidence=LOW_CONFIDENCE,
            existing=existing,
            existing_url=reverse("campaign:edit", args=[existing.pk]) if existing else None,
            issuer_mismatch=bool(plan.get("issuer")) and ward.name.lower() not in plan["issuer"].lower(),
        )
        return context


# --- registration --------------------------------------------------------------------


class PlanImportMenuItem(MenuItem):
    def is_shown(self, request):
        return PlanImportPermissionMixin.permission_policy.user_has_permission(request.user, "add")


class PlanImportViewSet(ViewSet):
    """ "Nhập kế hoạch" under the "Tuyên truyền" menu."""

    name = "plan_import"
    url_prefix = "campaigns/import-plan"
    icon = "upload"
    menu_label = _("Nhập kế hoạch")
    menu_item_class = PlanImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", PlanUploadView.as_view(), name="upload"),
            path("<str:token>/", PlanReviewView.as_view(), name="review"),
            path("ban-quet/<str:token>/", PlanScanProgressView.as_view(), name="scan"),
            path("ban-quet/<str:token>/anh/", PlanScanPageImageView.as_view(), name="page_image"),
        ]
