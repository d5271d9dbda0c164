"""The recurring django-q2 schedules, registered by name so running this twice changes nothing."""

from django_q.models import Schedule

SCHEDULES = {
    "loa-dispatch-due": "campaigns.tasks.dispatch_due_task",
    "loa-publish-scheduled": "campaigns.tasks.publish_scheduled_task",
}


def schedules_ensure() -> list[Schedule]:
    schedules = []
    for name, func in SCHEDULES.items():
        schedule, _ = Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": 1, "repeats": -1},
        )
        schedules.append(schedule)
    return schedules
