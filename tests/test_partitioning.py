# ruff: noqa: S608 - table names come from the models and the partitioning module, never from input
"""Deliveries partitioned by month (docs/scale.md), on a partitioned copy of the real table in the test
database: same rows, same answers to the hot queries, and a month's coverage reads one partition."""

import datetime as dt

import pytest
from django.db import connection

from campaigns.models import Delivery, Publication, ResidentialGroup
from campaigns.scale.partitioning import (
    CLAIM_SQL,
    COVERAGE_SQL,
    deliveries_generate,
    partitioned_copy_create,
    partitions_scanned,
)

pytestmark = pytest.mark.postgres
UTC = dt.UTC
ROWS = 24_000


@pytest.fixture
def year_of_deliveries(demo, published_piece):
    from cms.models import ArticlePage

    campaign = demo["campaign"]
    page = published_piece(ArticlePage, title="Tin cả năm", intro="Sapo", body=[])
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel="facebook",
                                             starts_at=dt.datetime(2026, 1, 1, tzinfo=UTC))
    groups = list(ResidentialGroup.objects.filter(ward=campaign.ward).values_list("pk", flat=True))
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        deliveries_generate(cursor, table=table, publication_id=publication.pk, group_ids=groups, rows=ROWS,
                            start=dt.datetime(2026, 1, 1, tzinfo=UTC), days=365,
                            now=dt.datetime(2026, 7, 1, tzinfo=UTC))
    return table


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_a_partitioned_copy_holds_the_same_rows_and_answers_alike(year_of_deliveries):
    table = year_of_deliveries
    with connection.cursor() as cursor:
        parent = partitioned_copy_create(cursor, table=table, first_month=dt.date(2026, 1, 1), months=12)
        cursor.execute(f'INSERT INTO "{parent}" SELECT * FROM "{table}"')
        cursor.execute(f'SELECT count(*) FROM "{parent}"')
        assert cursor.fetchone()[0] == Delivery.objects.count() == ROWS
        cursor.execute(f'SELECT count(*) FROM "{parent}_default"')
        assert cursor.fetchone()[0] == 0
        cursor.execute(f'SELECT count(*) FROM "{parent}_2026_03"')
        assert 1900 < cursor.fetchone()[0] < 2200

        march = {"start": dt.datetime(2026, 3, 1, tzinfo=UTC), "end": dt.datetime(2026, 4, 1, tzinfo=UTC)}
        assert partitions_scanned(cursor, COVERAGE_SQL.format(table=parent), march) == [f"{parent}_2026_03"]
        assert fetch(COVERAGE_SQL.format(table=parent), march) == fetch(COVERAGE_SQL.format(table=table), march)

        claim = {"now": dt.datetime(2026, 6, 15, tzinfo=UTC)}
        claimed = fetch(CLAIM_SQL.format(table=parent), claim)
        assert len(claimed) == 25 and claimed == fetch(CLAIM_SQL.format(table=table), claim)
        # The claim's backlog is in the months before now: later months are pruned at plan time.
        scanned = partitions_scanned(cursor, CLAIM_SQL.format(table=parent), claim)
        assert f"{parent}_2026_12" not in scanned and f"{parent}_2026_01" in scanned

        cursor.execute(f'CREATE TEMP TABLE later AS SELECT * FROM "{table}" LIMIT 1')
        cursor.execute("UPDATE later SET id = id + 1000000, due_at = due_at + interval '5 years'")
        cursor.execute(f'INSERT INTO "{parent}" SELECT * FROM later')
        cursor.execute(f'SELECT count(*) FROM "{parent}_default"')
        assert cursor.fetchone()[0] == 1  # a month not yet created lands in DEFAULT, never refused
