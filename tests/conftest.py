import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.conf import settings

from tests.file_database import file_database, migrated_database_file  # noqa: F401 - fixtures: a file copy of the test db

# `make test-future` sets this: the whole run sees the clock that many days ahead (Python's clock;
# libfaketime 0.9.10 makes Python's timed waits hang or fail, so the shift is made with time-machine).
CLOCK_OFFSET_DAYS = int(os.environ.get("LOA_CLOCK_OFFSET_DAYS") or 0)
LOCALE = Path(__file__).resolve().parent.parent / "locale"
# Shared fixtures kept in their own modules: ``counted`` (coverage counted by hand).
pytest_plugins = ["tests.coverage_fixture"]


def _clock_shift():
    if CLOCK_OFFSET_DAYS:
        ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=CLOCK_OFFSET_DAYS)
        time_machine.travel(ahead, tick=True).start()


def _compile_messages():
    """Compile the Vietnamese catalogue (locale/) as `make messages` does, when pytest runs without make."""
    compiled = False
    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            pytest.exit(f"{mo} is missing or older than {po.name}: run `make messages` (needs gettext's msgfmt)")
        partial = mo.with_suffix(f".{os.getpid()}.tmp")  # xdist workers may compile at the same time
        subprocess.run([msgfmt, "--check-format", "-o", str(partial), str(po)], check=True)
        os.replace(partial, mo)
        compiled = True
    if compiled:
        _forget_loaded_catalogues()


def _forget_loaded_catalogues():
    """pytest-django sets Django up before this conftest runs, and a catalogue read then (the old .mo) would
    serve the whole run: the first run after a .po edit would test the previous translations."""
    import gettext

    from asgiref.local import Local
    from django.utils.translation import trans_real

    gettext._translations.clear()
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


def pytest_configure(config):
    _clock_shift()
    _compile_messages()


def _on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _on_redis() -> bool:
    return "redis" in settings.Q_CLUSTER


SERVICES = {
    "postgres": (_on_postgres, "needs PostgreSQL: set DATABASE_URL=postgres://…"),
    "redis": (_on_redis, "needs Redis: set REDIS_URL=redis://…"),
}


def pytest_runtest_setup(item):
    for marker, (available, reason) in SERVICES.items():
        if marker in item.keywords and not available():
            if os.environ.get("LOA_REQUIRE_SERVICES"):
                pytest.fail(f"{reason} (LOA_REQUIRE_SERVICES is set, so this may not be skipped)")
            pytest.skip(reason)


@pytest.fixture
def demo(db):
    """Places, plan and users of the demo (fast); portal content is in ``portal_demo``."""
    from campaigns.demo.loader import demo_load

    return demo_load()


@pytest.fixture
def portal_demo(db):
    """The whole demo, including the Hải An portal content in every state."""
    from cms.demo import demo_load

    return demo_load()


@pytest.fixture
def login(client, django_user_model):
    """Log in as a demo user by username and return the client."""

    def _login(username: str):
        client.force_login(django_user_model.objects.get(username=username))
        return client

    return _login


@pytest.fixture
def published_piece(demo):
    """Publish a content piece of the given type under the Hải An campaign topic (without the full portal demo)."""
    from cms.demo import topic_page_ensure
    from cms.models import WardHomePage

    topic = topic_page_ensure(WardHomePage.objects.get(locality__slug="hai-an"), demo["campaign"])

    def _publish(model, **fields):
        fields.setdefault("slug", f"piece-{model.__name__.lower()}-{topic.get_children().count() + 1}")
        page = model(campaign=topic.campaign, **fields)
        topic.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return _publish


@pytest.fixture
def ward_user(demo, django_user_model):
    """A user working in one ward in one role, e.g. ``ward_user("ha-bac", "editor")``: the probes of
    ward isolation log in as Hà Bắc people and use Hải An's ids."""
    from campaigns.models import Locality
    from campaigns.places.roles import ward_groups_ensure

    def _make(ward_slug: str, role: str):
        groups = ward_groups_ensure(locality=Locality.objects.get(slug=ward_slug))
        user, _ = django_user_model.objects.get_or_create(
            username=f"{ward_slug}-{role}", defaults={"first_name": role, "last_name": ward_slug}
        )
        user.groups.set([groups[role]])
        return user

    return _make


@pytest.fixture
def due_deliveries(demo, published_piece):
    """Builds a publication on ``channel`` whose ``count`` occurrences are already due."""
    campaign = demo["campaign"]

    from django.utils import timezone

    from campaigns.models import Publication
    from campaigns.scheduling.expansion import publication_schedule
    from cms.models import ArticlePage

    def _make(channel="facebook", count=3, page=None):
        page = page or published_piece(ArticlePage, title=f"Tin {channel}", intro="Sapo", body=[])
        start = timezone.now() - dt.timedelta(hours=count)
        publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel=channel,
                                                 starts_at=start, rrule=f"FREQ=HOURLY;COUNT={count}")
        publication_schedule(publication=publication, now=start - dt.timedelta(minutes=1))
        return list(publication.deliveries.order_by("due_at"))

    return _make
