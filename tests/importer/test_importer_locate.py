"""locate_fields: every parsed value points at the source lines it came from."""

from __future__ import annotations

import pytest
from importer_testkit import PLAN_NAMES, load_plan

from campaigns.plans.importer import locate_fields, parse_plan, plan_number
from campaigns.plans.importer.locate import normalize


def _expected_keys(plan: dict) -> list[str]:
    keys = [key for key in ("title", "issuer", "signer", "period_end") if plan[key]]
    keys += ["reporting_days"] if plan["reporting_days"] else []
    for name in ("targets", "references", "recipients", "units"):
        keys += [f"{name}.{i}" for i in range(len(plan[name]))]
    keys += [f"units.{i}.tasks.{j}" for i, unit in enumerate(plan["units"]) for j in range(len(unit["tasks"]))]
    keys += [f"channels.{code}" for code in plan["channels"]]
    return keys


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_every_field_of_the_shared_plans_is_located(name):
    text = load_plan(name)
    plan = parse_plan(text)
    spans = locate_fields(text, plan)
    assert [key for key in _expected_keys(plan) if key not in spans] == []
    lines = text.split("\n")
    signer_first, signer_last = spans["signer"]
    assert normalize(plan["signer"]) in normalize(" ".join(lines[signer_first - 1 : signer_last]))
    for i, reference in enumerate(plan["references"]):
        first, last = spans[f"references.{i}"]
        assert normalize(reference["code"]) in normalize(" ".join(lines[first - 1 : last]))


def test_wrapped_and_marked_up_values_are_found_across_lines():
    text = "KẾ HOẠCH\n\n**tuyên truyền Nghị quyết số 02 - NQ/TU\nngày 10/12/2025**\n\nI. MỤC ĐÍCH\n\nII. NỘI DUNG\n"
    spans = locate_fields(text, {"title": "Kế hoạch tuyên truyền Nghị quyết số 02-NQ/TU ngày 10/12/2025"})
    assert spans["title"] == (1, 4)


def test_plan_number_comes_from_the_own_number_line():
    text = "Số: 45-KH/BTGTU\n\nKẾ HOẠCH\n\nI. MỤC ĐÍCH\n\nTuyên truyền.\n\nII. NỘI DUNG\n\nNội dung.\n"
    assert plan_number(text) == "45-KH/BTGTU"
    # Left blank until signed: the symbol is still the plan's own (issue 15, item 3).
    assert plan_number(text.replace("45-KH/BTGTU", "/KH-UBND")) == "/KH-UBND"
    assert plan_number(text.replace("Số: 45-KH/BTGTU", "Số 15-KH/ĐU")) == "15-KH/ĐU"
    assert plan_number(text.replace("Số: 45-KH/BTGTU", "")) == ""
