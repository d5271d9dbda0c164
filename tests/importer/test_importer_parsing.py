"""The small parsers one by one, and a plan unlike the three samples."""

from __future__ import annotations

import json

import pytest
from importer_testkit import FIXTURES
from importer_variants import VARIANTS, canonical

from campaigns.plans.importer import parse_plan
from campaigns.plans.importer.code_patterns import find_codes, kind_of, normalize_code
from campaigns.plans.importer.dates import leading_date, parse_date, parse_issue_line
from campaigns.plans.importer.deadlines import extract_period_end, extract_reporting_days
from campaigns.plans.importer.header import org_case
from campaigns.plans.importer.recipients import clean_recipient
from campaigns.plans.importer.references import issuer_after
from campaigns.plans.importer.signer import as_name
from campaigns.plans.importer.targets import period_of, targets_in
from campaigns.plans.importer.text import make_block, reflow
from campaigns.plans.importer.units import split_subject

SYNTHETIC = FIXTURES / "synthetic" / "provincial-anniversary-plan"


def blocks(*texts: str):
    return [make_block(text, False) for text in texts]


# --- codes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, code",
    [
        ("02 - NQ/TU", "02-NQ/TU"),
        ("34- CT/TW", "34-CT/TW"),
        ("01-KH/BCĐ", "01-KH/BCĐ"),
        ("201/2025/QH15", "201/2025/QH15"),
        ("444/QĐ-TTg", "444/QĐ-TTg"),
        ("07 / NQ-CP", "07/NQ-CP"),
    ],
)
def test_codes_are_found_and_normalised(raw, code):
    found = find_codes(f"theo văn bản số {raw} ngày 01/01/2025")
    assert [normalize_code(m.group(0)) for m in found] == [code]


@pytest.mark.parametrize(
    "text", ["ngày 10/12/2025", "giai đoạn 2021 - 2025", "hoàn thành 1.550/1.397 căn", "Số: /KH-UBND"]
)
def test_dates_ranges_and_blank_numbers_are_not_codes(text):
    assert find_codes(text) == []


@pytest.mark.parametrize(
    "before, code, kind",
    [
        ("Nghị quyết số ", "02-NQ/TU", "nghi_quyet"),
        ("Chỉ thị ", "34-CT/TW", "chi_thi"),
        ("Kế hoạch số: ", "01-KH/BCĐ", "ke_hoach"),
        ("Luật số ", "201/2025/QH15", "luat"),
        ("Công văn số ", "123/UBND-VHXH", "cong_van"),
        ("theo ", "729-KL/TU", "ket_luan"),
        ("theo ", "444/QĐ-TTg", "quyet_dinh"),
        ("theo ", "15/2020/TT-BTTTT", "other"),
    ],
)
def test_kind_from_word_before_or_type_letters(before, code, kind):
    assert kind_of(code, before) == kind


# --- dates -------------------------------------------------------------------


def test_dates_in_all_forms():
    assert parse_date("ngày 07/4/2026") == "2026-04-07"
    assert parse_date("ngày 15 tháng 5 năm 2026") == "2026-05-15"
    assert parse_date("ngày 10/12/2-25") == "2025-12-10"  # typed slip in the year
    assert parse_date("ngày 31/02/2025") is None
    assert leading_date(", ngày 13/11/2023 về") == ("2023-11-13", 17)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Hải An, ngày tháng năm 2026", ("Hải An", None)),
        ("Hải An, ngày   tháng 5 năm 2026", ("Hải An", None)),
        ("Hải An, ngày 15 tháng 5 năm 2026", ("Hải An", "2026-05-15")),
        ("TP. Cần Thơ, ngày ... tháng ... năm 2025", ("TP. Cần Thơ", None)),
    ],
)
def test_issue_line_with_blank_day_or_month(line, expected):
    assert parse_issue_line(line) == expected


# --- references ----------------------------------------------------------------


@pytest.mark.parametrize(
    "after, issuer",
    [
        (" của Ban Chấp hành Đảng bộ thành phố về sửa đổi", "Ban Chấp hành Đảng bộ thành phố"),
        (" của Ban Thường vụ Tỉnh ủy thực hiện Chỉ thị", "Ban Thường vụ Tỉnh ủy"),
        (" của Thủ tướng Chính phủ “Về việc giao chỉ tiêu”", "Thủ tướng Chính phủ"),
        (" của Bộ Văn hóa, Thể thao và Du lịch về việc", "Bộ Văn hóa, Thể thao và Du lịch"),
        (" của Ban Thường vụ Tỉnh ủy và Kế hoạch này", "Ban Thường vụ Tỉnh ủy"),
        (" về phát triển nhà ở xã hội", None),
    ],
)
def test_issuer_right_after_a_reference(after, issuer):
    assert issuer_after(after) == issuer


# --- targets -------------------------------------------------------------------


def test_thousands_separator_and_period():
    [target] = targets_in("Giai đoạn 2026 - 2030: hoàn thành 32.900 căn.")
    assert (target["quantity"], target["unit"], target["start_year"], target["end_year"]) == (32900, "căn", 2026, 2030)


def test_results_and_contributions_are_not_targets():
    assert targets_in("Kết quả thực hiện giai đoạn 2021 - 2024, thành phố đã hoàn thành 2.252 căn.") == []
    assert targets_in("góp phần hoàn thành mục tiêu xây dựng ít nhất 1 triệu căn nhà ở xã hội") == []


@pytest.mark.parametrize(
    "text, period",
    [
        ("Năm 2027: Hoàn thành 2.800 căn", (2027, 2027)),
        ("Phấn đấu đến năm 2025, 100% hộ", (None, 2025)),
        ("giai đoạn 2021 - 2030 và nhiệm kỳ 2025 - 2030", (2021, 2030)),
        ("từ năm 2026 đến năm 2028", (2026, 2028)),
    ],
)
def test_periods(text, period):
    assert period_of(text) == period


# --- deadlines ------------------------------------------------------------------


def test_period_end_and_reporting_days():
    body = blocks(
        "Thời gian tuyên truyền: từ nay đến hết Quý III/2025 (ngày 30/9/2025).",
        "Các đơn vị báo cáo kết quả trước ngày 12 và 27 hàng tháng.",
    )
    assert extract_period_end(body) == "2025-09-30"
    assert extract_reporting_days(body) == [12, 27]


def test_report_deadline_is_not_the_period_end():
    body = blocks("Báo cáo kết quả về Ủy ban nhân dân phường trước ngày 15/12/2025.")
    assert extract_period_end(body) is None
    assert extract_reporting_days(body) == []


# --- units, recipients, signer, header --------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("UBND huyện lãnh đạo, chỉ đạo các phòng, ban", "UBND huyện"),
        (
            "Các cấp ủy đảng, chính quyền và các tổ chức chính trị - xã hội tập trung lãnh đạo",
            "Các cấp ủy đảng, chính quyền và các tổ chức chính trị - xã hội",
        ),
        ("Phòng Văn hóa - Xã hội: chủ trì tham mưu", "Phòng Văn hóa - Xã hội"),
        ("MTTQ và tổ chức chính trị, xã hội huyện tổ chức nghiên cứu", "MTTQ và tổ chức chính trị, xã hội huyện"),
    ],
)
def test_subject_of_an_inline_assignment(text, name):
    subject, _ = split_subject(text)
    assert subject.strip(" ,:") == name


def test_recipient_cleaning():
    assert clean_recipient("- Lưu: VT, VHXH.") == "Lưu: VT, VHXH"
    assert clean_recipient("- Lưu Văn phòng Thành ủy.nhkhoi-275 ") == "Lưu Văn phòng Thành ủy"
    assert clean_recipient("- Ban Thường vụ Tỉnh ủy (để b/c),") == "Ban Thường vụ Tỉnh ủy (để b/c)"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Bùi Quang Ngân", "Bùi Quang Ngân"),
        ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("PHÓ CHỦ TỊCH", None),
        ("Lưu: VT", None),
        ("(Đã ký)", None),
        ("Nguyễn Văn A", "Nguyễn Văn A"),
    ],
)
def test_personal_names(text, name):
    assert as_name(text) == name


def test_signer_blank_when_only_titles():
    text = "I. MỤC ĐÍCH\nA.\nII. TỔ CHỨC THỰC HIỆN\nB.\n\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n"
    assert parse_plan(text)["signer"] is None


def test_signer_from_digital_signature_stamp():
    text = "I. MỤC ĐÍCH\nA.\nII. TỔ CHỨC THỰC HIỆN\nB.\n\nNơi nhận:\n- Lưu: VT.\n\nKý bởi: Trần Thị Hoa\n"
    assert parse_plan(text)["signer"] == "Trần Thị Hoa"


def test_letterhead_casing():
    assert org_case("ỦY BAN NHÂN DÂN PHƯỜNG HẢI AN") == "Ủy ban nhân dân phường Hải An"
    assert org_case("BAN TUYÊN GIÁO TỈNH ỦY") == "Ban Tuyên giáo Tỉnh ủy"


def test_double_spaced_wrapped_text_is_reflowed():
    text = (
        "1. Tăng cường sự lãnh đạo của các cấp ủy trong công tác\n\n"
        "phát triển nhà ở xã hội\n\n- Cấp ủy đảng thường xuyên quán triệt"
    )
    assert [b.text for b in reflow(text)] == [
        "1. Tăng cường sự lãnh đạo của các cấp ủy trong công tác phát triển nhà ở xã hội",
        "- Cấp ủy đảng thường xuyên quán triệt",
    ]


# --- a plan unlike the samples ------------------------------------------------------


def test_synthetic_provincial_plan():
    text = SYNTHETIC.with_suffix(".txt").read_text(encoding="utf-8")
    expected = json.loads(SYNTHETIC.with_suffix(".json").read_text(encoding="utf-8"))
    assert parse_plan(text) == expected


@pytest.mark.parametrize("variant", ["crlf", "nfd", "markdownise", "blank_between", "code_typos", "pdf_like"])
def test_synthetic_plan_variants(variant):
    text = SYNTHETIC.with_suffix(".txt").read_text(encoding="utf-8")
    expected = json.loads(SYNTHETIC.with_suffix(".json").read_text(encoding="utf-8"))
    assert canonical(parse_plan(VARIANTS[variant](text))) == canonical(expected)
