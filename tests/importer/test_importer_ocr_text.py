"""What the parser gets from a scan: OCR-like fixtures (fixtures/ocr/), no Tesseract needed.

- Tesseract TSV where the two columns of the letterhead and of the closing come as one line
  across ("Nơi nhận:      TM. ỦY BAN NHÂN DÂN"): read column by column from the word positions.
- Lone marks read a second time over a neighbouring word's ink ("số ( 15-NQ/HU"): left out.
- Keywords as OCR misreads their marks ("KÉ HOẠCH", "Noi nhân:", "T.M", "PHO CHU TỊCH").
The fixtures are invented (xã Tân Phú), not taken from the sample plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaigns.plans.importer import parse_plan
from campaigns.plans.importer.columns import unfold_columns
from campaigns.plans.importer.ocr import read_tsv
from campaigns.plans.importer.structure import RECIPIENTS_START, SIGNATURE_TITLE

OCR = Path(__file__).parent / "fixtures" / "ocr"
BODY = (
    "\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n- Nâng cao nhận thức của Nhân dân về phòng, chống dịch bệnh.\n\n"
    "II. TỔ CHỨC THỰC HIỆN\n\n- Trạm Y tế xã chủ trì, phối hợp với các ấp tổ chức thực hiện.\n\n"
)


def page_text(name: str) -> str:
    return read_tsv((OCR / name).read_text(encoding="utf-8"))[0]


def test_the_closing_read_as_one_line_across_is_split_into_recipients_and_signer():
    plan = parse_plan(page_text("letterhead-two-columns.tsv") + BODY + page_text("closing-two-columns.tsv"))
    assert plan["recipients"] == [
        "Huyện ủy (để báo cáo)",  # wrapped in the narrow left column: joined back
        "Các hội, đoàn thể",
        "Các trường học, trạm y tế trên địa bàn",  # longer than the left column beside the signature
        "Các cơ quan tham mưu, giúp việc Đảng ủy xã",  # wrapped before a capital
        "Lưu: VT, VHXH",
    ]
    assert plan["signer"] == "Trần Thị Mai"


def test_the_letterhead_read_as_one_line_across_gives_issuer_place_date_and_title():
    text = page_text("letterhead-two-columns.tsv")
    assert text.index("Số: 12/KH-UBND") < text.index("CỘNG HÒA XÃ HỘI")  # not interleaved
    plan = parse_plan(text + BODY + page_text("closing-two-columns.tsv"))
    assert plan["issuer"] == "Ủy ban nhân dân xã Tân Phú"
    assert (plan["place"], plan["issued_on"]) == ("Tân Phú", "2025-06-05")
    assert plan["title"] == "Kế hoạch tuyên truyền phòng, chống dịch sốt xuất huyết năm 2025"


def test_lone_marks_read_over_a_neighbouring_word_are_left_out_and_real_ones_kept():
    assert page_text("ghost-marks.tsv").split("\n") == [
        "Nghị quyết số 15-NQ/HU",
        "Nhân dân; đề cao",
        "Ban Chấp hành",
        "kinh tế - xã hội ở (để b/c)",  # a dash whose box spreads over "tế" is kept
    ]


def test_keywords_with_misread_marks_are_still_found():
    plan = parse_plan((OCR / "noisy-keywords.txt").read_text(encoding="utf-8"))
    assert plan["title"] == "Kế hoạch tuyên truyền phòng, chống dịch sốt xuất huyết năm 2025"
    assert plan["recipients"] == ["Trung tâm Y tế huyện", "Lưu: VT"]
    assert plan["signer"] == "Trần Thị Mai"


@pytest.mark.parametrize("line", ["TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ", "T.M ỦY BAN NHÂN DÂN",
                                  "TM, ỦY BAN NHÂN DÂN", "KT CHỦ TỊCH", "K/T. CHỦ TỊCH", "PHO CHU TỊCH", "BI THƯ"])
def test_signature_titles_as_ocr_reads_them(line):
    assert SIGNATURE_TITLE.match(line)


@pytest.mark.parametrize("line", ["Thực hiện Kế hoạch số 12", "TỔ CHỨC THỰC HIỆN", "TMỦY BAN", "Khu dân cư"])
def test_tolerance_does_not_take_ordinary_lines_for_signature_titles(line):
    assert not SIGNATURE_TITLE.match(line)


@pytest.mark.parametrize("line,found", [("Nơi nhận:", True), ("Noi nhân:", True), ("NƠI NHẬN:", True),
                                        ("Nơinhận:", True), ("Nơi ở của Nhân dân", False), ("Nội dung", False)])
def test_the_recipients_heading_as_ocr_reads_it(line, found):
    assert bool(RECIPIENTS_START.match(line)) is found


def test_a_list_item_wrapped_in_a_laid_out_column_is_joined_back():
    """The same in the text of a PDF or a Word file, where the columns come side by side."""
    closing = (OCR / "closing-laid-out.txt").read_text(encoding="utf-8")
    plan = parse_plan(page_text("letterhead-two-columns.tsv") + BODY + unfold_columns(closing))
    assert plan["recipients"] == ["Các cơ quan tham mưu, giúp việc Đảng ủy xã", "Các chi bộ trực thuộc", "Lưu VT"]
    assert plan["signer"] == "Trần Văn Bình"
