"""The layout of ``campaigns/`` shows the flow: one package per stage, nothing flat beside them."""

import importlib
from pathlib import Path

from django.apps import apps

CAMPAIGNS = Path(__file__).resolve().parent.parent / "campaigns"
TOP_LEVEL_FILES = {"__init__.py", "apps.py", "wagtail_hooks.py"}
STAGES = ("places", "plans", "content", "scheduling", "dispatch", "tracking", "reports", "admin")


def test_campaigns_top_level_holds_only_packages_and_app_files():
    flat = {path.name for path in CAMPAIGNS.glob("*.py")} - TOP_LEVEL_FILES
    assert flat == set()


def test_every_stage_is_a_documented_package():
    for stage in STAGES:
        module = importlib.import_module(f"campaigns.{stage}")
        assert (module.__doc__ or "").strip(), stage


def test_stored_schedules_follow_the_tasks_to_their_new_module(db):
    from django_q.models import Schedule

    migration = importlib.import_module("campaigns.migrations.0006_task_paths_after_move")
    Schedule.objects.create(name="cũ", func="campaigns.tasks.dispatch_due_task", schedule_type=Schedule.MINUTES,
                            minutes=1)
    migration.forwards(apps, None)
    assert Schedule.objects.get(name="cũ").func == "campaigns.dispatch.tasks.dispatch_due_task"
    importlib.import_module("campaigns.dispatch.tasks").dispatch_due_task  # noqa: B018 (the path resolves)
