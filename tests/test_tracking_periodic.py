"""The named django-q2 schedule that marks overdue deliveries as missed."""

import datetime as dt

import time_machine
from django_q.models import Schedule

from campaigns.dispatch.periodic import schedules_ensure
from campaigns.models import Delivery, DeliveryStatus

S = DeliveryStatus


def test_the_mark_missed_schedule_is_registered_by_name_once(db):
    schedules_ensure()
    schedules_ensure()
    schedule = Schedule.objects.get(name="loa-mark-missed")
    assert schedule.func == "campaigns.tracking.tasks.deliveries_mark_missed_task"
    assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (Schedule.MINUTES, 15, -1)


def test_the_scheduled_task_marks_what_waited_past_its_grace_period_through_django_q(due_deliveries):
    from django_q.tasks import async_task, result

    meeting = due_deliveries("meeting", count=1)[0]
    Delivery.objects.filter(pk=meeting.pk).update(status=S.READY)
    schedules_ensure()
    func = Schedule.objects.get(name="loa-mark-missed").func
    with time_machine.travel(meeting.due_at + dt.timedelta(days=2), tick=False):
        assert result(async_task(func)) == 0  # meetings wait 3 days
    with time_machine.travel(meeting.due_at + dt.timedelta(days=4), tick=False):
        assert result(async_task(func)) >= 1
        assert result(async_task(func)) == 0  # a second run changes nothing
    assert Delivery.objects.get(pk=meeting.pk).status == S.MISSED
