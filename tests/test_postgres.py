"""The scale-out database: constraints, the slot trigger under concurrency, the ward rule."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from campaigns.models import BroadcastSlot, LoudspeakerCluster, ResidentialGroup, Resolution
from campaigns.places import access

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


def test_the_coverage_queries_read_only_columns_of_the_covering_index(demo):
    """The matrix, the weekly series and the status counts read no column of a delivery outside
    delivery_coverage_idx (publication, due_at + group, channel, status), so PostgreSQL can answer a
    city-year from the index alone (bench/coverage.py: an index-only scan, no heap fetch)."""
    import datetime as dt
    import re

    from django.test.utils import CaptureQueriesContext

    from campaigns.tracking import coverage

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'delivery_coverage_idx'")
        (definition,) = cursor.fetchone()
    assert "(publication_id, due_at) INCLUDE (group_id, channel, status)" in definition
    campaign, period = demo["campaign"], {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}
    with CaptureQueriesContext(connection) as queries:
        coverage.coverage_matrix(campaign=campaign, **period)
        coverage.weekly_by_channel(campaign=campaign, **period)
        coverage.status_counts(campaign=campaign, **period)
    grouped = [q["sql"] for q in queries.captured_queries if 'FROM "campaigns_delivery"' in q["sql"]]
    assert len(grouped) == 3
    for sql in grouped:
        read = set(re.findall(r'"campaigns_delivery"\."(\w+)"', sql))
        assert read <= {"publication_id", "due_at", "group_id", "channel", "status"}, read


RACE_ROWS = 40
RACE_ROUNDS = 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep Wagtail's root page
def test_two_claimers_racing_over_the_same_due_rows_never_share_one():
    """Two workers (threads, each with its own PostgreSQL connection) claim at the same instant, each
    asking for half of the same due rows, round after round: every row goes to exactly one of them,
    and between them they take all."""
    from campaigns.demo.loader import demo_load
    from campaigns.dispatch.claim import claim_due
    from campaigns.models import Delivery, DeliveryStatus, Publication
    from cms.demo import topic_page_ensure
    from cms.models import ArticlePage, WardHomePage

    campaign = demo_load()["campaign"]
    topic = topic_page_ensure(WardHomePage.objects.get(locality=campaign.ward), campaign)
    article = ArticlePage(title="Tin đua nhận", slug="tin-dua-nhan", intro="Sapo", body=[], campaign=campaign)
    topic.add_child(instance=article)
    now = timezone.now()
    start = now - datetime.timedelta(hours=RACE_ROWS + 1)
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=article,
                                             channel="facebook", starts_at=start)
    Delivery.objects.bulk_create(
        Delivery(publication=publication, channel="facebook", occurrence=start + datetime.timedelta(hours=n),
                 due_at=start + datetime.timedelta(hours=n)) for n in range(RACE_ROWS))
    every_row = set(Delivery.objects.values_list("pk", flat=True))
    assert len(every_row) == RACE_ROWS

    start_line, finish_line = threading.Barrier(3), threading.Barrier(3)
    claimed: dict[str, list[list[int]]] = {"a": [], "b": []}
    errors = []

    def claimer(worker: str):
        try:
            for _round in range(RACE_ROUNDS):
                start_line.wait(timeout=30)
                try:
                    claimed[worker].append(claim_due(now=now, worker=worker, limit=RACE_ROWS // 2))
                finally:
                    finish_line.wait(timeout=30)
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimer, args=(worker,)) for worker in claimed]
    for thread in threads:
        thread.start()
    try:
        for race in range(RACE_ROUNDS):
            Delivery.objects.update(status=DeliveryStatus.PLANNED, claimed_by="", claimed_at=None, attempts=0)
            start_line.wait(timeout=30)
            finish_line.wait(timeout=60)
            first, second = set(claimed["a"][race]), set(claimed["b"][race])
            assert not first & second, f"round {race}: claimed by both: {sorted(first & second)}"
            assert first | second == every_row, f"round {race}: never claimed: {sorted(every_row - first - second)}"
            rows = {pk: (claimed_by, attempts) for pk, claimed_by, attempts
                    in Delivery.objects.values_list("pk", "claimed_by", "attempts")}
            assert {pk for pk, (by, _n) in rows.items() if by == "a"} == first
            assert {pk for pk, (by, _n) in rows.items() if by == "b"} == second
            assert {attempts for _by, attempts in rows.values()} == {1}  # one claim each, not two
    finally:
        start_line.abort()
        finish_line.abort()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
