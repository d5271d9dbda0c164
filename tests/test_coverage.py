"""Coverage numbers (campaigns.tracking.coverage) against a fixture counted by hand.

Hải An's campaign ("C", child of the city campaign) in ISO weeks 10 and 11 of 2026:

  group 1, loudspeaker: Tue 03/03 confirmed, Tue 03/03 delivered, Tue 10/03 missed   → 2/3 (W10 2/2, W11 0/1)
  group 2, loudspeaker: Tue 03/03 cancelled (not planned), Wed 04/03 planned          → 0/1 (W10 0/1)
  group 3, loudspeaker: Sun 08/03 23:30 delivered (W10 locally), Mon 09/03 00:30 confirmed
                        (W11 locally, still W10 in UTC)                                → 2/2
  group 1, meeting:     Tue 10/03 confirmed                                            → 1/1
  ward-wide portal:     Thu 05/03 delivered                                            → 1/1 (no group row)
  another campaign of Hải An, group 1: never counted.
Hà Bắc's campaign (child of the city campaign): thôn 1, loudspeaker, Tue 03/03 confirmed → 1/1.

Hải An: loudspeaker 4/6, meeting 1/1, portal 1/1, total 6/8; city: 7/9; cluster 1 (groups 1-4): 5/7.
"""

import datetime as dt

from campaigns.models import Delivery, DeliveryStatus, LoudspeakerCluster, Publication, ResidentialGroup
from campaigns.tracking import coverage
from tests.coverage_fixture import at

S = DeliveryStatus


def cells(cell):
    return (cell.reached, cell.planned)


def test_matrix_cells_equal_the_hand_count(counted):
    matrix = coverage.coverage_matrix(campaign=counted["campaign"], by_week=True)
    rows = {row.id: row for row in matrix.rows}
    assert len(rows) == 12  # every group of Hải An, reached or not
    assert cells(rows[counted["g1"].pk].cells["loudspeaker"]) == (2, 3)
    assert cells(rows[counted["g2"].pk].cells["loudspeaker"]) == (0, 1)
    assert cells(rows[counted["g3"].pk].cells["loudspeaker"]) == (2, 2)
    assert cells(rows[counted["g1"].pk].cells["meeting"]) == (1, 1)
    assert cells(rows[counted["g1"].pk].total) == (3, 4)
    assert rows[ResidentialGroup.objects.get(ward=counted["hai_an"], name="Tổ dân phố số 4").pk].cells == {}
    assert {c: cells(v) for c, v in matrix.by_channel.items()} == {
        "portal": (1, 1), "loudspeaker": (4, 6), "meeting": (1, 1)}
    assert {c: cells(v) for c, v in matrix.ward_wide.items()} == {"portal": (1, 1)}
    assert cells(matrix.total) == (6, 8)
    clusters = {cluster.slug: cells(cell) for cluster, cell in matrix.by_cluster}
    assert clusters == {"cum-1": (5, 7), "cum-2": (0, 0), "cum-3": (0, 0)}


def test_weeks_are_iso_weeks_in_local_time(counted):
    matrix = coverage.coverage_matrix(campaign=counted["campaign"], by_week=True)
    rows = {row.id: row for row in matrix.rows}
    assert matrix.weeks == ["2026-W10", "2026-W11"]
    g3 = rows[counted["g3"].pk]
    assert cells(g3.weeks[("loudspeaker", "2026-W10")]) == (1, 1)
    assert cells(g3.weeks[("loudspeaker", "2026-W11")]) == (1, 1)
    series = coverage.weekly_by_channel(campaign=counted["campaign"])
    assert cells(series.cell("loudspeaker", "2026-W10")) == (3, 4)
    assert cells(series.cell("loudspeaker", "2026-W11")) == (1, 2)
    assert cells(series.cell("meeting", "2026-W11")) == (1, 1)
    assert cells(series.cell("portal", "2026-W10")) == (1, 1)
    assert cells(series.cell("meeting", "2026-W10")) == (0, 0)


def test_period_limits_are_local_days_both_included(counted):
    matrix = coverage.coverage_matrix(campaign=counted["campaign"], start=dt.date(2026, 3, 9),
                                      end=dt.date(2026, 3, 10))
    assert {c: cells(v) for c, v in matrix.by_channel.items()} == {"loudspeaker": (1, 2), "meeting": (1, 1)}


def test_city_campaign_rolls_up_its_wards(counted):
    matrix = coverage.coverage_matrix(campaign=counted["city"])
    assert cells(matrix.total) == (7, 9)
    assert {matrix.ward_names[ward_id]: cells(cell) for ward_id, cell in matrix.by_ward.items()} == {
        "Hà Bắc": (1, 1), "Hải An": (6, 8)}
    assert len(matrix.rows) == 24


def test_a_ward_user_sees_only_its_own_ward_in_the_city_roll_up(counted, ward_user):
    matrix = coverage.coverage_matrix(campaign=counted["city"], user=ward_user("ha-bac", "supervisor"))
    assert cells(matrix.total) == (1, 1)
    assert {row.ward_name for row in matrix.rows} == {"Hà Bắc"}
    assert list(matrix.ward_names.values()) == ["Hà Bắc"]
    assert matrix.by_cluster and all(c.ward_id == counted["ha_bac"].pk for c, _cell in matrix.by_cluster)


def test_groups_not_reached_in_the_last_days(counted):
    now = at(12, 12)
    unreached = coverage.groups_not_reached(campaign=counted["campaign"], now=now, days=3)
    names = {group.name for group in unreached}
    assert "Tổ dân phố số 1" not in names  # meeting on 10/03
    assert {"Tổ dân phố số 2", "Tổ dân phố số 3"} <= names
    assert len(unreached) == 11
    g3 = next(group for group in unreached if group.id == counted["g3"].pk)
    assert g3.last_reached_at == at(9, 0, 30)
    assert all(group.last_reached_at is None for group in unreached if group.id not in (counted["g3"].pk,))
    wide = coverage.groups_not_reached(campaign=counted["campaign"], now=now, days=10)
    assert {group.name for group in wide} == names - {"Tổ dân phố số 3"}


def test_status_counts_per_channel(counted):
    counts = coverage.status_counts(campaign=counted["campaign"])
    assert counts["loudspeaker"] == {"confirmed": 2, "delivered": 2, "missed": 1, "cancelled": 1, "planned": 1}


def test_query_count_does_not_grow_with_the_campaign(counted, django_assert_num_queries):
    with django_assert_num_queries(5):
        coverage.coverage_matrix(campaign=counted["city"], by_week=True)
    loud = Publication.objects.filter(campaign=counted["campaign"], channel="loudspeaker").first()
    Delivery.objects.bulk_create(
        Delivery(publication=loud, channel="loudspeaker", occurrence=at(20, h), due_at=at(20, h), group=group,
                 status=S.CONFIRMED)
        for group in ResidentialGroup.objects.filter(ward=counted["hai_an"]) for h in range(6, 12)
    )
    LoudspeakerCluster.objects.create(ward=counted["hai_an"], name="Cụm mới", slug="cum-moi").groups.set(
        ResidentialGroup.objects.filter(ward=counted["hai_an"]))
    with django_assert_num_queries(5):
        coverage.coverage_matrix(campaign=counted["city"], by_week=True)
    with django_assert_num_queries(1):
        coverage.weekly_by_channel(campaign=counted["city"])
    with django_assert_num_queries(2):
        coverage.groups_not_reached(campaign=counted["city"], now=at(30), days=7)
