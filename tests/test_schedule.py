"""Expansion of publications into deliveries: idempotent, future-only, history kept."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from campaigns.models import Delivery, DeliveryStatus, LoudspeakerCluster, Publication, ResidentialGroup
from campaigns.scheduling.expansion import deliveries_hold_for_page, deliveries_release_for_page, publication_schedule
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
def script(published_piece):
    return published_piece(LoudspeakerScriptPage, title="Bài phát thanh nhà ở xã hội",
                           text="Kính thưa bà con nhân dân. " * 20)


@pytest.fixture
def publication_for(demo):
    campaign = demo["campaign"]

    def _make(page, channel, **fields):
        fields.setdefault("starts_at", local(2026, 11, 24, 6))
        fields.setdefault("rrule", "FREQ=DAILY;COUNT=14")
        groups = fields.pop("groups", None)
        clusters = fields.pop("clusters", None)
        publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel=channel,
                                                 **fields)
        if groups is not None:
            publication.groups.set(groups)
        if clusters is not None:
            publication.clusters.set(clusters)
        return publication

    return _make


def test_loudspeaker_publication_makes_one_row_per_group_per_occurrence(script, publication_for):
    publication = publication_for(script, "loudspeaker")
    result = publication_schedule(publication=publication, now=NOW)
    groups_with_loudspeakers = ResidentialGroup.objects.filter(ward__slug="hai-an",
                                                               loudspeaker_clusters__isnull=False).distinct().count()
    assert result.created == 14 * groups_with_loudspeakers == Delivery.objects.count()
    row = Delivery.objects.select_related("group", "cluster").first()
    assert row.channel == "loudspeaker" and row.group is not None and row.cluster is not None
    assert row.cluster.groups.filter(pk=row.group_id).exists()
    assert row.status == DeliveryStatus.PLANNED
    assert {f"{d.due_at.astimezone(LOCAL_TZ):%H:%M}" for d in Delivery.objects.all()} == {"06:00"}


def test_ward_wide_channel_makes_one_row_per_occurrence(published_piece, publication_for):
    article = published_piece(ArticlePage, title="Tin bài", intro="Sapo", body=[])
    publication = publication_for(article, "facebook", rrule="")
    result = publication_schedule(publication=publication, now=NOW)
    assert result.created == 1
    assert Delivery.objects.get().group is None


def test_expansion_is_idempotent(script, publication_for):
    publication = publication_for(script, "loudspeaker")
    first = publication_schedule(publication=publication, now=NOW)
    again = publication_schedule(publication=publication, now=NOW)
    assert first.created > 0 and again.created == 0 and again.cancelled == 0
    assert Delivery.objects.count() == first.created


def test_unique_key_refuses_a_duplicate_row(script, publication_for):
    publication = publication_for(script, "facebook", rrule="")
    publication_schedule(publication=publication, now=NOW)
    row = Delivery.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(publication=publication, channel="facebook", occurrence=row.occurrence,
                                due_at=row.due_at)


def test_chosen_groups_only(script, publication_for):
    groups = list(ResidentialGroup.objects.filter(ward__slug="hai-an").order_by("pk")[:2])
    publication = publication_for(script, "meeting", audience="groups", groups=groups, rrule="FREQ=WEEKLY;COUNT=3")
    publication_schedule(publication=publication, now=NOW)
    assert set(Delivery.objects.values_list("group_id", flat=True)) == {g.pk for g in groups}
    assert Delivery.objects.count() == 6
    assert set(Delivery.objects.values_list("cluster_id", flat=True)) == {None}


def test_chosen_clusters_reach_their_groups(script, publication_for):
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-2")
    publication = publication_for(script, "loudspeaker", audience="clusters", clusters=[cluster], rrule="")
    publication_schedule(publication=publication, now=NOW)
    assert set(Delivery.objects.values_list("group_id", flat=True)) == set(cluster.groups.values_list("pk", flat=True))
    assert set(Delivery.objects.values_list("cluster_id", flat=True)) == {cluster.pk}


def test_re_expansion_changes_only_the_future_and_keeps_history(script, publication_for):
    publication = publication_for(script, "facebook", rrule="FREQ=DAILY;COUNT=10")
    publication_schedule(publication=publication, now=NOW)
    delivered = Delivery.objects.order_by("due_at")[0]
    Delivery.objects.filter(pk=delivered.pk).update(status=DeliveryStatus.DELIVERED, external_id="fb_1")
    later = local(2026, 11, 26, 12)  # the first three days have passed
    publication.rrule = "FREQ=DAILY;COUNT=5"
    publication.save()
    result = publication_schedule(publication=publication, now=later)
    assert result.cancelled == 5  # days 6-10 no longer in the rule
    delivered.refresh_from_db()
    assert delivered.status == DeliveryStatus.DELIVERED and delivered.external_id == "fb_1"
    past = Delivery.objects.filter(due_at__lt=later)
    assert past.count() == 3  # untouched history
    cancelled = Delivery.objects.filter(status=DeliveryStatus.CANCELLED)
    assert cancelled.count() == 5 and all(d.due_at >= later for d in cancelled)
    assert Delivery.objects.count() == 10  # nothing deleted

    publication.rrule = "FREQ=DAILY;COUNT=8"
    publication.save()
    again = publication_schedule(publication=publication, now=later)
    assert again.revived == 3 and again.created == 0


def test_moving_the_time_moves_pending_rows_but_not_done_ones(script, publication_for):
    publication = publication_for(script, "facebook", rrule="FREQ=DAILY;COUNT=3")
    publication_schedule(publication=publication, now=NOW)
    publication.starts_at = local(2026, 11, 24, 9)
    publication.save()
    result = publication_schedule(publication=publication, now=NOW)
    assert result.created == 3 and result.cancelled == 3  # new occurrences at 09:00, old 06:00 ones cancelled
    assert Delivery.objects.filter(status=DeliveryStatus.PLANNED).count() == 3


def test_cancelled_publication_cancels_future_pending_rows(script, publication_for):
    from campaigns.scheduling.expansion import publication_cancel

    publication = publication_for(script, "facebook", rrule="FREQ=DAILY;COUNT=4")
    publication_schedule(publication=publication, now=NOW)
    result = publication_cancel(publication=publication, now=NOW)
    assert result.cancelled == 4
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}


def test_next_free_slot_places_scripts_after_a_full_slot(published_piece, publication_for):
    long_text = "Kính thưa bà con " * 1000  # 4000 syllables ~ 22 min at 180/min
    first = published_piece(LoudspeakerScriptPage, title="Bài dài một", text=long_text)
    second = published_piece(LoudspeakerScriptPage, title="Bài dài hai", text=long_text)
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    one = publication_for(first, "loudspeaker", audience="clusters", clusters=[cluster], rrule="",
                          starts_at=local(2026, 11, 24, 0), slot_mode="next_free")
    publication_schedule(publication=one, now=NOW)
    two = publication_for(second, "loudspeaker", audience="clusters", clusters=[cluster], rrule="",
                          starts_at=local(2026, 11, 24, 0), slot_mode="next_free")
    publication_schedule(publication=two, now=NOW)
    first_times = {d.due_at.astimezone(LOCAL_TZ).strftime("%H:%M") for d in one.deliveries.all()}
    second_times = {d.due_at.astimezone(LOCAL_TZ).strftime("%H:%M") for d in two.deliveries.all()}
    assert first_times == {"06:00"} and second_times == {"17:00"}


def test_piece_edited_after_approval_holds_then_releases(script, publication_for):
    publication = publication_for(script, "loudspeaker", rrule="FREQ=DAILY;COUNT=2")
    publication_schedule(publication=publication, now=NOW)
    held = deliveries_hold_for_page(page_id=script.pk)
    assert held == Delivery.objects.count()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.HELD}
    deliveries_release_for_page(page_id=script.pk)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PLANNED}


def test_unapproved_piece_expands_held(script, publication_for):
    script.save_revision()  # a pending edit
    script.refresh_from_db()
    publication = publication_for(script, "facebook", rrule="")
    publication_schedule(publication=publication, now=NOW)
    assert Delivery.objects.get().status == DeliveryStatus.HELD


def test_editing_a_live_script_in_the_admin_holds_its_deliveries(script, publication_for, login):
    from tests.content_helpers import edit_url, page_form

    publication = publication_for(script, "loudspeaker", rrule="FREQ=DAILY;COUNT=2")
    publication_schedule(publication=publication, now=NOW)
    login("bientap").post(edit_url(script), page_form(title=script.title, slug=script.slug, priority="normal",
                                                      text=script.text + " Xin cảm ơn."))
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.HELD}
    script.refresh_from_db()
    assert script.workflow_in_progress
    from django.contrib.auth import get_user_model

    script.current_workflow_task_state.approve(user=get_user_model().objects.get(username="lanhdao"))
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PLANNED}


def test_idempotency_key_is_stable_and_distinct(script, publication_for):
    publication = publication_for(script, "loudspeaker", rrule="FREQ=DAILY;COUNT=2")
    publication_schedule(publication=publication, now=NOW)
    keys = [d.idempotency_key for d in Delivery.objects.all()]
    assert len(set(keys)) == len(keys)
    row = Delivery.objects.first()
    assert Delivery.objects.get(pk=row.pk).idempotency_key == row.idempotency_key


def test_changing_the_channel_rewrites_pending_rows(script, publication_for):
    publication = publication_for(script, "facebook", rrule="FREQ=DAILY;COUNT=3")
    publication_schedule(publication=publication, now=NOW)
    publication.channel = "zalo"
    publication.save()
    publication_schedule(publication=publication, now=NOW)
    assert set(Delivery.objects.values_list("channel", flat=True)) == {"zalo"}


def test_unpublishing_a_piece_holds_its_deliveries(script, publication_for):
    publication = publication_for(script, "facebook", rrule="FREQ=DAILY;COUNT=3")
    publication_schedule(publication=publication, now=NOW)
    script.unpublish()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.HELD}


def test_release_marks_rows_whose_time_passed_while_held_as_missed(script, publication_for):
    publication = publication_for(script, "facebook", rrule="FREQ=DAILY;COUNT=4")
    publication_schedule(publication=publication, now=NOW)
    deliveries_hold_for_page(page_id=script.pk)
    deliveries_release_for_page(page_id=script.pk, now=local(2026, 11, 26, 12))
    statuses = [d.status for d in Delivery.objects.order_by("due_at")]
    assert statuses == [DeliveryStatus.MISSED] * 3 + [DeliveryStatus.PLANNED]
