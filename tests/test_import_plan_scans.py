"""Scans and photos through the admin's "Nhập kế hoạch": OCR runs as a django-q2 task, the progress
page says which page is being read, the review shows each page image beside the recognised text with
unsure words marked; a failure says why in Vietnamese and creates nothing; only the uploader, within
their ward, reaches the job, its pages and their images.

Most tests replace Tesseract by a stand-in (``fake_ocr``) so they stay fast and need no OCR; those
marked ``needs_tesseract`` read a drawn page for real."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign, Locality, PlanImportJob, PlanImportPage, PlanImportStatus
from campaigns.plans import import_jobs
from campaigns.plans.importer import PlanImportError
from campaigns.plans.importer.ocr import NOT_A_DOCUMENT, OcrPage, OcrResult
from tests.importer.importer_testkit import load_plan

sys.path.insert(0, str(Path(__file__).resolve().parent / "importer"))
from scan_forms import draw_non_document, draw_page  # noqa: E402

UPLOAD_URL = reverse("plan_import:upload")
HAI_AN_PLAN = "hai-an-ward-propaganda-plan-02-NQ-TU"
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="needs tesseract-ocr and tesseract-ocr-vie (make system-packages)"
)


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (400, 560), 255).save(out, "PNG")
    return out.getvalue()


def page_image():
    from PIL import Image

    return Image.new("L", (1654, 2339), 255)


class FakeOcr:
    """Stands in for ``ocr_document``: three pages, the plan's text split over the first two, the third
    blank; records the job as each page is reported, so progress can be checked as it happened."""

    def __init__(self):
        self.seen: list[tuple[str, int, int]] = []

    def __call__(self, path, on_page=None):
        lines = load_plan(HAI_AN_PLAN).split("\n")
        halves = ["\n".join(lines[: len(lines) // 2]), "\n".join(lines[len(lines) // 2:])]
        pages = [
            OcrPage(1, halves[0], lines=[[(0, "ỦY", 96.0), (1, "BAN", 31.0), (1, "<script>", 20.0)]],
                    image=page_image()),
            OcrPage(2, halves[1], lines=[[(0, "Bùi", 91.0), (1, "Quang", 93.0), (1, "Ngân", 88.0)]],
                    image=page_image()),
            OcrPage(3, "", readable=False, image=page_image()),
        ]
        for done in range(len(pages) + 1):
            if on_page:
                on_page(done, len(pages))
            job = PlanImportJob.objects.get()
            self.seen.append((job.status, job.pages_done, job.pages_total))
        return OcrResult(pages)


@pytest.fixture
def hai_an(demo):
    return Locality.objects.get(slug="hai-an")


@pytest.fixture
def editor(login, demo):
    return login("bientap")


@pytest.fixture
def fake_ocr(monkeypatch):
    fake = FakeOcr()
    monkeypatch.setattr(import_jobs, "ocr_document", fake)
    return fake


def upload(client, ward, *, name="ban-quet.png", data=None, capture=None):
    """Upload a scan; the task is queued on commit and runs at once (the test settings run django-q2
    synchronously)."""
    payload = {"file": SimpleUploadedFile(name, data if data is not None else png_bytes()), "ward": ward.pk}
    if capture is None:
        return client.post(UPLOAD_URL, payload)
    with capture(execute=True):
        return client.post(UPLOAD_URL, payload)


# --- the task ----------------------------------------------------------------------------------------


def test_the_task_run_synchronously_records_progress_page_by_page(hai_an, fake_ocr):
    job = PlanImportJob.objects.create(ward=hai_an, source_name="ban-quet.pdf", source=b"%PDF-1.4")

    assert import_jobs.ocr_job_task(job.pk) == PlanImportStatus.DONE

    assert fake_ocr.seen == [("running", 0, 3), ("running", 1, 3), ("running", 2, 3), ("running", 3, 3)]
    job.refresh_from_db()
    assert (job.status, job.pages_done, job.pages_total, bytes(job.source)) == ("done", 3, 3, b"")
    assert "Bùi Quang Ngân" in job.text
    pages = list(job.pages.order_by("number"))
    assert [(page.number, page.readable) for page in pages] == [(1, True), (2, True), (3, False)]
    assert bytes(pages[0].image)[:3] == b"\xff\xd8\xff"  # a JPEG, kept in the database
    assert pages[0].lines[0][1] == [1, "BAN", 31.0]
    assert import_jobs.ocr_job_task(job.pk) == "bỏ qua"  # a job already read is not read again


def test_the_progress_label_names_the_page_being_read(hai_an):
    job = PlanImportJob(ward=hai_an, source_name="x.pdf", status=PlanImportStatus.RUNNING, pages_done=1,
                        pages_total=5)
    assert import_jobs.progress_label(job) == "Đang nhận dạng trang 2/5"
    job.status, job.pages_total = PlanImportStatus.QUEUED, 0
    assert import_jobs.progress_label(job) == "Đang chờ đọc bản quét…"


def test_a_failed_ocr_leaves_a_vietnamese_message_and_creates_nothing(hai_an, monkeypatch):
    def refuses(path, on_page=None):
        raise PlanImportError(NOT_A_DOCUMENT)

    monkeypatch.setattr(import_jobs, "ocr_document", refuses)
    job = PlanImportJob.objects.create(ward=hai_an, source_name="phong.jpg", source=b"\xff\xd8\xff")
    assert import_jobs.ocr_job_task(job.pk) == PlanImportStatus.FAILED
    job.refresh_from_db()
    assert job.error == NOT_A_DOCUMENT and bytes(job.source) == b""
    assert not PlanImportPage.objects.exists() and not Campaign.objects.filter(source_name="phong.jpg").exists()


def test_low_confidence_words_are_marked_and_escaped():
    html = str(import_jobs.marked_lines([[(0, "ỦY", 96.0), (1, "BAN", 31.0)], [], [(4, "<b>", 10.0)]]))
    assert html == 'ỦY <mark title="Độ tin cậy 31%">BAN</mark>\n\n    <mark title="Độ tin cậy 10%">&lt;b&gt;</mark>'


# --- the admin flow ---------------------------------------------------------------------------------


def test_a_photo_goes_through_the_progress_page_to_the_review_with_each_page_beside_its_text(
    editor, hai_an, fake_ocr, django_capture_on_commit_callbacks
):
    response = upload(editor, hai_an, capture=django_capture_on_commit_callbacks)
    job = PlanImportJob.objects.get()
    progress_url = reverse("plan_import:scan", args=[job.token])
    assert response.status_code == 302 and response["Location"] == progress_url
    assert job.created_by.username == "bientap" and job.ward == hai_an

    review = editor.get(editor.get(progress_url)["Location"])
    assert review.status_code == 200
    html = review.content.decode()
    assert "bản quét, nhận dạng chữ (OCR): 2/3 trang đọc được" in html
    image_url = reverse("plan_import:page_image", args=[job.token])
    assert f'src="{image_url}?trang=1"' in html and f'src="{image_url}?trang=2"' in html
    assert '<mark title="Độ tin cậy 31%">BAN</mark>' in html and "&lt;script&gt;" in html
    assert "độ tin cậy dưới 60%" in html  # the legend
    assert "Trang 3: không nhận ra chữ (trang trắng hoặc ảnh quá mờ)" in html
    assert review.context["form"]["signer"].value() == "Bùi Quang Ngân"

    image = editor.get(image_url, {"trang": 2})
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image["Cache-Control"].startswith("private")
    assert editor.get(image_url, {"trang": 9}).status_code == 404
    assert editor.get(image_url, {"trang": "x"}).status_code == 404


def test_while_reading_the_progress_page_refreshes_itself_and_shows_the_page(editor, hai_an):
    job = PlanImportJob.objects.create(ward=hai_an, created_by=_user("bientap"), source_name="ban-quet.pdf",
                                       status=PlanImportStatus.RUNNING, pages_done=1, pages_total=5)
    response = editor.get(reverse("plan_import:scan", args=[job.token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "Đang nhận dạng trang 2/5" in html and '<progress value="1" max="5">' in html


def test_a_failed_scan_shows_why_on_the_progress_page_and_creates_nothing(editor, hai_an, monkeypatch,
                                                                         django_capture_on_commit_callbacks):
    def refuses(path, on_page=None):
        raise PlanImportError(NOT_A_DOCUMENT)

    monkeypatch.setattr(import_jobs, "ocr_document", refuses)
    response = upload(editor, hai_an, name="phong.jpg", capture=django_capture_on_commit_callbacks)
    page = editor.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Không đọc được bản quét: Không nhận ra chữ trong ảnh" in html and "Chưa tạo gì" in html
    assert "http-equiv" not in html
    assert Campaign.objects.filter(source_name="phong.jpg").count() == 0


def test_a_scan_over_the_page_limit_is_refused_on_the_form_before_any_reading(editor, hai_an):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(40):
        writer.add_blank_page(width=595, height=842)
    data = io.BytesIO()
    writer.write(data)
    response = upload(editor, hai_an, name="ban-quet-40-trang.pdf", data=data.getvalue())
    assert response.status_code == 200
    assert "40 trang, vượt giới hạn 20 trang" in str(response.context["form"].errors["file"])
    assert not PlanImportJob.objects.exists()


def test_creating_the_draft_drops_the_scan(editor, hai_an, fake_ocr, django_capture_on_commit_callbacks):
    from tests.test_import_plan_admin import post_data

    upload(editor, hai_an, capture=django_capture_on_commit_callbacks)
    job = PlanImportJob.objects.get()
    review_url = editor.get(reverse("plan_import:scan", args=[job.token]))["Location"]
    review = editor.get(review_url)
    created = editor.post(review_url, post_data(review.context))
    assert created.status_code == 302
    assert Campaign.objects.filter(source_name="ban-quet.png").count() == 1
    assert not PlanImportJob.objects.exists() and not PlanImportPage.objects.exists()


# --- ward sealing --------------------------------------------------------------------------------


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("who", ["ha-bac-editor", "ha-bac-supervisor", "lanhdao"])
def test_only_the_uploader_within_the_ward_reaches_the_job_and_its_page_images(
    editor, hai_an, fake_ocr, django_capture_on_commit_callbacks, client, ward_user, who
):
    upload(editor, hai_an, capture=django_capture_on_commit_callbacks)
    job = PlanImportJob.objects.get()
    progress_url = reverse("plan_import:scan", args=[job.token])
    image_url = reverse("plan_import:page_image", args=[job.token])
    review_url = editor.get(progress_url)["Location"]

    other = ward_user(*who.rsplit("-", 1)) if who.startswith("ha-bac") else _user(who)
    client.force_login(other)
    assert client.get(progress_url).status_code == 404
    assert client.get(image_url, {"trang": 1}).status_code == 404
    # The review lives in the uploader's session: anyone else is sent back to the upload.
    assert client.get(review_url).status_code == 302


def test_a_job_whose_ward_the_uploader_left_is_not_found(editor, hai_an, fake_ocr, django_capture_on_commit_callbacks):
    upload(editor, hai_an, capture=django_capture_on_commit_callbacks)
    job = PlanImportJob.objects.get()
    PlanImportJob.objects.filter(pk=job.pk).update(ward=Locality.objects.get(slug="ha-bac"))
    assert editor.get(reverse("plan_import:scan", args=[job.token])).status_code == 404
    assert editor.get(reverse("plan_import:page_image", args=[job.token]), {"trang": 1}).status_code == 404


# --- real OCR ---------------------------------------------------------------------------------------


@needs_tesseract
def test_a_real_photo_is_read_in_the_background_and_reviewed(editor, hai_an, tmp_path,
                                                              django_capture_on_commit_callbacks):
    data = draw_page(tmp_path / "anh.png", angle=1.0, noise=True).read_bytes()
    response = upload(editor, hai_an, name="anh.png", data=data, capture=django_capture_on_commit_callbacks)
    job = PlanImportJob.objects.get()
    assert (job.status, job.pages_done, job.pages_total) == ("done", 1, 1)
    review = editor.get(editor.get(response["Location"])["Location"])
    html = review.content.decode()
    assert review.context["form"]["number"].value() == "45/KH-UBND"
    assert "Chữ nhận dạng ở trang 1" in html and "PHƯỜNG HẢI AN" in html


@needs_tesseract
def test_a_real_photo_of_no_document_fails_with_the_reason(editor, hai_an, tmp_path,
                                                           django_capture_on_commit_callbacks):
    data = draw_non_document(tmp_path / "phong.jpg").read_bytes()
    response = upload(editor, hai_an, name="phong.jpg", data=data, capture=django_capture_on_commit_callbacks)
    html = editor.get(response["Location"]).content.decode()
    assert "không phải ảnh chụp một trang văn bản" in html
    assert PlanImportJob.objects.get().status == PlanImportStatus.FAILED
    assert Campaign.objects.filter(source_name="phong.jpg").count() == 0


def test_a_job_left_silent_by_a_stopped_worker_fails_with_the_reason_instead_of_waiting_forever(editor, hai_an):
    job = PlanImportJob.objects.create(ward=hai_an, created_by=_user("bientap"), source_name="ban-quet.pdf",
                                       status=PlanImportStatus.RUNNING, pages_done=1, pages_total=5)
    soon = job.updated_at + import_jobs.STALE_AFTER / 2
    assert import_jobs.job_check_stale(job, now=soon).status == PlanImportStatus.RUNNING
    late = job.updated_at + import_jobs.STALE_AFTER * 2
    assert import_jobs.job_check_stale(job, now=late).status == PlanImportStatus.FAILED
    html = editor.get(reverse("plan_import:scan", args=[job.token])).content.decode()
    assert "bị gián đoạn" in html and "http-equiv" not in html
    assert Campaign.objects.filter(source_name="ban-quet.pdf").count() == 0
