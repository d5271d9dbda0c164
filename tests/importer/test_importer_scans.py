"""Scans and photos through OCR (Tesseract, Vietnamese model), and the bad inputs that must be refused
with a clear Vietnamese message and exit code 2, creating nothing: a photo that is not a document,
a scan over the page limit, a password-protected PDF, a corrupt Word file.

The page images are drawn here (scan_forms.py); the OCR tests are kept to one small page each."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from scan_forms import draw_non_document, draw_page

from campaigns.plans.importer import PlanImportError, parse_plan, plan_number, read_document
from campaigns.plans.importer.ocr import MAX_OCR_PAGES

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="needs tesseract-ocr and tesseract-ocr-vie (make system-packages)"
)


def refused_by_command(path: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(path), "--ward", "hai-an", stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 2
    return str(refused.value)


@needs_tesseract
def test_a_slightly_rotated_noisy_photo_of_a_plan_is_read(tmp_path):
    progress = []
    text = read_document(draw_page(tmp_path / "anh.png", angle=1.5, noise=True), ocr=True,
                         on_page=lambda done, total: progress.append((done, total)))
    plan = parse_plan(text)
    assert progress == [(0, 1), (1, 1)]  # "reading page 1 of 1", then done
    assert plan_number(text) == "45/KH-UBND"
    assert plan["issuer"] == "Ủy ban nhân dân phường Hải An"
    assert (plan["place"], plan["issued_on"]) == ("Hải An", "2026-04-15")
    # The two header columns were not interleaved line by line.
    assert text.index("Số: 45/KH-UBND") < text.index("CỘNG HÒA XÃ HỘI")


def test_without_ocr_a_photo_is_refused_with_a_pointer_to_the_command(tmp_path):
    with pytest.raises(PlanImportError, match="import_plan"):
        read_document(draw_page(tmp_path / "anh.png"))


@needs_tesseract
@pytest.mark.django_db
def test_a_photo_that_is_not_a_document_is_refused(tmp_path):
    from campaigns.models import Campaign

    message = refused_by_command(draw_non_document(tmp_path / "phong.jpg"))
    assert "không phải ảnh chụp một trang văn bản" in message
    assert Campaign.objects.count() == 0


@pytest.mark.django_db
def test_a_scan_over_the_page_limit_is_refused_before_reading(tmp_path):
    from pypdf import PdfWriter

    from campaigns.models import Campaign

    writer = PdfWriter()
    for _ in range(40):
        writer.add_blank_page(width=595, height=842)
    path = tmp_path / "ban-quet-40-trang.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    message = refused_by_command(path)
    assert f"40 trang, vượt giới hạn {MAX_OCR_PAGES} trang" in message
    assert Campaign.objects.count() == 0


@pytest.mark.django_db
def test_a_password_protected_pdf_is_refused(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="bi-mat", owner_password="bi-mat")
    path = tmp_path / "co-mat-khau.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert "mật khẩu" in refused_by_command(path)


@pytest.mark.django_db
def test_a_corrupt_word_file_is_refused(tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert "Tệp .docx bị hỏng" in refused_by_command(path)


@needs_tesseract
def test_a_heic_photo_from_a_phone_is_read(tmp_path):
    import pillow_heif
    from PIL import Image

    png = draw_page(tmp_path / "anh.png", angle=-1.0)
    heic = tmp_path / "IMG_0001.HEIC"
    pillow_heif.from_pillow(Image.open(png).convert("RGB")).save(str(heic), quality=90)
    assert heic.read_bytes()[4:12] == b"ftypheic"  # a real HEIC, made by pillow-heif itself
    text = read_document(heic, ocr=True)
    assert plan_number(text) == "45/KH-UBND"
    assert parse_plan(text)["issuer"] == "Ủy ban nhân dân phường Hải An"


def test_a_broken_heic_is_refused_in_vietnamese(tmp_path):
    heic = tmp_path / "hong.heic"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100)
    with pytest.raises(PlanImportError, match="Tệp ảnh bị hỏng hoặc không phải ảnh"):
        read_document(heic, ocr=True)


@pytest.mark.django_db
def test_the_command_draws_a_progress_bar_page_by_page(tmp_path, monkeypatch):
    from campaigns.plans.importer import documents
    from campaigns.plans.importer.ocr import OcrPage, OcrResult

    def two_pages(path, on_page=None, on_unreadable=None):
        for done in range(3):
            on_page(done, 2)
        on_unreadable(2)
        return OcrResult([OcrPage(1, "KẾ HOẠCH"), OcrPage(2, "", readable=False)])

    monkeypatch.setattr("campaigns.plans.importer.ocr.ocr_document", two_pages)
    assert documents  # read_document imports ocr_document from the ocr module when called
    err = StringIO()
    with pytest.raises(CommandError):  # two words are no plan: refused after reading, exit code 2
        call_command("import_plan", str(draw_page(tmp_path / "anh.png")), "--dry-run", stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(
        "\rĐang nhận dạng trang 1/2 [------------------------]"
        "\rĐang nhận dạng trang 2/2 [############------------]"
        "\rĐã nhận dạng 2/2 trang [########################]\n"
    )
    assert "Trang 2: không nhận ra chữ (trang trắng hoặc ảnh quá mờ), trang này không được đưa vào kế hoạch" in (
        err.getvalue())


def _scan_pdf(path: Path, images) -> Path:
    first, *rest = [image.convert("RGB") for image in images]
    first.save(path, save_all=True, append_images=rest, resolution=150)
    return path


@needs_tesseract
def test_a_blank_page_inside_a_scan_is_kept_aside_and_named(tmp_path):
    from PIL import Image

    from campaigns.plans.importer.ocr import ocr_document

    page = Image.open(draw_page(tmp_path / "trang.png"))
    blank = Image.new("L", page.size, 255)
    unreadable = []
    result = ocr_document(_scan_pdf(tmp_path / "ban-quet.pdf", [page, blank]), on_unreadable=unreadable.append)
    assert [(p.number, p.readable) for p in result.pages] == [(1, True), (2, False)]
    assert unreadable == [2]
    assert "45/KH-UBND" in result.text and result.pages[1].text == "" and result.pages[1].image is not None
    low = [word for line in result.pages[0].lines for _spaces, word, confidence in line if confidence < 60]
    assert low == result.pages[0].low_confidence_words  # the review marks exactly these


@needs_tesseract
def test_a_scan_with_no_readable_page_is_refused(tmp_path):
    from PIL import Image

    with pytest.raises(PlanImportError, match="Không nhận ra chữ ở trang nào của bản quét"):
        read_document(_scan_pdf(tmp_path / "trang-trang.pdf", [Image.new("L", (1240, 1754), 255)] * 2), ocr=True)
