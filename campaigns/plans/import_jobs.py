"""Scans and photos of a plan read by OCR in the background, for the admin's "Nhập kế hoạch".

The upload step keeps the file in a ``PlanImportJob`` and queues ``ocr_job_task`` (django-q2);
the task reads the pages one after another (``ocr.ocr_document``), writing "page 2 of 5" into the
job as it goes, which the progress page shows; when done the job holds the text and each page's
image and recognised words (with Tesseract's confidence) for the review screen. A failure leaves
a Vietnamese message on the job and creates nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from campaigns.models import Locality, PlanImportJob, PlanImportPage, PlanImportStatus
from campaigns.plans.importer import PlanImportError
from campaigns.plans.importer.ocr import LOW_CONFIDENCE, OcrPage, ocr_document

logger = logging.getLogger(__name__)

PAGE_IMAGE_WIDTH = 1000  # pixels: enough to read the page beside its text, a few hundred kB at most
UNEXPECTED = "Lỗi không mong đợi khi đọc bản quét; hãy thử lại, nếu vẫn lỗi hãy báo quản trị hệ thống"
INTERRUPTED = (
    "Việc đọc bản quét bị gián đoạn (quá lâu hoặc máy chủ vừa khởi động lại); hãy tải tệp lên lại, "
    "hoặc tách bớt trang"
)
# The background worker stops a task after this long (below the cluster's 300 s retry, so it is never
# handed out twice); a job silent for longer than STALE_AFTER is taken as interrupted.
TASK_TIMEOUT_S = 290
STALE_AFTER = dt.timedelta(minutes=10)


def job_start(*, data: bytes, name: str, ward: Locality, user) -> PlanImportJob:
    """Keep the upload and queue its reading; returns the job to follow."""
    from django_q.tasks import async_task

    job = PlanImportJob.objects.create(ward=ward, created_by=user, source_name=name[:255], source=data)
    transaction.on_commit(lambda: async_task("campaigns.plans.import_jobs.ocr_job_task", job.pk,
                                             task_name=f"OCR kế hoạch {job.pk}", timeout=TASK_TIMEOUT_S))
    return job


def page_jpeg(image) -> bytes:
    shown = image.copy()
    if shown.width > PAGE_IMAGE_WIDTH:
        shown = shown.resize((PAGE_IMAGE_WIDTH, round(shown.height * PAGE_IMAGE_WIDTH / shown.width)))
    out = io.BytesIO()
    shown.convert("L").save(out, "JPEG", quality=80)
    return out.getvalue()


def _page_row(job: PlanImportJob, page: OcrPage) -> PlanImportPage:
    return PlanImportPage(
        job=job, number=page.number, image=page_jpeg(page.image) if page.image is not None else b"",
        lines=[[[spaces, word, round(confidence, 1)] for spaces, word, confidence in line] for line in page.lines],
        readable=page.readable,
    )


def ocr_job_run(job: PlanImportJob) -> PlanImportJob:
    """Read the job's file, recording progress as each page is done. Never raises PlanImportError:
    the message lands on the job."""

    def progress(done: int, total: int) -> None:
        PlanImportJob.objects.filter(pk=job.pk).update(
            status=PlanImportStatus.RUNNING, pages_done=done, pages_total=total, updated_at=timezone.now()
        )

    from campaigns.plans.importer.documents import _finish

    suffix = Path(job.source_name).suffix.lower()
    try:
        with tempfile.TemporaryDirectory(prefix="loa-scan-job-") as folder:
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(bytes(job.source))
            result = ocr_document(path, on_page=progress)
            text = _finish(result.text)
    except PlanImportError as error:
        PlanImportJob.objects.filter(pk=job.pk).update(status=PlanImportStatus.FAILED, error=str(error), source=b"")
    except Exception:
        logger.exception("OCR of plan import job %s failed", job.pk)
        PlanImportJob.objects.filter(pk=job.pk).update(status=PlanImportStatus.FAILED, error=UNEXPECTED, source=b"")
        raise
    else:
        with transaction.atomic():
            PlanImportPage.objects.filter(job=job).delete()
            PlanImportPage.objects.bulk_create([_page_row(job, page) for page in result.pages])
            count = len(result.pages)
            PlanImportJob.objects.filter(pk=job.pk).update(
                status=PlanImportStatus.DONE, text=text, pages_done=count, pages_total=count, source=b""
            )
    job.refresh_from_db()
    return job


def ocr_job_task(job_id: int) -> str:
    """The django-q2 task: read one queued job (a job already read or gone is left alone)."""
    job = PlanImportJob.objects.filter(pk=job_id, status=PlanImportStatus.QUEUED).first()
    if job is None:
        return "bỏ qua"
    return ocr_job_run(job).status


def job_check_stale(job: PlanImportJob, *, now: dt.datetime | None = None) -> PlanImportJob:
    """A job queued or reading with no news for ``STALE_AFTER`` (its worker was stopped, or no worker
    runs) is failed with a message saying so, so the editor is not left waiting."""
    now = now or timezone.now()
    waiting = (PlanImportStatus.QUEUED, PlanImportStatus.RUNNING)
    if job.status in waiting and now - job.updated_at > STALE_AFTER:
        PlanImportJob.objects.filter(pk=job.pk, status__in=waiting).update(
            status=PlanImportStatus.FAILED, error=INTERRUPTED, source=b"", updated_at=now
        )
        job.refresh_from_db()
    return job


def progress_label(job: PlanImportJob) -> str:
    """ "Đang nhận dạng trang 2/5" while reading (the page being read, not the pages done)."""
    if job.status == PlanImportStatus.QUEUED or not job.pages_total:
        return "Đang chờ đọc bản quét…"
    if job.status == PlanImportStatus.RUNNING:
        return f"Đang nhận dạng trang {min(job.pages_done + 1, job.pages_total)}/{job.pages_total}"
    return f"Đã đọc {job.pages_done}/{job.pages_total} trang"


def marked_lines(lines: list) -> SafeString:
    """The recognised text of a page as HTML, words Tesseract is unsure of (< LOW_CONFIDENCE) in
    ``<mark>`` with their confidence in a tooltip; spacing kept (shown in a pre-wrap block)."""
    rendered = []
    for line in lines:
        parts = []
        for spaces, word, confidence in line:
            parts.append(" " * spaces)
            if confidence < LOW_CONFIDENCE:
                parts.append(format_html('<mark title="Độ tin cậy {}%">{}</mark>', round(confidence), word))
            else:
                parts.append(format_html("{}", word))
        rendered.append(format_html_join("", "{}", ((part,) for part in parts)))
    return format_html_join("\n", "{}", ((line,) for line in rendered))


def low_confidence_count(lines: list) -> int:
    return sum(1 for line in lines for _spaces, _word, confidence in line if confidence < LOW_CONFIDENCE)
