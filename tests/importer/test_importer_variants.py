"""Re-wrapped, Markdown-ised, re-encoded and mistyped plans parse to the same result."""

from __future__ import annotations

import pytest
from importer_testkit import PLAN_NAMES, load_expected, load_plan
from importer_variants import VARIANTS, canonical

from campaigns.plans.importer import parse_plan


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", PLAN_NAMES)
def test_variant_parses_like_the_original(name, variant):
    damaged = VARIANTS[variant](load_plan(name))
    assert canonical(parse_plan(damaged)) == canonical(load_expected(name))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_really_changes_the_text(variant):
    assert any(VARIANTS[variant](load_plan(name)) != load_plan(name) for name in PLAN_NAMES)


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_code_typo_variant_keeps_codes_normalised(name):
    result = parse_plan(VARIANTS["code_typos"](load_plan(name)))
    assert all(" " not in ref["code"] for ref in result["references"])
