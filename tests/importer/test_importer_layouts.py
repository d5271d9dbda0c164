"""Plans as offices send them (Nghị định 30/2020/NĐ-CP layout): the letterhead beside the national
motto and "Nơi nhận" beside the signer, as side-by-side text, as Word tables and as a text PDF.

The Word and PDF files are generated here from the committed plan texts (no binaries committed),
so these run in CI without the shared plans."""

from __future__ import annotations

import pytest
from importer_testkit import load_expected, load_plan
from layout_forms import plan_layout, write_docx, write_pdf, write_side_by_side_text

from campaigns.plans.importer import parse_plan, plan_number, read_document
from campaigns.plans.importer.columns import unfold_columns

PLANS = {
    "hai-an-ward-propaganda-plan-02-NQ-TU": ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI AN"],
    "district-plan-34-CT-TW": ["ĐẢNG BỘ TỈNH", "HUYỆN ỦY"],
}
WRITERS = {"txt": write_side_by_side_text, "docx": write_docx, "pdf": write_pdf}


@pytest.mark.parametrize("form", WRITERS)
@pytest.mark.parametrize("name", PLANS)
def test_a_two_column_plan_reads_as_its_plain_text(tmp_path, name, form):
    layout = plan_layout(load_plan(name), PLANS[name])
    path = WRITERS[form](layout, tmp_path / f"plan.{form}")
    assert parse_plan(read_document(path)) == load_expected(name)


def test_the_columns_are_not_interleaved_line_by_line():
    text = unfold_columns(
        "ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHƯỜNG HẢI AN                       Độc lập - Tự do - Hạnh phúc\n"
        "Số: 15/KH-UBND                  Hải An, ngày 03 tháng 3 năm 2025\n"
        "\n"
        "                    KẾ HOẠCH\n"
    )
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI AN", "Số: 15/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Hải An, ngày 03 tháng 3 năm 2025", "                    KẾ HOẠCH"]


def test_a_plain_plan_passes_through_unchanged():
    text = load_plan("hai-an-ward-propaganda-plan-02-NQ-TU")
    assert unfold_columns(text) == text


def test_one_physical_line_gives_both_the_number_and_the_place_and_date():
    body = load_plan("hai-an-ward-propaganda-plan-02-NQ-TU").split("KẾ HOẠCH", 1)[1]
    text = "ĐẢNG ỦY XÃ HẢI HÀ\n\nSố 15-KH/ĐU        Hải Hậu, ngày 03 tháng 3 năm 2025\n\nKẾ HOẠCH" + body
    plan = parse_plan(unfold_columns(text))
    assert plan_number(unfold_columns(text)) == "15-KH/ĐU"
    assert (plan["place"], plan["issued_on"]) == ("Hải Hậu", "2025-03-03")
    assert "15-KH/ĐU" not in [reference["code"] for reference in plan["references"]]


def test_a_word_data_table_is_still_read_row_by_row(tmp_path):
    import docx

    layout = plan_layout(load_plan("hai-an-ward-propaganda-plan-02-NQ-TU"), ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI AN"])
    path = write_docx(layout, tmp_path / "plan.docx")
    document = docx.Document(str(path))
    table = document.add_table(rows=8, cols=3)
    for row in range(8):
        for col in range(3):
            table.cell(row, col).text = f"ô {row}-{col}"
    document.save(str(path))
    text = read_document(path)
    assert text.index("ô 0-2") < text.index("ô 1-0")
