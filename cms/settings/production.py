"""Production: every secret and host comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma separated), WAGTAILADMIN_BASE_URL.
Optional: DATABASE_URL, REDIS_URL, CSRF_TRUSTED_ORIGINS, EMAIL_URL-style settings,
LOA_TRUSTED_PROXY_COUNT (reverse proxies in front of Django, default 1; docs/files-and-logins.md).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import *  # noqa: F403


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Biến môi trường {name} chưa được đặt.")
    return value


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required_env("ALLOWED_HOSTS")]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = required_env("WAGTAILADMIN_BASE_URL")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies in front of Django that append the client's address to X-Forwarded-For (nginx's
# $proxy_add_x_forwarded_for): login lockouts are keyed on the address the outermost one saw.
LOA_TRUSTED_PROXY_COUNT = int(os.environ.get("LOA_TRUSTED_PROXY_COUNT", 1))
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail marks its own preview views SAMEORIGIN, so the rest of the site can refuse frames.
X_FRAME_OPTIONS = "DENY"

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "loa@localhost")

# Static files: collected by `manage.py collectstatic` and served by gunicorn through WhiteNoise
# (compressed, with hashed names cached for a year); no separate web server is needed for them.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "cms.storage.UploadStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads stay on disk under MEDIA_ROOT (back it up: `manage.py backup`), or go to S3-compatible storage
# when LOA_S3_BUCKET is set (needs `pip install 'django-storages[s3]'`; credentials from the usual
# AWS_* variables, never in the repository). Files are private either way: cms/files.py serves them.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or MEDIA_ROOT  # noqa: F405
if os.environ.get("LOA_S3_BUCKET"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ["LOA_S3_BUCKET"],
        "endpoint_url": os.environ.get("LOA_S3_ENDPOINT_URL") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }}
# Probes come over plain HTTP from the load balancer: no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
