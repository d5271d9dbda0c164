"""Fields the parser used to miss or get wrong (issue 15, item 3): the issuer from the opening sentence
or the digital-signature stamp, the issue date from the stamp, the signer beside "Nơi nhận", the
plan's own number, and the last unit not swallowing the closing lines."""

from __future__ import annotations

from importer_testkit import load_plan, to_cp1258

from campaigns.plans.importer import parse_plan, plan_number
from campaigns.plans.importer.columns import unfold_columns
from campaigns.plans.importer.header import signature_stamp

HAI_AN = "hai-an-ward-propaganda-plan-02-NQ-TU"
ENACTING = "Ủy ban nhân dân phường Hải An ban hành Kế hoạch tuyên truyền"
STAMP = "Người ký: Ủy ban nhân dân phường Hải An\nEmail: ubnd@haian.vn\nThời gian ký: 03.03.2026 09:14:23 +07:00\n\n"


def test_the_issuer_comes_from_an_opening_sentence_that_builds_the_plan():
    text = load_plan(HAI_AN).replace(ENACTING, "Ủy ban nhân dân xã Hải Hà xây dựng Kế hoạch tuyên truyền")
    assert parse_plan(text)["issuer"] == "Ủy ban nhân dân xã Hải Hà"


def test_the_stamp_gives_the_issuer_and_the_date_the_date_line_left_blank():
    text = STAMP + load_plan(HAI_AN).replace(ENACTING, "Kế hoạch tuyên truyền được triển khai")
    plan = parse_plan(text)
    assert plan["issuer"] == "Ủy ban nhân dân phường Hải An"
    assert plan["issued_on"] == "2026-03-03"  # "Hải An, ngày tháng năm 2026" is blank
    assert plan["signer"] == "Bùi Quang Ngân"  # the stamp names the body, not the person


def test_a_written_date_wins_over_the_stamp():
    text = STAMP + load_plan(HAI_AN).replace("ngày tháng năm 2026", "ngày 15 tháng 4 năm 2026")
    assert parse_plan(text)["issued_on"] == "2026-04-15"


def test_signature_stamp_without_a_body_gives_no_issuer():
    assert signature_stamp("Ký bởi: Bùi Quang Ngân\nThời gian ký: 3/3/2026 09:14") == (None, "2026-03-03")


def test_the_signer_beside_the_recipients_on_the_same_lines():
    text = load_plan(HAI_AN)
    head, _, _tail = text.partition("Nơi nhận:")
    closing = (
        "Nơi nhận:                                  TM. ỦY BAN NHÂN DÂN\n"
        "- Sở Văn hóa, Thể thao và Du lịch;              KT. CHỦ TỊCH\n"
        "- Thường trực Đảng ủy phường;                   PHÓ CHỦ TỊCH\n"
        "- Lưu: VT, VHXH.\n"
        "\n"
        "                                              Bùi Quang Ngân\n"
    )
    plan = parse_plan(unfold_columns(head + closing))
    assert plan["signer"] == "Bùi Quang Ngân"
    assert plan["recipients"] == ["Sở Văn hóa, Thể thao và Du lịch", "Thường trực Đảng ủy phường", "Lưu: VT, VHXH"]


def test_the_own_number_is_never_a_reference():
    text = load_plan(HAI_AN).replace("Số: /KH-UBND", "Số: 45/KH-UBND")
    assert plan_number(text) == "45/KH-UBND"
    assert "45/KH-UBND" not in [reference["code"] for reference in parse_plan(text)["references"]]


def test_the_last_unit_does_not_swallow_the_time_line_or_the_closing():
    text = load_plan(HAI_AN)
    closing = "Nhận được Kế hoạch này"
    text = text.replace(closing, "Thời gian thực hiện: từ tháng 4 đến tháng 12 năm 2026.\n\n"
                        "Các đơn vị báo cáo kết quả trước ngày 15/12/2026.\n\n" + closing)
    tasks = [task for unit in parse_plan(text)["units"] for task in unit["tasks"]]
    assert not any("Thời gian thực hiện" in task or "15/12/2026" in task for task in tasks)


def test_the_detected_encoding_is_named_for_the_review(tmp_path):
    from campaigns.plans.importer import document_encoding, read_document

    text = load_plan(HAI_AN)
    files = {
        "utf8.txt": (text.encode("utf-8"), "UTF-8"),
        "utf16.txt": (text.encode("utf-16"), "UTF-16"),
        "utf16le.txt": (text.encode("utf-16-le"), "UTF-16 LE (không BOM)"),
        "cp1258.txt": (to_cp1258(text), "Windows-1258"),
    }
    for name, (data, label) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert document_encoding(path) == label, name
        assert "Hải An" in read_document(path)
