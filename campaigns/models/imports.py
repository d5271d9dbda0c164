"""A scan or photo of a plan being read by OCR in the background (``PlanImportJob``), and the pages
it read (``PlanImportPage``), kept for the review screen.

The uploaded file and the page images live in the database, not in the media folder: they are
read only through the ward-checked views of "Nhập kế hoạch". The upload is dropped once read.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models.places import Locality


def new_job_token() -> str:
    return secrets.token_urlsafe(12)


class PlanImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang nhận dạng")
    DONE = "done", _("Đã đọc xong")
    FAILED = "failed", _("Không đọc được")


class PlanImportJob(models.Model):
    ward_path = "ward"

    token = models.CharField(max_length=32, unique=True, default=new_job_token, editable=False)
    ward = models.ForeignKey(Locality, verbose_name=_("phường/xã"), on_delete=models.CASCADE,
                             related_name="plan_import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    source_name = models.CharField(_("tên tệp"), max_length=255)
    source = models.BinaryField(_("tệp tải lên"), blank=True, default=b"")
    status = models.CharField(_("trạng thái"), max_length=8, choices=PlanImportStatus.choices,
                              default=PlanImportStatus.QUEUED)
    pages_done = models.PositiveSmallIntegerField(_("số trang đã đọc"), default=0)
    pages_total = models.PositiveSmallIntegerField(_("số trang"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    text = models.TextField(_("văn bản nhận dạng"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)  # set by hand on every progress update

    class Meta:
        verbose_name = _("bản quét đang nhập")
        verbose_name_plural = _("bản quét đang nhập")

    def __str__(self):
        return self.source_name


class PlanImportPage(models.Model):
    ward_path = "job__ward"

    job = models.ForeignKey(PlanImportJob, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveSmallIntegerField(_("trang"))
    image = models.BinaryField(_("ảnh trang (JPEG)"))
    lines = models.JSONField(_("các dòng nhận dạng"), default=list)
    readable = models.BooleanField(_("nhận ra chữ"), default=True)

    class Meta:
        verbose_name = _("trang bản quét")
        verbose_name_plural = _("trang bản quét")
        ordering = ["job", "number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="one_plan_import_page_per_number")]

    def __str__(self):
        return f"{self.job} · trang {self.number}"
