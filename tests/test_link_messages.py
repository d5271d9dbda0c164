"""The day's confirmation links reach group heads as Zalo OA messages (through the Zalo adapter,
against the stub speaking ``POST /v3.0/oa/message/cs``), once per group and day."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from campaigns.models import ChannelAccount, Delivery, DeliveryStatus, LinkMessage, LinkMessageStatus, Locality
from campaigns.tracking.link_messages import link_messages_send
from campaigns.tracking.tasks import link_messages_send_task
from tests.stub_social import StubServer

TOKEN = "zaloSECRETtoken0123456789"
HEAD_IDS = ("5000000000000000001", "5000000000000000002")


@pytest.fixture
def stub():
    with StubServer(slow_seconds=1.5) as server:
        yield server


@pytest.fixture(autouse=True)
def fast_timeouts(settings):
    settings.LOA_SOCIAL_TIMEOUT = (0.5, 0.5)


@pytest.fixture
def world(due_deliveries, stub):
    """Hải An: a visual publication due today in every group (released to people), a Zalo OA
    account on the stub, and two group heads with a Zalo user id (the other groups have none)."""
    rows = due_deliveries("visual", count=1)
    Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(status=DeliveryStatus.READY)
    rows = list(Delivery.objects.filter(pk__in=[r.pk for r in rows]).select_related("group").order_by("group__name"))
    ward = rows[0].publication.ward
    account = ChannelAccount(ward=ward, channel="zalo", base_url=stub.url, name="Zalo OA phường Hải An")
    account.token_set(TOKEN)
    account.save()
    groups = [row.group for row in rows[:2]]
    for group, user_id in zip(groups, HEAD_IDS, strict=True):
        group.head_zalo_user_id = user_id
        group.save(update_fields=["head_zalo_user_id"])
    day = timezone.localtime(rows[0].due_at).date()
    return {"ward": ward, "groups": groups, "day": day, "account": account, "rows": rows}


def messages_sent(stub):
    return [r for r in stub.requests(channel="zalo") if r["path"] == "/v3.0/oa/message/cs"]


def test_each_head_with_a_zalo_id_gets_the_days_link_once(world, stub, client):
    report = link_messages_send(day=world["day"], now=timezone.now())
    assert (report.sent, report.failed, report.already) == (2, 0, 0)
    sent = messages_sent(stub)
    assert sorted(r["json"]["recipient"]["user_id"] for r in sent) == sorted(HEAD_IDS)
    for request in sent:
        assert request["method"] == "POST"
        assert {k.lower(): v for k, v in request["headers"].items()}["access_token"] == TOKEN
        assert set(request["json"]) == {"recipient", "message"}
        assert TOKEN not in request["path"] and TOKEN not in request["json"]["message"]["text"]
    rows = {row.group_id: row for row in LinkMessage.objects.all()}
    assert set(rows) == {group.pk for group in world["groups"]}
    for group in world["groups"]:
        row = rows[group.pk]
        assert row.status == LinkMessageStatus.SENT and row.external_id.startswith("zalo-msg-")
        assert row.recipient == group.head_zalo_user_id and row.link is not None
        text = next(r["json"]["message"]["text"] for r in sent
                    if r["json"]["recipient"]["user_id"] == group.head_zalo_user_id)
        assert group.name in text and f"{world['day']:%d/%m/%Y}" in text and "có 1 nội dung" in text
        url = text.rsplit(" ", 1)[-1]
        assert url.startswith("http://testserver/xac-nhan/")
        page = client.get(url.removeprefix("http://testserver"))
        assert page.status_code == 200 and group.name in page.content.decode()

    again = link_messages_send(day=world["day"], now=timezone.now())  # a rerun (or a second worker)
    assert (again.sent, again.already) == (0, 2)
    assert len(messages_sent(stub)) == 2 and stub.stats()["posts"] == 2
    assert LinkMessage.objects.count() == 2


def test_no_zalo_account_means_no_message(world, stub):
    ChannelAccount.objects.filter(pk=world["account"].pk).update(enabled=False)
    report = link_messages_send(day=world["day"], now=timezone.now())
    assert report.wards == 0 and messages_sent(stub) == [] and not LinkMessage.objects.exists()


def test_another_wards_account_sends_nothing_to_this_wards_heads(world, stub):
    ChannelAccount.objects.filter(pk=world["account"].pk).update(ward=Locality.objects.get(slug="ha-bac"))
    report = link_messages_send(day=world["day"], now=timezone.now())
    assert report.wards == 1 and report.sent == 0 and messages_sent(stub) == []


def test_a_rate_limited_message_is_sent_by_the_next_run(world, stub):
    stub.fault("rate_limit", channel="zalo")
    first = link_messages_send(day=world["day"], now=timezone.now())
    assert (first.sent, first.failed) == (1, 1)
    failed = LinkMessage.objects.get(status=LinkMessageStatus.FAILED)
    assert "giới hạn" in failed.error
    second = link_messages_send(day=world["day"], now=timezone.now())
    assert (second.sent, second.already) == (1, 1)
    assert LinkMessage.objects.filter(status=LinkMessageStatus.SENT).count() == 2
    assert len([r for r in messages_sent(stub) if r.get("outcome") == "post"]) == 2


def test_a_head_who_does_not_follow_the_oa_is_reported_and_not_retried(world, stub):
    stub.state.unfollowed.add(HEAD_IDS[0])
    report = link_messages_send(day=world["day"], now=timezone.now())
    assert (report.sent, report.failed) == (1, 1)
    row = LinkMessage.objects.get(recipient=HEAD_IDS[0])
    assert row.status == LinkMessageStatus.FAILED and "quan tâm (follow) Zalo OA" in row.error
    assert link_messages_send(day=world["day"], now=timezone.now()).already == 2
    assert len(messages_sent(stub)) == 2


def test_no_answer_after_sending_is_left_to_check_never_resent(world, stub):
    stub.fault("slow", channel="zalo")
    report = link_messages_send(day=world["day"], now=timezone.now())
    assert report.needs_check == 1
    assert link_messages_send(day=world["day"], now=timezone.now()).already == 2
    assert stub.stats()["posts_by_channel"]["zalo"] == 2


def test_the_command_sends_a_wards_links_and_refuses_a_bad_date(world, stub):
    out = io.StringIO()
    call_command("send_confirmation_links", "--date", world["day"].isoformat(), "--ward", "hai-an", stdout=out)
    assert f"Ngày {world['day']:%d/%m/%Y}: đã gửi 2" in out.getvalue()
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("send_confirmation_links", "--date", "15/03/2026")
    with pytest.raises(CommandError, match="Không có phường/xã"):
        call_command("send_confirmation_links", "--ward", "khong-co")


def test_the_hourly_task_waits_for_the_morning(world, stub):
    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    early = dt.datetime.combine(world["day"], dt.time(5, 0), tzinfo=tz)
    with time_machine.travel(early, tick=False):
        assert link_messages_send_task() == {}
    assert messages_sent(stub) == []
    with time_machine.travel(early.replace(hour=23), tick=False):
        assert link_messages_send_task()["sent"] == 2
