"""People's moves on deliveries (done, confirmed, missed): allowed sources, repeats, the audit log."""

import datetime as dt

import pytest
from wagtail.models import ModelLogEntry

from campaigns.dispatch.runner import dispatch_due
from campaigns.models import ConfirmationSource, Delivery, DeliveryStatus
from campaigns.tracking.transitions import deliveries_mark_missed, deliveries_move

S = DeliveryStatus


def _statuses(rows):
    return [Delivery.objects.get(pk=row.pk).status for row in rows]


@pytest.fixture
def ready_meetings(due_deliveries):
    rows = due_deliveries("meeting", count=1)
    dispatch_due()
    rows = list(Delivery.objects.filter(pk__in=[r.pk for r in rows]))
    assert rows and all(row.status == S.READY for row in rows)
    return rows


def test_confirming_a_ready_delivery_records_who_when_how_and_logs_it(ready_meetings, ward_user):
    staff = ward_user("hai-an", "editor")
    at = dt.datetime(2026, 11, 20, 7, 30, tzinfo=dt.UTC)
    outcome = deliveries_move([ready_meetings[0].pk], S.CONFIRMED, by=staff, via=ConfirmationSource.STAFF, at=at,
                              note="Đủ 42 hộ", origin="127.0.0.1", extra={"attendance": 42})
    assert outcome.moved == [ready_meetings[0].pk]
    row = Delivery.objects.get(pk=ready_meetings[0].pk)
    assert (row.status, row.confirmed_at, row.confirmed_via, row.status_changed_by, row.status_note) == (
        S.CONFIRMED, at, ConfirmationSource.STAFF, staff, "Đủ 42 hộ")
    entry = ModelLogEntry.objects.get(object_id=str(row.pk), action="loa.delivery.confirmed")
    assert entry.user == staff
    assert entry.data == {"from": "ready", "to": "confirmed", "via": "staff", "at": at.isoformat(),
                          "note": "Đủ 42 hộ", "origin": "127.0.0.1", "attendance": 42}
    assert str(entry.message) == "Xác nhận đã nhận"


def test_confirming_twice_changes_nothing_the_second_time(ready_meetings):
    ids = [row.pk for row in ready_meetings]
    first = deliveries_move(ids, S.CONFIRMED, via=ConfirmationSource.GROUP_HEAD)
    second = deliveries_move(ids, S.CONFIRMED, via=ConfirmationSource.GROUP_HEAD)
    assert first.moved == ids and second.moved == [] and second.already == ids
    assert ModelLogEntry.objects.filter(action="loa.delivery.confirmed").count() == len(ids)


@pytest.mark.parametrize("final", [S.CANCELLED, S.FAILED, S.SENDING])
def test_rows_people_cannot_move_are_refused_and_untouched(ready_meetings, final):
    Delivery.objects.filter(pk=ready_meetings[0].pk).update(status=final)
    outcome = deliveries_move([ready_meetings[0].pk], S.CONFIRMED, via=ConfirmationSource.STAFF)
    assert outcome.refused == [ready_meetings[0].pk] and not outcome.changed
    assert _statuses(ready_meetings[:1]) == [final]
    assert not ModelLogEntry.objects.filter(action__startswith="loa.delivery").exists()


def test_a_delivered_row_can_be_confirmed_but_not_marked_missed(ready_meetings):
    pk = ready_meetings[0].pk
    assert deliveries_move([pk], S.DELIVERED, via=ConfirmationSource.ROSTER).moved == [pk]
    assert deliveries_move([pk], S.MISSED, via=ConfirmationSource.CLOCK).refused == [pk]
    assert deliveries_move([pk], S.CONFIRMED, via=ConfirmationSource.GROUP_HEAD).moved == [pk]


def test_only_what_waited_past_its_channels_grace_period_is_missed(due_deliveries):
    meeting = due_deliveries("meeting", count=1)[0]
    loudspeaker = due_deliveries("facebook", count=1)[0]
    Delivery.objects.filter(pk__in=[meeting.pk, loudspeaker.pk]).update(status=S.READY)
    due = Delivery.objects.get(pk=meeting.pk).due_at
    assert deliveries_mark_missed(now=due + dt.timedelta(days=2)) == 1  # facebook: 1 day grace
    assert _statuses([meeting, loudspeaker]) == [S.READY, S.MISSED]
    assert deliveries_mark_missed(now=due + dt.timedelta(days=4)) == 1  # meeting: 3 days
    assert _statuses([meeting]) == [S.MISSED]
    assert ModelLogEntry.objects.filter(action="loa.delivery.missed", user=None).count() == 2


def test_an_unknown_target_status_is_a_programming_error(ready_meetings):
    with pytest.raises(ValueError):
        deliveries_move([ready_meetings[0].pk], S.SENDING, via=ConfirmationSource.STAFF)
