from cms.settings.base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-6c1f2d0e"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost"]  # ward portals: <slug>.localhost
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
