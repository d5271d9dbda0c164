"""The one plan-import action (``plan_import``): duplicates refused, own number, issuer and issue
date kept, and two clicks at once making one draft (the database constraint, not only the check)."""

import datetime as dt
import threading

import pytest
from django.db import connections, transaction

from campaigns.models import Campaign, Locality, LocalityKind
from campaigns.plans import import_service
from campaigns.plans.import_service import PlanAlreadyImported, plan_import
from campaigns.plans.importer import parse_plan
from tests.importer.importer_testkit import load_plan

HAI_AN_PLAN = "hai-an-ward-propaganda-plan-02-NQ-TU"


@pytest.fixture
def hai_an(db):
    city = Locality.objects.create(name="Hải Phòng", kind=LocalityKind.CITY, slug="hai-phong")
    return Locality.objects.create(name="Hải An", kind=LocalityKind.WARD, slug="hai-an", parent=city)


def _import(ward, text, **kwargs):
    return plan_import(plan=parse_plan(text), ward=ward, source_text=text, source_name="kh.txt", **kwargs)


def test_the_action_takes_the_plans_own_number_issuer_and_issue_date(hai_an):
    text = load_plan(HAI_AN_PLAN).replace("Số: /KH-UBND", "Số: 45/KH-UBND")
    campaign = _import(hai_an, text).campaign
    plan = parse_plan(text)
    assert campaign.number == "45/KH-UBND"
    assert campaign.issuer == plan["issuer"] and campaign.issuer
    assert campaign.issued_on == (dt.date.fromisoformat(plan["issued_on"]) if plan["issued_on"] else None)
    assert campaign.source_copy == 0


def test_a_second_import_is_refused_unless_a_new_copy_is_asked_for(hai_an):
    text = load_plan(HAI_AN_PLAN)
    first = _import(hai_an, text).campaign
    with pytest.raises(PlanAlreadyImported) as refused:
        _import(hai_an, "\n\n" + text.replace("\n", "\r\n"))  # same document, re-wrapped
    assert refused.value.existing == first
    assert Campaign.objects.count() == 1
    second = _import(hai_an, text, allow_duplicate=True).campaign
    third = _import(hai_an, text, allow_duplicate=True).campaign
    assert (second.source_copy, third.source_copy) == (1, 2)


def test_when_the_check_is_raced_past_the_constraint_still_makes_one_draft(hai_an, monkeypatch):
    text = load_plan(HAI_AN_PLAN)
    first = _import(hai_an, text).campaign
    calls = []

    def blind_check(**kwargs):  # the other click has not committed yet when this one looks
        calls.append(kwargs)
        return None if len(calls) == 1 else Campaign.objects.get(pk=first.pk)

    monkeypatch.setattr(import_service, "plan_import_find_existing", blind_check)
    with pytest.raises(PlanAlreadyImported) as refused:
        _import(hai_an, text)
    assert refused.value.existing == first
    assert Campaign.objects.count() == 1


def test_another_wards_import_of_the_same_document_is_its_own(hai_an):
    other = Locality.objects.create(name="Hà Bắc", kind=LocalityKind.WARD, slug="ha-bac", parent=hai_an.parent)
    text = load_plan(HAI_AN_PLAN)
    _import(hai_an, text)
    _import(other, text)
    assert Campaign.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep Wagtail's root page
def test_two_concurrent_creates_make_one_draft(monkeypatch):
    city = Locality.objects.create(name="Hải Phòng", kind=LocalityKind.CITY, slug="hai-phong")
    ward = Locality.objects.create(name="Hải An", kind=LocalityKind.WARD, slug="hai-an", parent=city)
    text = load_plan(HAI_AN_PLAN)
    plan = parse_plan(text)
    barrier = threading.Barrier(2)
    original_match = import_service.resolutions_match

    waited = threading.local()

    def match_after_both_checked(**kwargs):  # first call: both requests are past the duplicate check
        if not getattr(waited, "once", False):
            waited.once = True
            barrier.wait(timeout=30)
        return original_match(**kwargs)

    monkeypatch.setattr(import_service, "resolutions_match", match_after_both_checked)
    outcomes = []

    def click():
        try:
            with transaction.atomic():
                plan_import(plan=plan, ward=ward, source_text=text, source_name="kh.txt")
            outcomes.append("created")
        except PlanAlreadyImported:
            outcomes.append("already")
        except Exception as error:  # shown by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["already", "created"]
    assert Campaign.objects.filter(ward=ward).count() == 1


def test_a_cited_document_with_no_stated_issuer_is_not_given_the_wards_name(hai_an):
    plan = {"title": "Kế hoạch thử", "references": [{"code": "15/KH-BCĐ", "kind": "ke_hoach", "date": None,
                                                     "issuer": None}]}
    campaign = plan_import(plan=plan, ward=hai_an, source_text="kế hoạch thử", source_name="kh.txt").campaign
    assert campaign.resolutions.get().issuer == ""
