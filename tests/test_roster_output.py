"""The printed roster of a fixture week stays byte for byte what it was: reading the roster faster
(fewer, prepared queries, converting times once per slot) must not change a character of the page.

The reference page (tests/roster_week.html) was written by the roster as it stood before those
changes; the QR codes, whose URLs carry database ids, are checked against the ids instead."""

import datetime as dt
from pathlib import Path

from campaigns.models import AudienceKind, Delivery, DeliveryStatus, Publication
from campaigns.reports.rosters.render import print_context, qr_svg, roster_html, slot_url
from campaigns.reports.rosters.roster import cluster_roster
from campaigns.scheduling.expansion import publication_schedule
from tests.test_rosters import DAY, MORNING, cluster, scheduled, scripts  # noqa: F401 (fixtures)

REFERENCE = Path(__file__).with_name("roster_week.html")


def fixture_week(cluster, scheduled):  # noqa: F811
    """A week with items every day (morning and evening), every outcome, a note, a reordered slot
    and an item outside every slot."""
    for offset in range(1, 7):
        for key, hours in (("normal", 11), ("priority", 0), ("urgent", 11)):
            publication = scheduled[key]
            copy = Publication.objects.create(
                ward=publication.ward, campaign=publication.campaign, page=publication.page,
                channel="loudspeaker", audience=AudienceKind.CLUSTERS,
                starts_at=MORNING + dt.timedelta(days=offset, hours=hours, minutes=offset))
            copy.clusters.set([cluster])
            publication_schedule(publication=copy, now=MORNING - dt.timedelta(days=1))
    rows = Delivery.objects.filter(cluster=cluster, channel="loudspeaker")
    on = {day: rows.filter(due_at__gte=MORNING + dt.timedelta(days=day - 1, hours=-6),
                           due_at__lt=MORNING + dt.timedelta(days=day, hours=-6)) for day in range(1, 8)}
    on[2].update(status=DeliveryStatus.DELIVERED)
    on[3].update(status=DeliveryStatus.MISSED, status_note="Mất điện cả cụm")
    first = on[4].order_by("pk").first()
    Delivery.objects.filter(pk=first.pk).update(status=DeliveryStatus.FAILED, status_note="Loa hỏng")
    on[5].update(roster_position=2)
    on[5].filter(publication__page=scheduled["normal"].page).update(roster_position=1)
    moved = on[6].filter(publication__page=scheduled["urgent"].page)
    moved.update(due_at=MORNING + dt.timedelta(days=5, hours=-3, minutes=17))  # 03:17, outside every slot
    on[7].filter(publication__page=scheduled["priority"].page).update(status=DeliveryStatus.CANCELLED)
    return cluster_roster(cluster, first_day=DAY, days=7)


def test_the_printed_week_is_byte_identical_to_the_reference(cluster, scheduled):  # noqa: F811
    roster = fixture_week(cluster, scheduled)
    html = roster_html([roster], with_qr=False)
    assert html == REFERENCE.read_text(encoding="utf-8")
    assert sum(len(day.items) for day in roster.days) == 3 + 6 * 3 - 1
    assert any(section.slot is None for day in roster.days for section in day.slots)


def test_each_slots_qr_code_opens_that_slot_on_that_day(cluster, scheduled):  # noqa: F811
    roster = fixture_week(cluster, scheduled)
    pages = [page for page in print_context([roster])["pages"] if page["section"] is not None]
    for page in pages:
        anchor = f"slot-{page['section'].slot.pk}" if page["section"].slot is not None else "slot-ngay"
        url = slot_url(roster, page["day"].day, page["section"])
        assert url.endswith(f"/?date={page['day'].day.isoformat()}#{anchor}") and f"/{cluster.pk}/" in url
        assert page["qr"] == qr_svg(url)
    assert len(pages) == 7 * 2 + 1


def test_the_prepared_roster_queries_give_the_rows_of_the_querysets_they_replace(cluster, scheduled):  # noqa: F811
    """The delivery rows come from a statement compiled once (cms/prepared.py) and run with each call's
    clusters and day bounds: whatever the window and the clusters, the rows are the queryset's."""
    from django.db.models import Count, Min

    from campaigns.models import LoudspeakerCluster
    from campaigns.reports.rosters.roster import GROUP_FIELDS, day_bounds, roster_deliveries

    fixture_week(cluster, scheduled)
    ward = list(LoudspeakerCluster.objects.filter(ward=cluster.ward).values_list("pk", flat=True))
    assert len(ward) > 1
    windows = [day_bounds(DAY, 7), day_bounds(DAY, 1), day_bounds(DAY + dt.timedelta(days=2), 3),
               (MORNING + dt.timedelta(days=5, hours=-3), MORNING + dt.timedelta(days=5, hours=-2))]
    for cluster_ids in ([cluster.pk], ward, ward[1:]):
        for start, end in windows:
            expected = list(
                Delivery.objects.filter(cluster_id__in=cluster_ids, channel="loudspeaker", due_at__gte=start,
                                        due_at__lt=end)
                .exclude(status=DeliveryStatus.CANCELLED).values_list(*GROUP_FIELDS)
                .annotate(first_id=Min("pk"), groups=Count("pk"), first_due=Min("due_at"),
                          position=Min("roster_position"))
                .order_by("first_due", "publication_id", "first_id"))
            assert roster_deliveries(cluster_ids, start, end) == expected
    assert roster_deliveries([cluster.pk], *windows[0]) and not roster_deliveries([cluster.pk], *windows[3][::-1])


def test_a_wards_rosters_take_four_queries_whatever_its_number_of_clusters(
        cluster, scheduled, django_assert_num_queries):  # noqa: F811
    from campaigns.reports.rosters.roster import clusters_rosters, ward_clusters

    fixture_week(cluster, scheduled)
    clusters = ward_clusters(cluster.ward_id)
    for count in (1, 2, len(clusters)):
        with django_assert_num_queries(4):
            rosters = clusters_rosters(clusters[:count], first_day=DAY, days=7)
        assert [roster.cluster for roster in rosters] == clusters[:count]
    mine = next(roster for roster in rosters if roster.cluster == cluster)
    assert roster_html([mine], with_qr=False) == REFERENCE.read_text(encoding="utf-8")
