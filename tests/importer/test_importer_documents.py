"""read_document(): encodings, .docx, .pdf and every kind of bad input."""

from __future__ import annotations

import pytest
from importer_testkit import PLAN_NAMES, load_expected, load_plan, make_scanned_pdf, make_text_pdf, to_cp1258

from campaigns.plans.importer import MAX_BYTES, PlanImportError, parse_plan, read_document
from campaigns.plans.importer.documents import decode_text, format_counter, to_roman

HAI_AN = "hai-an-ward-propaganda-plan-02-NQ-TU"
SAMPLE = "Ủy ban nhân dân phường Hải An ban hành Kế hoạch tuyên truyền Nghị quyết số 02-NQ/TU"


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_sample_plans_read_and_parse(name, tmp_path):
    path = write(tmp_path, f"{name}.txt", load_plan(name).encode("utf-8"))
    assert parse_plan(read_document(path)) == load_expected(name)


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_unicode_encodings_are_read(tmp_path, encoding, prefix):
    path = write(tmp_path, "plan.txt", prefix + load_plan(HAI_AN).encode(encoding))
    assert parse_plan(read_document(path)) == load_expected(HAI_AN)


def test_utf16_without_bom_is_read():
    assert decode_text(SAMPLE.encode("utf-16-le")) == SAMPLE


def test_windows_1258_is_read(tmp_path):
    path = write(tmp_path, "plan.md", to_cp1258(load_plan(HAI_AN)))
    text = read_document(path)
    assert text == load_plan(HAI_AN)
    assert parse_plan(text) == load_expected(HAI_AN)


def test_windows_1258_short_sample_decodes_to_nfc():
    assert decode_text(to_cp1258(SAMPLE)) == SAMPLE


def test_crlf_and_nfd_are_normalised(tmp_path):
    import unicodedata

    raw = unicodedata.normalize("NFD", load_plan(HAI_AN)).replace("\n", "\r\n")
    text = read_document(write(tmp_path, "plan.txt", raw.encode("utf-8")))
    assert "\r" not in text and unicodedata.is_normalized("NFC", text)


def test_empty_file(tmp_path):
    with pytest.raises(PlanImportError, match="rỗng"):
        read_document(write(tmp_path, "plan.txt", b""))


def test_whitespace_only_file(tmp_path):
    with pytest.raises(PlanImportError, match="rỗng"):
        read_document(write(tmp_path, "plan.txt", b" \r\n\t\n"))


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n" + bytes(2000),
        b"PK\x03\x04" + bytes(500),
        b"MZ\x90\x00" + bytes(100),
    ],
)
def test_binary_file(tmp_path, data):
    with pytest.raises(PlanImportError, match="nhị phân|bảng mã"):
        read_document(write(tmp_path, "plan.txt", data))


def test_random_bytes_are_refused(tmp_path):
    import random

    rng = random.Random(3)
    data = bytes(rng.randrange(256) for _ in range(5000))
    with pytest.raises(PlanImportError):
        read_document(write(tmp_path, "plan.txt", data))


def test_file_over_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from campaigns.plans.importer import documents

    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB really written

    def read(path):
        raise AssertionError("the oversized file was read")

    monkeypatch.setattr(documents, "read_text_file", read)
    with pytest.raises(PlanImportError, match="quá lớn"):
        read_document(path)
    assert MAX_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize("name", ["plan.odt", "plan.rtf", "plan", "plan.exe"])
def test_unknown_extension(tmp_path, name):
    with pytest.raises(PlanImportError, match="không được hỗ trợ"):
        read_document(write(tmp_path, name, b"I. MUC DICH\nII. NOI DUNG\n"))


def test_legacy_word_doc_gets_a_specific_message(tmp_path):
    with pytest.raises(PlanImportError, match=r"\.docx"):
        read_document(write(tmp_path, "plan.doc", b"\xd0\xcf\x11\xe0" + bytes(100)))


def test_missing_file(tmp_path):
    with pytest.raises(PlanImportError, match="Không tìm thấy"):
        read_document(tmp_path / "absent.txt")


def test_text_without_sections_is_refused():
    with pytest.raises(PlanImportError, match="Không nhận ra cấu trúc kế hoạch"):
        parse_plan("Kính gửi các đồng chí,\nĐây là một lá thư, không phải kế hoạch.\nTrân trọng.")


def test_empty_text_is_refused():
    with pytest.raises(PlanImportError):
        parse_plan("  \n ")


# --- .docx -------------------------------------------------------------------


def _plan_docx(path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN PHƯỜNG AN BIÊN")
    document.add_paragraph("Số: 12/KH-UBND")
    document.add_paragraph("An Biên, ngày 15 tháng 5 năm 2026")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tuyên truyền Nghị quyết số 02-NQ/TU ngày 10/12/2025 của Ban Chấp hành Đảng bộ thành phố")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Tuyên truyền sâu rộng Nghị quyết.")
    document.add_paragraph("II. HÌNH THỨC TUYÊN TRUYỀN")
    document.add_paragraph(
        "Tuyên truyền trên hệ thống loa truyền thanh và qua đội thông tin lưu động.", style="List Bullet"
    )
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Phòng Văn hóa - Xã hội phường", style="List Number")
    document.add_paragraph("Chủ trì tổ chức thực hiện Kế hoạch.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "Nơi nhận:"
    left.add_paragraph("- Đảng ủy phường;")
    left.add_paragraph("- Lưu: VT.")
    right.text = "TM. ỦY BAN NHÂN DÂN"
    right.add_paragraph("CHỦ TỊCH")
    right.add_paragraph("Trần Văn Bình")
    document.save(path)


def test_docx_paragraphs_numbering_and_table_cells_in_order(tmp_path):
    path = tmp_path / "plan.docx"
    _plan_docx(path)
    text = read_document(path)
    order = [text.index(s) for s in ("KẾ HOẠCH", "1. Phòng Văn hóa", "Nơi nhận", "Trần Văn Bình")]
    assert order == sorted(order)
    plan = parse_plan(text)
    assert plan["issuer"] == "Ủy ban nhân dân phường An Biên"
    assert plan["place"] == "An Biên" and plan["issued_on"] == "2026-05-15"
    assert plan["title"].startswith("Kế hoạch tuyên truyền Nghị quyết số 02-NQ/TU")
    assert plan["channels"] == ["loudspeaker", "mobile_team"]
    assert plan["units"] == [
        {"name": "Phòng Văn hóa - Xã hội phường", "tasks": ["Chủ trì tổ chức thực hiện Kế hoạch."]}
    ]
    assert plan["recipients"] == ["Đảng ủy phường", "Lưu: VT"]
    assert plan["signer"] == "Trần Văn Bình"
    assert [r["code"] for r in plan["references"]] == ["02-NQ/TU"]


def test_corrupt_docx(tmp_path):
    with pytest.raises(PlanImportError, match="docx"):
        read_document(write(tmp_path, "plan.docx", b"PK\x03\x04 not really a zip"))


def test_word_numbering_formats():
    assert [to_roman(n) for n in (1, 4, 5, 9, 14)] == ["I", "IV", "V", "IX", "XIV"]
    assert format_counter(3, "lowerLetter") == "c" and format_counter(2, "upperRoman") == "II"


# --- .pdf --------------------------------------------------------------------


def test_pdf_with_text_layer(tmp_path):
    pytest.importorskip("pypdf")
    lines = [line for line in load_plan(HAI_AN).split("\n") if line.strip()]
    path = write(tmp_path, "plan.pdf", make_text_pdf(lines))
    text = read_document(path)
    assert "Nghị quyết số 02-NQ/TU" in text
    plan = parse_plan(text)
    expected = load_expected(HAI_AN)
    for field in ("references", "targets", "channels", "recipients", "signer", "place"):
        assert plan[field] == expected[field], field
    assert [u["name"] for u in plan["units"]] == [u["name"] for u in expected["units"]]


def test_scanned_pdf_without_text_layer(tmp_path):
    pytest.importorskip("pypdf")
    with pytest.raises(PlanImportError, match="bản quét"):
        read_document(write(tmp_path, "scan.pdf", make_scanned_pdf()))


def test_corrupt_pdf(tmp_path):
    pytest.importorskip("pypdf")
    with pytest.raises(PlanImportError, match="PDF"):
        read_document(write(tmp_path, "plan.pdf", b"%PDF-1.4\nthis is not a pdf body\n"))
