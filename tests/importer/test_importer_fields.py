"""Each field of parse_plan() against hand-written expectations for the three sample plans."""

from __future__ import annotations

import json

import pytest
from importer_testkit import PLAN_NAMES, SHARED_PLANS_DIR, load_expected, load_plan

from campaigns.plans.importer import FIELDS, parse_plan

pytestmark = []


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict]:
    return {name: parse_plan(load_plan(name)) for name in PLAN_NAMES}


def test_three_sample_plans_have_fixtures():
    assert len(PLAN_NAMES) == 3


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_fixture_copy_matches_shared_original(name):
    shared = SHARED_PLANS_DIR / f"{name}.txt"
    if not shared.exists():
        pytest.skip("../shared/plans is not beside this checkout")
    assert shared.read_text(encoding="utf-8") == load_plan(name)


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_result_has_exactly_the_documented_keys_and_is_json(parsed, name):
    result = parsed[name]
    assert tuple(result) == FIELDS
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name", PLAN_NAMES)
def test_field(parsed, name, field):
    assert parsed[name][field] == load_expected(name)[field]


def test_hai_an_issue_date_left_blank_is_null_but_place_is_read(parsed):
    plan = parsed["hai-an-ward-propaganda-plan-02-NQ-TU"]
    assert plan["place"] == "Hải An" and plan["issued_on"] is None


def test_own_number_with_blank_number_is_not_a_reference(parsed):
    codes = [ref["code"] for ref in parsed["hai-an-ward-propaganda-plan-02-NQ-TU"]["references"]]
    assert not any("UBND" in code for code in codes)


def test_typo_in_code_is_normalised_and_deduplicated(parsed):
    # The district plan writes "Chỉ thị số 34- CT/TW" once.
    codes = [ref["code"] for ref in parsed["district-plan-34-CT-TW"]["references"]]
    assert codes.count("34-CT/TW") == 1


def test_quoted_scheme_names_are_not_targets(parsed):
    # "Đề án “Đầu tư xây dựng ít nhất 01 triệu căn hộ ...”" names a national scheme.
    quantities = [t["quantity"] for t in parsed["can-tho-resolution-social-housing"]["targets"]]
    assert 1_000_000 not in quantities
