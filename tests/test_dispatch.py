"""The dispatch pass: claiming, manual packs, portal, retries with backoff, failures, unknown outcomes,
stale claims, and the per-delivery actions."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from campaigns.dispatch import claim
from campaigns.dispatch.actions import delivery_cancel, delivery_dispatch_now, delivery_retry
from campaigns.dispatch.adapters import AdapterRegistry, Outcome, SendResult
from campaigns.dispatch.periodic import schedules_ensure
from campaigns.dispatch.runner import backoff_seconds, dispatch_due
from campaigns.models import Delivery, DeliveryStatus, Publication, WorkerHeartbeat
from cms.models import ArticlePage, LoudspeakerScriptPage, SocialPostPage


class ScriptedAdapter:
    """Answers with the given outcomes in turn and records what it was asked to send."""

    idempotent = False

    def __init__(self, *results):
        self.results = list(results)
        self.sent = []

    def send(self, delivery):
        self.sent.append(delivery.pk)
        return self.results.pop(0) if len(self.results) > 1 else self.results[0]


@pytest.fixture
def scripted(monkeypatch):
    def _use(*results):
        adapter = ScriptedAdapter(*results)
        monkeypatch.setattr(AdapterRegistry, "_build", lambda self, ward_id, channel: adapter)
        return adapter

    return _use


def test_social_channel_without_account_becomes_ready_with_a_pack(due_deliveries):
    rows = due_deliveries("facebook", count=2)
    report = dispatch_due()
    assert report.claimed == 2 and report.ready == 2
    delivery = Delivery.objects.get(pk=rows[0].pk)
    assert delivery.status == DeliveryStatus.READY
    assert delivery.pack["title"] == "Tin facebook" and "Sapo" in delivery.pack["text"]


def test_loudspeaker_rows_become_ready_with_the_script_and_airtime(due_deliveries, published_piece):
    script = published_piece(LoudspeakerScriptPage, title="Bài đọc", text="Kính thưa bà con. " * 30)
    rows = due_deliveries("loudspeaker", count=1, page=script)
    dispatch_due()
    delivery = Delivery.objects.get(pk=rows[0].pk)
    assert delivery.status == DeliveryStatus.READY
    assert delivery.pack["airtime_seconds"] == script.airtime_seconds > 0
    assert "Kính thưa bà con" in delivery.pack["text"]


def test_a_manual_pack_carries_only_its_own_channels_text(due_deliveries, published_piece):
    post = published_piece(SocialPostPage, title="Bài mạng", facebook_text="Chữ cho Facebook",
                           zalo_text="Chữ cho Zalo", youtube_title="", youtube_text="")
    facebook = due_deliveries("facebook", count=1, page=post)[0]
    zalo = due_deliveries("zalo", count=1, page=post)[0]
    bulletin = due_deliveries("bulletin", count=1, page=post)[0]
    dispatch_due()
    assert Delivery.objects.get(pk=facebook.pk).pack["text"] == "Chữ cho Facebook"
    assert Delivery.objects.get(pk=zalo.pk).pack["text"] == "Chữ cho Zalo"
    assert Delivery.objects.get(pk=bulletin.pk).pack["text"] == "Chữ cho Facebook"  # one text, never mixed


def test_portal_delivery_of_a_live_article_is_delivered_with_its_url(due_deliveries):
    rows = due_deliveries("portal", count=1)
    assert dispatch_due().delivered == 1
    delivery = Delivery.objects.get(pk=rows[0].pk)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.external_id


def test_future_and_held_deliveries_are_not_sent(due_deliveries, scripted):
    rows = due_deliveries("facebook", count=2)
    Delivery.objects.filter(pk=rows[0].pk).update(due_at=timezone.now() + dt.timedelta(hours=1))
    Delivery.objects.filter(pk=rows[1].pk).update(status=DeliveryStatus.HELD)
    adapter = scripted(SendResult(Outcome.DELIVERED, external_id="x"))
    assert dispatch_due().claimed == 0
    assert adapter.sent == []


def test_transient_error_retries_with_backoff_then_fails(due_deliveries, scripted, settings):
    rows = due_deliveries("facebook", count=1)
    adapter = scripted(SendResult(Outcome.TRANSIENT, message="Facebook tạm thời quá tải."))
    dispatch_due()
    delivery = Delivery.objects.get(pk=rows[0].pk)
    assert delivery.status == DeliveryStatus.PLANNED and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now() + dt.timedelta(seconds=40)
    assert "Sẽ thử lại" in delivery.error
    assert dispatch_due().claimed == 0  # not before the backoff
    for _attempt in range(2, 6):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        dispatch_due()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 5
    assert "Đã thử 5 lần" in delivery.error
    assert len(adapter.sent) == 5


def test_retry_after_from_the_channel_is_respected():
    assert backoff_seconds(1, retry_after=900) == 900
    assert 48 <= backoff_seconds(1) <= 72
    assert 192 <= backoff_seconds(3) <= 288
    assert backoff_seconds(20) <= 3600 * 1.2


def test_permanent_error_fails_at_once_with_the_message(due_deliveries, scripted):
    rows = due_deliveries("facebook", count=1)
    scripted(SendResult(Outcome.PERMANENT, message="Token Facebook đã hết hạn."))
    dispatch_due()
    delivery = Delivery.objects.get(pk=rows[0].pk)
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert delivery.error == "Token Facebook đã hết hạn."


def test_unknown_outcome_goes_to_a_person_never_a_blind_retry(due_deliveries, scripted):
    rows = due_deliveries("facebook", count=1)
    adapter = scripted(SendResult(Outcome.UNKNOWN, message="Hết thời gian chờ sau khi đã gửi."))
    dispatch_due()
    dispatch_due()
    delivery = Delivery.objects.get(pk=rows[0].pk)
    assert delivery.status == DeliveryStatus.NEEDS_CHECK
    assert adapter.sent == [delivery.pk]


def test_adapter_crash_is_recorded_not_lost(due_deliveries, monkeypatch):
    rows = due_deliveries("facebook", count=1)

    class Broken:
        idempotent = False

        def send(self, delivery):
            raise RuntimeError("bug")

    monkeypatch.setattr(AdapterRegistry, "_build", lambda self, ward_id, channel: Broken())
    dispatch_due()
    assert Delivery.objects.get(pk=rows[0].pk).status == DeliveryStatus.NEEDS_CHECK


def test_a_claimed_row_is_not_claimed_again(due_deliveries):
    rows = due_deliveries("facebook", count=3)
    now = timezone.now()
    first = claim.claim_due(now=now, worker="a", limit=10)
    second = claim.claim_due(now=now, worker="b", limit=10)
    assert sorted(first) == sorted(r.pk for r in rows) and second == []


def test_stale_claims_never_sent_go_back_and_maybe_sent_go_to_a_person(due_deliveries, scripted):
    rows = due_deliveries("facebook", count=2)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    claim.claim_due(now=long_ago, worker="dead-worker", limit=10)
    claim.mark_leaving(delivery_id=rows[1].pk, worker="dead-worker")  # it died after sending this one
    Delivery.objects.filter(pk=rows[1].pk).update(claimed_at=long_ago)
    adapter = scripted(SendResult(Outcome.DELIVERED, external_id="fb_1"))
    report = dispatch_due()
    assert report.recovered == {"returned": 1, "resent": 0, "needs_check": 1}
    assert Delivery.objects.get(pk=rows[0].pk).status == DeliveryStatus.DELIVERED
    assert Delivery.objects.get(pk=rows[1].pk).status == DeliveryStatus.NEEDS_CHECK
    assert adapter.sent == [rows[0].pk]


def test_stale_claim_on_a_channel_that_deduplicates_is_sent_again(due_deliveries, scripted):
    rows = due_deliveries("bulletin", count=1)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    claim.claim_due(now=long_ago, worker="dead-worker", limit=10)
    claim.mark_leaving(delivery_id=rows[0].pk, worker="dead-worker")
    Delivery.objects.filter(pk=rows[0].pk).update(claimed_at=long_ago)
    dispatch_due()  # manual channels are always safe to redo
    assert Delivery.objects.get(pk=rows[0].pk).status == DeliveryStatus.READY


def test_a_result_is_not_written_over_a_claim_taken_by_someone_else(due_deliveries):
    rows = due_deliveries("facebook", count=1)
    claim.claim_due(now=timezone.now(), worker="a", limit=1)
    assert not claim.finish(delivery_id=rows[0].pk, worker="b", status=DeliveryStatus.DELIVERED)
    assert Delivery.objects.get(pk=rows[0].pk).status == DeliveryStatus.SENDING


def test_dispatch_now_twice_sends_once(due_deliveries, scripted, django_user_model):
    rows = due_deliveries("facebook", count=1)
    Delivery.objects.filter(pk=rows[0].pk).update(due_at=timezone.now() + dt.timedelta(days=2))
    adapter = scripted(SendResult(Outcome.DELIVERED, external_id="fb_1"))
    supervisor = django_user_model.objects.get(username="lanhdao")
    delivery_dispatch_now(delivery=rows[0], user=supervisor)
    delivery_dispatch_now(delivery=rows[0], user=supervisor)
    assert adapter.sent == [rows[0].pk]
    assert Delivery.objects.get(pk=rows[0].pk).status == DeliveryStatus.DELIVERED


def test_retry_and_cancel_actions_check_permission_and_state(due_deliveries, scripted, django_user_model):
    from django.core.exceptions import PermissionDenied

    rows = due_deliveries("facebook", count=2)
    scripted(SendResult(Outcome.PERMANENT, message="Bị từ chối."))
    dispatch_due()
    editor = django_user_model.objects.get(username="bientap")
    supervisor = django_user_model.objects.get(username="lanhdao")
    with pytest.raises(PermissionDenied):
        delivery_retry(delivery=rows[0], user=editor)
    assert delivery_retry(delivery=rows[0], user=supervisor)
    assert not delivery_retry(delivery=rows[0], user=supervisor)  # already back in the queue
    assert delivery_cancel(delivery=rows[0], user=supervisor)
    assert Delivery.objects.get(pk=rows[0].pk).status == DeliveryStatus.CANCELLED


def test_dispatch_records_a_heartbeat_and_the_command_prints_a_summary(due_deliveries):
    due_deliveries("facebook", count=1)
    out = StringIO()
    call_command("dispatch_due", stdout=out)
    assert "sẵn sàng: 1" in out.getvalue()
    assert WorkerHeartbeat.objects.exists()


def test_schedules_are_registered_by_name_idempotently(db):
    from django_q.models import Schedule

    schedules_ensure()
    schedules_ensure()
    names = set(Schedule.objects.values_list("name", flat=True))
    assert names == {"loa-dispatch-due", "loa-publish-scheduled", "loa-extend-publications", "loa-mark-missed",
                     "loa-coverage-reports", "loa-confirmation-links-zalo"}
    dispatch = Schedule.objects.get(name="loa-dispatch-due")
    assert dispatch.func == "campaigns.dispatch.tasks.dispatch_due_task" and dispatch.minutes == 1


def test_dispatch_task_runs_through_django_q(due_deliveries):
    from django_q.tasks import async_task, result

    due_deliveries("facebook", count=1)
    task_id = async_task("campaigns.dispatch.tasks.dispatch_due_task")
    assert result(task_id)["ready"] == 1


def test_a_piece_withdrawn_after_scheduling_is_held_not_sent(due_deliveries, scripted):
    rows = due_deliveries("facebook", count=1)
    adapter = scripted(SendResult(Outcome.DELIVERED, external_id="x"))
    page = rows[0].publication.page
    page.has_unpublished_changes = True
    page.save(update_fields=["has_unpublished_changes"])
    dispatch_due()
    assert adapter.sent == []
    delivery = Delivery.objects.get(pk=rows[0].pk)
    assert delivery.status == DeliveryStatus.HELD and delivery.attempts == 0


def test_a_pack_that_cannot_be_built_is_recorded_and_the_pass_goes_on(due_deliveries, monkeypatch):
    from campaigns.dispatch import runner

    rows = due_deliveries("bulletin", count=2)
    calls = []

    def broken_pack(page, channel):
        calls.append(page.pk)
        if len(calls) == 1:
            raise OSError("missing file")
        return {"title": page.title}

    monkeypatch.setattr(runner, "piece_pack", broken_pack)
    report = dispatch_due()
    statuses = sorted(Delivery.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", flat=True))
    assert statuses == [DeliveryStatus.NEEDS_CHECK, DeliveryStatus.READY]
    assert report.claimed == 2


def test_a_person_confirms_a_ready_delivery_once(due_deliveries, django_user_model):
    from campaigns.dispatch.actions import delivery_mark_done

    rows = due_deliveries("bulletin", count=1)
    dispatch_due()
    staff = django_user_model.objects.get(username="truyenthanh")
    assert delivery_mark_done(delivery=rows[0], user=staff)
    assert not delivery_mark_done(delivery=rows[0], user=staff)
    delivery = Delivery.objects.get(pk=rows[0].pk)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.delivered_at is not None


def test_open_ended_rules_are_extended_by_the_daily_task(demo, published_piece):
    from campaigns.dispatch.tasks import publications_extend_task

    page = published_piece(ArticlePage, title="Tin hằng tuần", intro="Sapo", body=[])
    campaign = demo["campaign"]
    Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel="facebook",
                               starts_at=timezone.now() + dt.timedelta(hours=1), rrule="FREQ=WEEKLY")
    assert publications_extend_task() == 1
    assert Delivery.objects.filter(publication__page=page).count() >= 52
