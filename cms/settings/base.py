"""Settings shared by every environment.

The embedded default is SQLite plus django-q2's ORM broker, so a fresh
machine needs no server. ``DATABASE_URL`` and ``REDIS_URL`` switch to
PostgreSQL and Redis for scale-out (see ``cms.settings.services``).
"""

import os
from pathlib import Path

from cms.settings.services import cache_settings, database_settings, q_cluster_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "campaigns",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_q",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.middleware.MalformedQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": database_settings(BASE_DIR / "db" / "loa.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = cache_settings()
Q_CLUSTER = q_cluster_settings(name="loa")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Vietnamese conventions: 13/11/2023, 32.900 (cms/formats/vi/formats.py).
FORMAT_MODULE_PATH = ["cms.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

LOGIN_URL = "wagtailadmin_login"

WAGTAIL_SITE_NAME = "Loa — Tuyên truyền cơ sở"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
# Wards' networks may be offline or filtered: no avatar requests to gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# A pasted portal URL stays an external link: converting it would look up (and show the title of)
# whichever ward's page it names, and another ward's page may not be linked as a page.
WAGTAILADMIN_EXTERNAL_LINK_CONVERSION = ""
# Wagtail's database backend with the typed text made safe for SQLite FTS5 and PostgreSQL (cms/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search"}}
# A 60-megapixel poster is refused with a message instead of exhausting memory.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "txt", "md", "xlsx"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Each ward's portal is a Wagtail Site at <ward-slug>.<LOA_PORTAL_DOMAIN>:<LOA_PORTAL_PORT>
# (*.localhost resolves to this machine in browsers); the demo ward is the default site.
LOA_PORTAL_DOMAIN = os.environ.get("LOA_PORTAL_DOMAIN", "localhost")
LOA_PORTAL_PORT = int(os.environ.get("LOA_PORTAL_PORT", 8000))

# Dispatch (campaigns/dispatch): a claim older than this is taken back from a worker that died.
LOA_CLAIM_TIMEOUT_SECONDS = int(os.environ.get("LOA_CLAIM_TIMEOUT_SECONDS", 300))
LOA_DISPATCH_MAX_ATTEMPTS = int(os.environ.get("LOA_DISPATCH_MAX_ATTEMPTS", 5))
