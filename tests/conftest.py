import os

import pytest
from django.conf import settings


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
