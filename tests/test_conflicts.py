"""Each conflict rule, on a saved publication before it is expanded."""

import datetime as dt

import pytest

from campaigns.models import LoudspeakerCluster, Publication, ResidentialGroup
from campaigns.scheduling.conflicts import publication_conflicts
from campaigns.scheduling.expansion import publication_schedule
from campaigns.scheduling.recurrence import LOCAL_TZ
from cms.models import ArticlePage, LoudspeakerScriptPage

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=LOCAL_TZ)



@pytest.fixture(autouse=True)
def clock(time_machine):
    """Pieces are approved (published) at NOW: the code under test reads the clock."""
    time_machine.move_to(NOW)

def local(*args):
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


@pytest.fixture
def make(demo):
    campaign = demo["campaign"]

    def _make(page, channel="loudspeaker", groups=None, clusters=None, **fields):
        fields.setdefault("starts_at", local(2026, 11, 24, 6))
        fields.setdefault("rrule", "FREQ=DAILY;COUNT=3")
        publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel=channel,
                                                 **fields)
        if groups:
            publication.groups.set(groups)
            publication.audience = "groups"
        if clusters:
            publication.clusters.set(clusters)
            publication.audience = "clusters"
        publication.save()
        return publication

    return _make


def codes(publication) -> set[str]:
    return {conflict.code for conflict in publication_conflicts(publication=publication, now=NOW)}


@pytest.fixture
def script(published_piece):
    return published_piece(LoudspeakerScriptPage, title="Bài ngắn", text="Kính thưa bà con nhân dân. " * 10)


def test_a_clean_publication_has_no_conflicts(script, make):
    assert codes(make(script)) == set()


def test_unpublished_piece_cannot_be_scheduled(script, make):
    script.unpublish()
    assert "not_approved" in codes(make(script))


def test_piece_edited_after_approval_is_flagged(script, make):
    script.save_revision()
    assert "edited_after_approval" in codes(make(script))


def test_delivery_before_approval(script, make):
    publication = make(script, starts_at=local(2026, 11, 24, 6))
    script.last_published_at = local(2026, 11, 25, 0)
    script.save(update_fields=["last_published_at"])
    publication.refresh_from_db()
    assert "before_approval" in codes(publication)


def test_outside_campaign_period(script, make, demo):
    campaign = demo["campaign"]
    campaign.period_end = dt.date(2026, 11, 24)
    campaign.save()
    assert "outside_campaign" in codes(make(script))


def test_group_outside_the_ward(script, make):
    stranger = ResidentialGroup.objects.get(ward__slug="ha-bac", name="Thôn số 1")
    assert "outside_ward" in codes(make(script, channel="meeting", groups=[stranger]))


def test_cluster_outside_the_ward(script, make):
    stranger = LoudspeakerCluster.objects.get(ward__slug="ha-bac", slug="cum-1")
    assert "outside_ward" in codes(make(script, clusters=[stranger]))


def test_slot_airtime_exceeded(published_piece, make):
    long_script = published_piece(LoudspeakerScriptPage, title="Bài dài", text="Kính thưa bà con " * 1000)
    first = make(long_script)
    publication_schedule(publication=first, now=NOW)
    second_script = published_piece(LoudspeakerScriptPage, title="Bài dài hai", text="Kính thưa bà con " * 1000)
    assert "slot_overbooked" in codes(make(second_script))


def test_single_script_longer_than_the_slot(published_piece, make):
    huge = published_piece(LoudspeakerScriptPage, title="Bài rất dài", text="Kính thưa bà con " * 2000)
    assert "slot_overbooked" in codes(make(huge))


def test_same_piece_twice_in_one_slot(script, make):
    publication_schedule(publication=make(script), now=NOW)
    assert "same_piece_twice_in_slot" in codes(make(script, starts_at=local(2026, 11, 24, 6, 10)))


def test_same_piece_twice_in_one_slot_within_one_rule(script, make):
    twice = make(script, rrule="FREQ=DAILY;BYHOUR=6;BYMINUTE=0,15;COUNT=4")
    assert "same_piece_twice_in_slot" in codes(twice)


def test_time_outside_any_broadcast_slot(script, make):
    assert "outside_slot" in codes(make(script, starts_at=local(2026, 11, 24, 9)))


def test_only_scripts_go_on_loudspeakers(published_piece, make):
    article = published_piece(ArticlePage, title="Tin", intro="Sapo", body=[])
    assert "not_a_script" in codes(make(article))


def test_conflict_messages_are_vietnamese_with_dates(script, make):
    conflicts = publication_conflicts(publication=make(script, starts_at=local(2026, 11, 24, 9)), now=NOW)
    assert any("ngoài khung giờ phát" in c.message and "09:00 24/11/2026" in c.message for c in conflicts)
