"""Upload limits with Vietnamese messages: documents (size, extension, content matching the extension,
cms/uploads.py) and images (Wagtail's own checks, translated in locale/vi/LC_MESSAGES/django.po)."""

import io
import json
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as DocxDocument
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.uploads import content_matches_extension

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = DocxDocument()
    document.add_paragraph("Kế hoạch tuyên truyền nhà ở xã hội")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Tổ dân phố"
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def editor(demo, login):
    return login("bientap")


@pytest.fixture
def collection(demo):
    return Collection.objects.get(name="Hải An")


def add_document(client, collection, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data)
    return client.post("/admin/documents/add/", {"title": name, "file": upload, "collection": collection.pk})


def form_text(response) -> str:
    return str(response.context["form"].errors)


# --- documents ------------------------------------------------------------------------------------------------


def test_document_limits_are_set():
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILDOCS_DOCUMENT_FORM_BASE == "cms.uploads.DocumentForm"
    assert set(settings.WAGTAILDOCS_EXTENSIONS) == {"pdf", "doc", "docx", "odt", "txt", "md", "xlsx"}


@pytest.mark.parametrize(("name", "data"), [
    ("ke-hoach.pdf", PDF),
    ("ke-hoach.docx", docx_bytes()),
    ("danh-sach.xlsx", xlsx_bytes()),
    ("ghi-chu.txt", "Nhà ở xã hội: 32.900 căn.".encode()),
    ("ghi-chu.md", "# Kế hoạch\n".encode("utf-16")),
    ("cong-van.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
    ("cong-van.odt", zip_bytes(mimetype=b"application/vnd.oasis.opendocument.text", **{"content.xml": b"<x/>"})),
])
def test_real_documents_are_accepted(editor, collection, name, data):
    response = add_document(editor, collection, name, data)
    assert response.status_code == 302, form_text(response)
    assert get_document_model().objects.filter(title=name).exists()


@pytest.mark.parametrize(("name", "data"), [
    ("ke-hoach.pdf", EXE),
    ("ke-hoach.pdf", docx_bytes()),
    ("ke-hoach.docx", PDF),
    ("ke-hoach.docx", zip_bytes(**{"payload.exe": EXE})),
    ("danh-sach.xlsx", docx_bytes()),
    ("cong-van.doc", PDF),
    ("cong-van.odt", zip_bytes(mimetype=b"application/zip", **{"content.xml": b"<x/>"})),
    ("ghi-chu.txt", EXE),
])
def test_content_that_does_not_match_the_extension_is_refused_in_vietnamese(editor, collection, name, data):
    response = add_document(editor, collection, name, data)
    assert response.status_code == 200
    assert f"Nội dung tệp “{name}” không phải là tệp" in form_text(response)
    assert not get_document_model().objects.exists()


def test_an_extension_outside_the_list_is_refused_in_vietnamese(editor, collection):
    response = add_document(editor, collection, "cai-dat.exe", EXE)
    assert response.status_code == 200
    assert "Không nhận tệp “.exe”. Chỉ nhận các loại tệp: pdf, doc, docx, odt, txt, md, xlsx." in form_text(response)


def test_a_document_over_the_size_cap_is_refused_in_vietnamese(editor, collection, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = add_document(editor, collection, "lon.pdf", PDF + bytes(2048))
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == ["Tệp quá lớn (2,0\xa0KB). Dung lượng tối đa là 1,0\xa0KB."]


def test_the_multiple_uploader_applies_the_same_checks(editor, collection):
    upload = SimpleUploadedFile("ke-hoach.pdf", EXE)
    response = editor.post("/admin/documents/multiple/add/", {"files[]": upload, "collection": collection.pk})
    payload = json.loads(response.content)
    assert payload["success"] is False
    assert "Nội dung tệp “ke-hoach.pdf” không phải là tệp PDF" in payload["error_message"]


def test_sniffing_reads_the_zip_directory_only():
    assert content_matches_extension(io.BytesIO(docx_bytes()), "docx")
    assert not content_matches_extension(io.BytesIO(b"PK\x03\x04 truncated"), "docx")
    assert not content_matches_extension(io.BytesIO(b""), "pdf")


# --- images: Wagtail's checks, in Vietnamese ----------------------------------------------------------------


def add_image(client, collection, name: str, data: bytes):
    return client.post("/admin/images/add/", {"title": name, "file": SimpleUploadedFile(name, data),
                                              "collection": collection.pk})


def test_image_upload_cap_is_set():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 20 * 1024 * 1024


def test_a_real_image_is_accepted(editor, collection):
    assert add_image(editor, collection, "anh.png", png_bytes()).status_code == 302
    assert get_image_model().objects.filter(title="anh.png").exists()


def test_too_many_pixels_is_explained_in_vietnamese(editor, collection, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    text = form_text(add_image(editor, collection, "anh.png", png_bytes((40, 30))))
    assert "Ảnh có quá nhiều điểm ảnh (1200). Tối đa 1000 điểm ảnh." in text
    assert "too many pixels" not in text


def test_too_big_is_explained_in_vietnamese(editor, collection, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    text = form_text(add_image(editor, collection, "anh.png", png_bytes()))
    assert "Tệp quá lớn" in text and "too big" not in text


def test_unsupported_format_is_explained_in_vietnamese(editor, collection):
    text = form_text(add_image(editor, collection, "anh.bmp", png_bytes()))
    assert "Không phải định dạng ảnh được hỗ trợ" in text
    assert "Not a supported image format" not in text


def test_an_image_whose_content_is_another_format_is_explained_in_vietnamese(editor, collection):
    text = form_text(add_image(editor, collection, "anh.jpg", png_bytes()))
    assert "Không phải ảnh .jpeg hợp lệ" in text


def test_garbage_named_png_is_explained_in_vietnamese(editor, collection):
    text = form_text(add_image(editor, collection, "anh.png", EXE))
    assert "Hãy tải lên một hình ảnh hợp lệ" in text
