"""Forms of the admin's "Nhập kế hoạch": the upload, then the review of what was read."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from campaigns.admin.dates import DateTextField
from campaigns.content.channels import Channel
from campaigns.models import ResolutionKind
from campaigns.models.fields import DaysOfMonthFormField, LinesFormField
from campaigns.places.access import user_wards
from campaigns.plans.importer import (
    MAX_BYTES,
    SUPPORTED_EXTENSIONS,
    PlanImportError,
    document_encoding,
    parse_plan,
    read_document,
)
from campaigns.plans.importer.documents import ScannedPdf
from campaigns.plans.importer.ocr import IMAGE_EXTENSIONS, check_scan_pages

# The text waits in the session between the two steps; a plan is far smaller.
MAX_REVIEW_CHARS = 1_000_000


def read_upload(upload: UploadedFile) -> tuple[str, str]:
    """The text of an uploaded plan and how its characters were read (see ``document_encoding``),
    through a temporary file outside the project. A PDF without a text layer raises ``ScannedPdf``
    once its page count is known to be within the OCR limit (a 40-page scan is refused here, at once)."""
    suffix = Path(upload.name or "").suffix.lower()
    with tempfile.TemporaryDirectory(prefix="loa-plan-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            return read_document(path), document_encoding(path)
        except ScannedPdf:
            check_scan_pages(path)
            raise


UPLOAD_EXTENSIONS = (*SUPPORTED_EXTENSIONS, *IMAGE_EXTENSIONS)


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        help_text=_("Tệp .txt, .md, .docx, .pdf, hoặc bản quét (.pdf) và ảnh chụp trang văn bản (.jpg, .png, .heic) "
                    "— máy sẽ nhận dạng chữ; tối đa %(mb)s MB.") % {"mb": MAX_BYTES // 2**20},
        error_messages={"empty": _("Tệp rỗng: không có nội dung."), "required": _("Hãy chọn tệp kế hoạch.")},
    )
    ward = forms.ModelChoiceField(label=_("Phường/xã thực hiện"), queryset=None, empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = user_wards(user).order_by("name")
        self.text = ""
        self.encoding = ""
        self.scan: bytes | None = None  # a scan or photo: read by OCR in the background

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        extension = Path(upload.name or "").suffix.lower()
        if extension not in UPLOAD_EXTENSIONS:
            raise ValidationError(_("Định dạng tệp không được hỗ trợ (%(ext)s); chỉ nhận .txt, .md, .docx, .pdf, "
                                    ".jpg, .png, .heic.") % {"ext": extension or _("không có phần mở rộng")})
        if upload.size > MAX_BYTES:
            raise ValidationError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_BYTES // 2**20})
        if extension in IMAGE_EXTENSIONS:
            self.scan = b"".join(upload.chunks())
            return upload
        try:
            text, self.encoding = read_upload(upload)
            parse_plan(text)
        except ScannedPdf:
            self.scan = b"".join(upload.chunks())
            return upload
        except PlanImportError as error:
            raise ValidationError(_("Không đọc được kế hoạch: %(error)s.") % {"error": error}) from error
        if len(text) > MAX_REVIEW_CHARS:
            raise ValidationError(
                _("Văn bản quá dài để duyệt trên màn hình; hãy nhập bằng lệnh “manage.py import_plan”.")
            )
        self.text = text
        return upload


class TaskLinesField(LinesFormField):
    """LinesFormField whose blank value counts as unchanged, so an untouched extra
    row of a formset is skipped instead of failing validation."""

    def has_changed(self, initial, data) -> bool:
        return self.to_python(data) != list(initial or [])


def _date_field(label: str, help_text: str = "") -> DateTextField:
    return DateTextField(label=label, required=False, help_text=help_text)


class PlanReviewForm(forms.Form):
    title = forms.CharField(label=_("Tên kế hoạch"), widget=forms.Textarea(attrs={"rows": 3}))
    number = forms.CharField(label=_("Số kế hoạch"), required=False, max_length=60)
    issuer = forms.CharField(
        label=_("Cơ quan ban hành"), required=False, max_length=200,
        help_text=_("Để đối chiếu với phường/xã đã chọn; kế hoạch thuộc phường/xã đó."),
    )
    issued_on = _date_field(_("Ngày ban hành"), _("Dùng làm ngày bắt đầu của kế hoạch."))
    channels = forms.MultipleChoiceField(
        label=_("Hình thức tuyên truyền"), choices=Channel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipients = LinesFormField(
        label=_("Nơi nhận"), required=False, help_text=_("Mỗi dòng một nơi nhận."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=120)
    reporting_days = DaysOfMonthFormField(
        label=_("Ngày báo cáo hằng tháng"), required=False, help_text=_("Ví dụ: 12, 27")
    )
    period_end = _date_field(_("Thời hạn kết thúc"))
    allow_duplicate = forms.BooleanField(
        label=_("Vẫn tạo kế hoạch mới dù văn bản này đã được nhập"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("issued_on"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Thời hạn kết thúc phải sau ngày ban hành."))
        return cleaned


class TargetForm(forms.Form):
    text = forms.CharField(label=_("Nội dung chỉ tiêu"), widget=forms.Textarea(attrs={"rows": 2}))
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=0)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=40)
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=1900, max_value=2200)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=1900, max_value=2200)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Năm kết thúc phải sau hoặc bằng năm bắt đầu."))
        return cleaned


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Đơn vị"), max_length=200)
    tasks = TaskLinesField(
        label=_("Nhiệm vụ"), required=False, help_text=_("Mỗi dòng một nhiệm vụ."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReferenceForm(forms.Form):
    code = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=ResolutionKind.choices)
    date = _date_field(_("Ngày ban hành"))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)

    def has_changed(self) -> bool:
        # The kind select always submits a value, so the blank "Thêm văn bản" row looked filled in
        # and was validated; a new row counts only once something is typed into it.
        if not self.initial:
            return any(str(self[name].value() or "").strip() for name in ("code", "date", "issuer"))
        return super().has_changed()


TargetFormSet = forms.formset_factory(TargetForm, extra=1, can_delete=True)
UnitFormSet = forms.formset_factory(UnitForm, extra=1, can_delete=True)
ReferenceFormSet = forms.formset_factory(ReferenceForm, extra=1, can_delete=True)
FORMSETS = {"targets": TargetFormSet, "units": UnitFormSet, "references": ReferenceFormSet}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _plan_year(plan: dict) -> int | None:
    """The year a target without its own years belongs to: the plan's issue or end year, else
    the year another target names."""
    for value in (plan.get("issued_on"), plan.get("period_end")):
        if value:
            return dt.date.fromisoformat(value).year
    years = [t.get(key) for t in plan.get("targets") or [] for key in ("start_year", "end_year") if t.get(key)]
    return min(years) if years else None


def review_initial(plan: dict) -> tuple[dict, dict[str, list[dict]]]:
    """Initial data of the review form and its formsets from a parsed plan."""
    fields = {
        "title": plan.get("title") or "",
        "number": plan.get("number") or "",
        "issuer": plan.get("issuer") or "",
        "issued_on": _date(plan.get("issued_on")),
        "channels": plan.get("channels") or [],
        "recipients": plan.get("recipients") or [],
        "signer": plan.get("signer") or "",
        "reporting_days": plan.get("reporting_days") or [],
        "period_end": _date(plan.get("period_end")),
    }
    fallback_year = _plan_year(plan)
    rows = {
        "targets": [
            {
                **target,
                "start_year": target.get("start_year") or target.get("end_year") or fallback_year,
                "end_year": target.get("end_year") or target.get("start_year") or fallback_year,
            }
            for target in plan.get("targets") or []
        ],
        "units": [dict(unit) for unit in plan.get("units") or []],
        "references": [
            {**reference, "date": _date(reference.get("date")), "issuer": reference.get("issuer") or ""}
            for reference in plan.get("references") or []
        ],
    }
    return fields, rows


def _kept_rows(formset: forms.BaseFormSet) -> list[dict]:
    return [
        form.cleaned_data for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def plan_from_review(form: PlanReviewForm, formsets: dict[str, forms.BaseFormSet]) -> dict:
    """The corrected plan, in the shape ``parse_plan`` returns (plus ``number``)."""
    data = form.cleaned_data
    return {
        "title": data["title"].strip(),
        "number": data["number"].strip(),
        "issuer": data["issuer"].strip() or None,
        "issued_on": _iso(data["issued_on"]),
        "channels": list(data["channels"]),
        "recipients": data["recipients"],
        "signer": data["signer"].strip() or None,
        "reporting_days": data["reporting_days"],
        "period_end": _iso(data["period_end"]),
        "targets": [
            {key: row[key] for key in ("text", "quantity", "unit", "start_year", "end_year")}
            for row in _kept_rows(formsets["targets"])
        ],
        "units": [{"name": row["name"], "tasks": row["tasks"]} for row in _kept_rows(formsets["units"])],
        "references": [
            {"code": row["code"], "kind": row["kind"], "date": _iso(row["date"]), "issuer": row["issuer"] or None}
            for row in _kept_rows(formsets["references"])
        ],
    }
