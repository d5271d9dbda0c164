"""The django-q2 tasks moved to campaigns.dispatch.tasks: point stored schedules at the new path."""

from django.db import migrations

OLD, NEW = "campaigns.tasks.", "campaigns.dispatch.tasks."


def forwards(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for schedule in Schedule.objects.filter(func__startswith=OLD):
        schedule.func = NEW + schedule.func[len(OLD):]
        schedule.save(update_fields=["func"])


def backwards(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for schedule in Schedule.objects.filter(func__startswith=NEW):
        schedule.func = OLD + schedule.func[len(NEW):]
        schedule.save(update_fields=["func"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0005_resolution_unique_per_locality"),
        ("django_q", "__latest__"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
