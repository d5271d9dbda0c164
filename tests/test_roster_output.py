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
