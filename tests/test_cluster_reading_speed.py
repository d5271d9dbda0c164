"""Each loudspeaker cluster reads at its own speed: a slow reader's slot fills sooner. Slot capacity,
the overbooking warning, "next free slot" placement, the calendar's overbooked slots and the live
airtime estimate all time a script at the cluster's speed, not at 180 syllables a minute for all."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Delivery, LoudspeakerCluster, Publication, SlotMode
from campaigns.scheduling.conflicts import publication_conflicts, slots_overbooked
from campaigns.scheduling.expansion import publication_schedule
from campaigns.scheduling.recurrence import LOCAL_TZ
from cms.models import LoudspeakerScriptPage

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=LOCAL_TZ)
WORDS = "Kính thưa bà con "  # four syllables


def local(*args):
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


@pytest.fixture
def clusters(demo, time_machine):
    """Hải An's first cluster reads fast (200 syllables a minute), its second slowly (150); both air
    06:00-06:30 and 17:00-17:30."""
    time_machine.move_to(NOW)
    fast = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    slow = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-2")
    LoudspeakerCluster.objects.filter(pk=fast.pk).update(reading_speed=200)
    LoudspeakerCluster.objects.filter(pk=slow.pk).update(reading_speed=150)
    return fast, slow


@pytest.fixture
def script(published_piece):
    def _script(title: str, repeats: int):
        return published_piece(LoudspeakerScriptPage, title=title, text=WORDS * repeats)

    return _script


def publication_on(demo, page, clusters, **fields):
    campaign = demo["campaign"]
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel="loudspeaker",
                                             audience="clusters", starts_at=local(2026, 11, 24, 6),
                                             rrule="FREQ=DAILY;COUNT=2", **fields)
    publication.clusters.set(clusters)
    return publication


def test_a_script_that_fits_at_the_default_speed_overbooks_only_the_slow_clusters_slot(demo, clusters, script):
    fast, slow = clusters
    page = script("Bài 26 phút", 1300)  # 5.200 syllables: 26 min at 200, 28:54 at 180, 34:40 at 150
    conflicts = publication_conflicts(publication=publication_on(demo, page, [fast, slow]), now=NOW)
    overbooked = [c for c in conflicts if c.code == "slot_overbooked"]
    assert len(overbooked) == 1
    assert "2080 giây ở 150 tiếng/phút" in overbooked[0].message and "200 tiếng/phút" not in overbooked[0].message
    assert not [c for c in publication_conflicts(publication=publication_on(demo, page, [fast]), now=NOW)
                if c.code == "slot_overbooked"]


def test_next_free_slot_places_by_each_clusters_speed(demo, clusters, script):
    fast, slow = clusters
    first = publication_on(demo, script("Bài thứ nhất", 600), [fast, slow])  # 12 min at 200, 16 min at 150
    publication_schedule(publication=first, now=NOW)
    second = publication_on(demo, script("Bài thứ hai", 700), [fast, slow],  # 14 min at 200, 18:40 at 150
                            slot_mode=SlotMode.NEXT_FREE)
    publication_schedule(publication=second, now=NOW)
    hours = {cluster_id: {d.astimezone(LOCAL_TZ).hour for d in due}
             for cluster_id in (fast.pk, slow.pk)
             for due in [Delivery.objects.filter(publication=second, cluster_id=cluster_id)
                         .values_list("due_at", flat=True)]}
    assert hours == {fast.pk: {6}, slow.pk: {17}}


def test_the_calendars_overbooked_slots_are_timed_at_the_clusters_speed(demo, clusters, script):
    fast, slow = clusters
    for title, repeats in (("Bài thứ nhất", 600), ("Bài thứ hai", 700)):
        publication_schedule(publication=publication_on(demo, script(title, repeats), [fast, slow]), now=NOW)
    found = slots_overbooked(cluster_ids=[fast.pk, slow.pk], window=(NOW, NOW + dt.timedelta(days=7)))
    assert {(o.cluster_id, o.day, o.booked_seconds) for o in found} == {
        (slow.pk, dt.date(2026, 11, 24), 960 + 1120), (slow.pk, dt.date(2026, 11, 25), 960 + 1120)}


def test_the_live_estimate_names_the_clusters_and_their_speeds(clusters, login):
    response = login("bientap").post(reverse("loa_airtime"), {"text": WORDS * 45})  # 180 syllables
    data = response.json()
    assert data["summary"].startswith("180 tiếng · khoảng 1 phút ở 180 tiếng/phút")
    assert "Cụm loa số 2 (150 tiếng/phút): 1 phút 12 giây" in data["summary"]
    assert "Cụm loa số 1 (200 tiếng/phút): 54 giây" in data["summary"]
    assert {(c["name"], c["reading_speed"], c["seconds"]) for c in data["clusters"]} >= {
        ("Cụm loa số 1", 200, 54), ("Cụm loa số 2", 150, 72)}
