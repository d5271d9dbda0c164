"""The recurring django-q2 schedules, registered by name so running this twice changes nothing."""

from django_q.models import Schedule

SCHEDULES = {  # name: (task, every N minutes)
    "loa-dispatch-due": ("campaigns.dispatch.tasks.dispatch_due_task", 1),
    "loa-publish-scheduled": ("campaigns.dispatch.tasks.publish_scheduled_task", 1),
    "loa-extend-publications": ("campaigns.dispatch.tasks.publications_extend_task", 24 * 60),
    "loa-mark-missed": ("campaigns.tracking.tasks.deliveries_mark_missed_task", 15),
    # Hourly, idempotent: each group head with a Zalo user id gets the day's confirmation link once.
    "loa-confirmation-links-zalo": ("campaigns.tracking.tasks.link_messages_send_task", 60),
    # Hourly, idempotent: the day before a reporting day, its reports are made once.
    "loa-coverage-reports": ("campaigns.reports.tasks.coverage_reports_prepare_task", 60),
}


def schedules_ensure() -> list[Schedule]:
    schedules = []
    for name, (func, minutes) in SCHEDULES.items():
        schedule, _ = Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": minutes, "repeats": -1},
        )
        schedules.append(schedule)
    return schedules
