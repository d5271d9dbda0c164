"""An article approved to go live later is scheduled to the portal; its portal delivery publishes
it at its time, never before the approved go-live (frozen clock)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.content.approval import piece_go_live_at, piece_is_approved, piece_may_go_out
from campaigns.dispatch.actions import delivery_dispatch_now
from campaigns.dispatch.runner import dispatch_due
from campaigns.models import Delivery, DeliveryStatus, Publication
from campaigns.scheduling.conflicts import publication_conflicts
from campaigns.scheduling.editor import piece_channels, pieces_for_user
from campaigns.scheduling.editor_views import schedule_button
from campaigns.scheduling.expansion import publication_schedule

S = DeliveryStatus


@pytest.fixture
def clock(demo, time_machine):
    """Now, frozen (whatever the real date: the suite also runs 400 days ahead)."""
    now = timezone.localtime(timezone.now()).replace(hour=9, minute=0, second=0, microsecond=0)
    time_machine.move_to(now, tick=False)
    return now


@pytest.fixture
def approved_for_later(demo, clock):
    """A Hải An article approved by the supervisor to go live in two days at 07:00 (never live yet)."""
    from cms.demo import topic_page_ensure
    from cms.models import ArticlePage, WardHomePage

    topic = topic_page_ensure(WardHomePage.objects.get(locality__slug="hai-an"), demo["campaign"])
    page = ArticlePage(campaign=topic.campaign, title="Khởi công dự án nhà ở xã hội", slug="khoi-cong-nha-o-xa-hoi",
                       intro="Sapo", body=[], live=False)
    topic.add_child(instance=page)
    page.go_live_at = (clock + dt.timedelta(days=2)).replace(hour=7)
    page.save_revision().publish()  # what approving with a future go-live does: scheduled, not live
    page.refresh_from_db()
    assert not page.live and page.latest_revision.approved_go_live_at == page.go_live_at
    return page


def portal_publication(page, campaign, starts_at):
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel="portal",
                                             starts_at=starts_at)
    publication_schedule(publication=publication, now=timezone.now())
    return publication


def test_a_piece_approved_for_later_is_offered_for_the_portal_only(approved_for_later):
    page = approved_for_later
    editor = get_user_model().objects.get(username="bientap")
    assert not piece_is_approved(page) and piece_go_live_at(page) == page.go_live_at
    assert page.pk in {piece.pk for piece in pieces_for_user(editor)}
    assert piece_channels(page) == ["portal"]
    assert piece_may_go_out(page, "portal") and not piece_may_go_out(page, "facebook")
    assert str(schedule_button(page, editor).label) == "Lên lịch"


def test_scheduling_it_before_the_approved_time_is_an_error(demo, approved_for_later, clock):
    page = approved_for_later
    early = portal_publication(page, demo["campaign"], page.go_live_at - dt.timedelta(hours=1))
    [conflict] = [c for c in publication_conflicts(publication=early) if c.code == "before_go_live"]
    assert conflict.severity == "error" and f"{timezone.localtime(page.go_live_at):%H:%M %d/%m/%Y}" in conflict.message
    on_time = portal_publication(page, demo["campaign"], page.go_live_at)
    assert {c.code for c in publication_conflicts(publication=on_time)} <= {"outside_campaign"}
    assert not [c for c in publication_conflicts(publication=on_time) if c.severity == "error"]


def test_the_portal_delivery_publishes_the_page_at_its_time(demo, approved_for_later, clock, time_machine):
    page = approved_for_later
    publication = portal_publication(page, demo["campaign"], page.go_live_at)
    [delivery] = publication.deliveries.all()
    assert delivery.status == S.PLANNED  # not held: it may go out

    assert dispatch_due().claimed == 0  # two days early: nothing is due
    time_machine.move_to(page.go_live_at + dt.timedelta(minutes=1), tick=False)
    report = dispatch_due()
    assert report.delivered == 1
    delivery.refresh_from_db()
    page.refresh_from_db()
    assert delivery.status == S.DELIVERED and page.live and page.live_revision_id == page.latest_revision_id
    assert page.last_published_at >= page.go_live_at


def test_sent_early_by_hand_it_waits_for_the_approved_time(demo, approved_for_later, clock, time_machine):
    page = approved_for_later
    publication = portal_publication(page, demo["campaign"], page.go_live_at)
    [delivery] = publication.deliveries.all()
    report = delivery_dispatch_now(delivery=delivery, user=get_user_model().objects.get(username="lanhdao"))
    delivery.refresh_from_db()
    page.refresh_from_db()
    assert report.retrying == 1 and not page.live
    assert delivery.status == S.PLANNED and delivery.next_attempt_at > clock
    assert "chưa đến giờ đăng" in delivery.error
    time_machine.move_to(page.go_live_at + dt.timedelta(minutes=1), tick=False)
    assert dispatch_due().delivered == 1
    page.refresh_from_db()
    assert page.live


def test_an_edit_after_the_approval_holds_the_delivery(demo, approved_for_later, clock, time_machine):
    page = approved_for_later
    publication = portal_publication(page, demo["campaign"], page.go_live_at)
    page.title = "Sửa sau khi duyệt"
    page.save_revision()  # a new draft: the approval was for the previous revision
    assert piece_go_live_at(page) is None
    time_machine.move_to(page.go_live_at + dt.timedelta(minutes=1), tick=False)
    dispatch_due()
    assert Delivery.objects.get(publication=publication).status == S.HELD
    page.refresh_from_db()
    assert not page.live
