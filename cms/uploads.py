"""What a document upload must be: an allowed extension whose content really is that kind of file.

Wagtail checks the size (WAGTAILDOCS_MAX_UPLOAD_SIZE) in its field; ``DocumentForm`` (set as
WAGTAILDOCS_DOCUMENT_FORM_BASE, so the single and the multiple uploader both use it) then checks the
extension and sniffs the first bytes: a PDF starts with %PDF-, a .docx/.xlsx/.odt is a ZIP holding
that format's parts, a .doc is an OLE2 compound file, a .txt/.md is text. The ZIP's directory is read,
nothing is decompressed.
"""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

SNIFF_BYTES = 64 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_PARTS = {
    "docx": {"[Content_Types].xml", "word/document.xml"},
    "xlsx": {"[Content_Types].xml", "xl/workbook.xml"},
    "odt": {"mimetype", "content.xml"},
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
LABELS = {"pdf": "PDF", "doc": "Word (.doc)", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)",
          "odt": "OpenDocument (.odt)", "txt": "văn bản (.txt)", "md": "văn bản (.md)"}


def document_extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def _is_zip_with(handle, parts: set[str], *, mimetype: bytes | None = None) -> bool:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if not parts <= names:
                return False
            return mimetype is None or archive.read("mimetype").strip() == mimetype
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        return False


def _is_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark
        return True
    return b"\x00" not in head


def content_matches_extension(handle, extension: str) -> bool:
    """Whether the file open in ``handle`` (binary, seekable) is what ``extension`` says it is."""
    handle.seek(0)
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "doc":
        return head.startswith(OLE2_MAGIC)
    if extension in ZIP_PARTS:
        if not head.startswith(b"PK\x03\x04"):
            return False
        found = _is_zip_with(handle, ZIP_PARTS[extension], mimetype=ODT_MIMETYPE if extension == "odt" else None)
        handle.seek(0)
        return found
    if extension in ("txt", "md"):
        return _is_text(head)
    return False


def check_document_upload(upload) -> None:
    """Raise a Vietnamese ValidationError unless ``upload`` is an allowed kind of document."""
    allowed = settings.WAGTAILDOCS_EXTENSIONS
    extension = document_extension(upload.name)
    if extension not in allowed:
        raise ValidationError(
            "Không nhận tệp “.%(extension)s”. Chỉ nhận các loại tệp: %(allowed)s.",
            code="invalid_extension",
            params={"extension": extension or "?", "allowed": ", ".join(allowed)},
        )
    if not content_matches_extension(upload, extension):
        raise ValidationError(
            "Nội dung tệp “%(name)s” không phải là tệp %(label)s như phần mở rộng cho biết. "
            "Hãy mở và lưu lại tệp bằng phần mềm tương ứng rồi tải lên lại.",
            code="content_mismatch",
            params={"name": upload.name, "label": LABELS.get(extension, extension)},
        )


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_document_upload(upload)
        return upload

    def _post_clean(self):
        # Wagtail's Document.clean() checks the extension of instance.file, which is still empty when the
        # upload was refused above (too big, wrong kind): keep only the reason it was refused.
        refused = list(self.errors.get("file", []))
        super()._post_clean()
        if refused:
            self._errors["file"] = self.error_class(refused)
