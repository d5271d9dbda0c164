"""Settings shared by every environment.

The embedded default is SQLite plus django-q2's ORM broker, so a fresh
machine needs no server. ``DATABASE_URL`` and ``REDIS_URL`` switch to
PostgreSQL and Redis for scale-out (see ``cms.settings.services``).
"""

import os
from datetime import timedelta
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
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.busy.DatabaseBusyMiddleware",  # a locked SQLite database: 503 "hệ thống đang bận", not a 500
    "cms.csp.LoaCSPMiddleware",
    "cms.headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.middleware.MalformedQueryMiddleware",
    "cms.links.CurrentRequestMiddleware",  # portal links take the port being served (cms/links.py)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused login into the lockout page
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

# Login throttling (cms/throttle.py): 5 failures for one username from one IP lock that pair out for
# 15 minutes; a success resets the count. Axes' backend comes first so a locked pair never reaches
# the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.throttle.lockout_response"
AXES_COOLOFF_MESSAGE = (
    "Tài khoản tạm thời bị khoá vì đăng nhập sai quá nhiều lần. "
    f"Vui lòng thử lại sau {AXES_COOLOFF_TIME.seconds // 60} phút."
)
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False  # no django.contrib.admin here
AXES_CLIENT_IP_CALLABLE = "cms.throttle.client_ip"
LOA_TRUSTED_PROXY_COUNT = 0  # reverse proxies in front of Django (production reads it from the environment)

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
# Every upload is private (cms/files.py): MEDIA_ROOT must never be served as a folder; MEDIA_URL is
# the view that checks who may have the file.
MEDIA_URL = "/tep/"
MEDIA_ROOT = BASE_DIR / "media"
# A failed upload (disk full) leaves no partial file behind (cms/storage.py).
STORAGES = {
    "default": {"BACKEND": "cms.storage.UploadStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_USER_LOGIN_FORM = "cms.login_form.LoaLoginForm"  # the password field's label in Vietnamese

WAGTAIL_SITE_NAME = "Loa — Tuyên truyền cơ sở"
# Wagtail 8's autosave can create a new page a second time when "Gửi duyệt" is clicked before the
# autosave's answer has turned the create form into an edit form (seen on a loaded machine: two
# identical scripts). Off until that race is understood; editors save with "Lưu nháp".
WAGTAIL_AUTOSAVE_INTERVAL = 0
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
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents: size cap, extensions, and content that matches the extension (cms/uploads.py).
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "txt", "md", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.DocumentForm"
# Documents go through Wagtail's serve view, which runs the before_serve_document hooks (cms/files.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No call to releases.wagtail.io from the dashboard (the CSP allows no other origin, and wards' networks
# may be filtered).
WAGTAIL_ENABLE_UPDATE_CHECK = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content-Security-Policy (django-csp): the portal runs no inline script; Wagtail's admin needs inline
# styles and a few inline scripts (date pickers, inline panels), so cms.csp.LoaCSPMiddleware adds
# 'unsafe-inline' to script-src under /admin/ only. Nothing is loaded from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],  # data: poster previews, blob: upload previews
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],  # the admin's preview panel
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# Each ward's portal is a Wagtail Site at <ward-slug>.<LOA_PORTAL_DOMAIN>:<LOA_PORTAL_PORT>
# (*.localhost resolves to this machine in browsers); the demo ward is the default site.
LOA_PORTAL_DOMAIN = os.environ.get("LOA_PORTAL_DOMAIN", "localhost")
LOA_PORTAL_PORT = int(os.environ.get("LOA_PORTAL_PORT", 8000))
# Key that encrypts the channel tokens stored in the database (a Fernet key or a passphrase);
# unset: derived from SECRET_KEY (campaigns/models/secrets.py).
LOA_TOKEN_KEY = os.environ.get("LOA_TOKEN_KEY", "")

# Dispatch (campaigns/dispatch): a claim older than this is taken back from a worker that died.
LOA_CLAIM_TIMEOUT_SECONDS = int(os.environ.get("LOA_CLAIM_TIMEOUT_SECONDS", 300))
LOA_DISPATCH_MAX_ATTEMPTS = int(os.environ.get("LOA_DISPATCH_MAX_ATTEMPTS", 5))
