import tempfile

from cms.settings.base import *  # noqa: F403
from cms.settings.base import Q_CLUSTER

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads made by tests go to a throw-away folder, never into the repository's media/.
MEDIA_ROOT = tempfile.mkdtemp(prefix="loa-test-media-")
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Login throttling is off so that the test client's login() (no request) works and browser tests never
# lock themselves out; tests/test_login_throttle.py turns it on.
AXES_ENABLED = False
