"""The importer links a plan only to resolutions its ward may read: the ward's own and those of the
levels above it (a city's resolution serves every ward below it); a sibling ward's, never."""

import datetime as dt
import itertools

import pytest

from campaigns.models import Locality, Resolution, ResolutionKind
from campaigns.plans.import_service import plan_import_create, resolution_find, resolutions_match

HAI_AN_ONLY = {"code": "15-KH/UBND", "issuer": "Ủy ban nhân dân", "date": "2026-01-05", "kind": "ke_hoach"}


@pytest.fixture
def places(demo):
    return {slug: Locality.objects.get(slug=slug) for slug in ("hai-phong", "hai-an", "ha-bac")}


def _recorded_at(locality, *, code, issuer, issued_on):
    return Resolution.objects.create(kind=ResolutionKind.KE_HOACH, code=code, issuer=issuer, issued_on=issued_on,
                                     locality=locality)


_DOCUMENTS = itertools.count()


def _import(ward, *references):
    """Each call imports a different document (one document imports once per ward)."""
    plan = {"title": "Kế hoạch tuyên truyền của Hà Bắc", "references": list(references)}
    return plan_import_create(plan=plan, ward=ward, source_text=f"{ward.slug} {references} {next(_DOCUMENTS)}",
                              source_name="kh.txt")


def test_a_code_recorded_only_by_a_sibling_ward_is_created_for_the_importing_ward(places):
    hai_an_row = _recorded_at(places["hai-an"], code="15-KH/UBND", issuer="Ủy ban nhân dân",
                              issued_on=dt.date(2026, 1, 5))

    campaign = _import(places["ha-bac"], HAI_AN_ONLY)

    (linked,) = campaign.resolutions.all()
    assert linked != hai_an_row
    assert linked.locality in (places["ha-bac"], places["hai-phong"])
    assert linked.code == "15-KH/UBND"
    hai_an_row.refresh_from_db()
    assert hai_an_row.locality == places["hai-an"]


def test_a_city_level_code_recorded_only_at_a_sibling_ward_is_recorded_at_the_city_not_reused(places):
    """Someone recorded a city resolution at Hải An; Hà Bắc's import gets a row of its own level."""
    hai_an_row = _recorded_at(places["hai-an"], code="77-NQ/TU", issuer="Ban Thường vụ Thành ủy Hải Phòng",
                              issued_on=dt.date(2026, 2, 2))

    campaign = _import(places["ha-bac"], {"code": "77-NQ/TU", "issuer": "Ban Thường vụ Thành ủy Hải Phòng",
                                          "date": "2026-02-02", "kind": "nghi_quyet"})

    (linked,) = campaign.resolutions.all()
    assert linked != hai_an_row
    assert linked.locality in (places["ha-bac"], places["hai-phong"])


def test_the_importing_wards_own_and_the_citys_resolutions_are_reused(places):
    own = _recorded_at(places["ha-bac"], code="15-KH/UBND", issuer="Ủy ban nhân dân", issued_on=dt.date(2026, 1, 5))
    _recorded_at(places["hai-an"], code="15-KH/UBND", issuer="Ủy ban nhân dân hải an", issued_on=dt.date(2026, 1, 5))
    city = Resolution.objects.get(code="02-NQ/TU")

    campaign = _import(places["ha-bac"], HAI_AN_ONLY, {"code": "02-NQ/TU", "date": "2025-12-10"})

    assert set(campaign.resolutions.all()) == {own, city}


def test_the_review_step_finds_no_sibling_wards_resolution(places):
    _recorded_at(places["hai-an"], code="15-KH/UBND", issuer="Ủy ban nhân dân", issued_on=dt.date(2026, 1, 5))

    assert resolution_find(ward=places["ha-bac"], code="15-KH/UBND", issued_on=None) is None
    (match,) = resolutions_match(ward=places["ha-bac"], references=[HAI_AN_ONLY])
    assert match.existing is None


def test_importing_the_same_citation_twice_into_a_ward_reuses_its_first_row(places):
    _recorded_at(places["hai-an"], code="15-KH/UBND", issuer="Ủy ban nhân dân", issued_on=dt.date(2026, 1, 5))

    first = _import(places["ha-bac"], HAI_AN_ONLY).resolutions.get()
    second = _import(places["ha-bac"], dict(HAI_AN_ONLY)).resolutions.get()

    assert first == second
    assert Resolution.objects.filter(code="15-KH/UBND").count() == 2
