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


# --- one home per rule: grep shows one definition ----------------------------------------------------

ROOT = CAMPAIGNS.parent
SOURCES = [path for folder in ("campaigns", "cms") for path in (ROOT / folder).rglob("*.py")
           if "migrations" not in path.parts]


def _defining(pattern: str) -> set[str]:
    import re

    regex = re.compile(pattern, re.MULTILINE)
    return {str(path.relative_to(ROOT)) for path in SOURCES if regex.search(path.read_text(encoding="utf-8"))}


def test_channel_facts_have_one_home():
    channels = {"campaigns/content/channels.py"}
    assert _defining(r"^SOCIAL_CHANNELS\s*=") == channels
    assert _defining(r"^class Channel\(") == channels
    assert _defining(r"^CHANNEL_RULES\b") == channels
    assert _defining(r"^def shorten\(") == channels
    assert _defining(r"^CHANNEL_LABELS\s*=") == set()


def test_piece_text_is_answered_by_the_pages_not_by_field_name_lists():
    assert _defining(r"^\w*TEXT_FIELDS\s*=") == set()
    assert _defining(r"^def piece_text\(") == set()  # a method of the content pages, nothing else


def test_one_piece_may_go_out_rule():
    assert _defining(r"^def piece_is_approved\(") == {"campaigns/content/approval.py"}


def test_one_slug_rule_and_no_hand_rolled_thousands():
    assert _defining(r"^def unique_slug\(") == {"campaigns/models/slugs.py"}
    assert _defining(r"while slug in") == {"campaigns/models/slugs.py"}
    assert _defining(r'replace\(",", "\."\)') == set()
    assert _defining(r"^def format_number\(") == set()
