"""The scale-out database: constraints, the slot trigger under concurrency, the ward rule."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from campaigns import access
from campaigns.models import BroadcastSlot, LoudspeakerCluster, ResidentialGroup, Resolution

pytestmark = pytest.mark.postgres
T = datetime.time


@pytest.fixture
def cluster(demo):
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    cluster.slots.all().delete()
    return cluster


def test_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_trigger_refuses_overlap_on_postgresql(cluster):
    BroadcastSlot.objects.create(cluster=cluster, start=T(6, 0), end=T(6, 30))
    with pytest.raises(IntegrityError, match="broadcastslot_overlap"), transaction.atomic():
        BroadcastSlot.objects.create(cluster=cluster, start=T(6, 29), end=T(7, 0))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep Wagtail's root page
def test_two_people_saving_overlapping_slots_at_once_leaves_one(django_db_blocker):
    from campaigns.demo.loader import demo_load

    demo_load()
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    cluster.slots.all().delete()
    barrier = threading.Barrier(2)
    outcomes = []

    def save(start_minute: int):
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                BroadcastSlot.objects.create(cluster=cluster, start=T(8, start_minute), end=T(8, start_minute + 30))
            outcomes.append("saved")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(minute,)) for minute in (0, 10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    assert BroadcastSlot.objects.filter(cluster=cluster).count() == 1


def test_unique_codes_per_issuer_and_date(demo):
    existing = Resolution.objects.get(code="02-NQ/TU")
    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.create(kind="nghi_quyet", code="02 - NQ/TU", issuer=existing.issuer,
                                  issued_on=existing.issued_on, locality=existing.locality)


def test_ward_rule_filters_on_postgresql(demo, django_user_model):
    editor = django_user_model.objects.get(username="bientap")
    groups = access.scope_queryset(ResidentialGroup.objects.all(), editor)
    assert set(groups.values_list("ward__slug", flat=True)) == {"hai-an"}
    resolutions = access.scope_queryset(Resolution.objects.all(), editor)
    assert {"02-NQ/TU", "09-NQ/TU", "94-KH/ĐU"} <= set(resolutions.values_list("code", flat=True))
    assert set(access.scope_queryset(Resolution.objects.all(), editor, for_change=True)
               .values_list("code", flat=True)) == {"94-KH/ĐU"}
