from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from campaigns.reports.calendar.views import ical_feed
from campaigns.tracking.public_views import confirm_link
from campaigns.tracking.views import coverage_api
from cms import files, probes, views
from cms.sealed import urls as sealed_admin_urls
from cms.throttle import password_reset_view

# Every upload is private (cms/files.py): MEDIA_URL leads to the view that applies the rule, and
# MEDIA_ROOT is never served as a folder, not even in DEBUG.
MEDIA_PREFIX = settings.MEDIA_URL.lstrip("/")

handler500 = "cms.busy.server_error"  # a locked database is a 503 "hệ thống đang bận" (cms/busy.py)

urlpatterns = [
    path("healthz", probes.healthz, name="healthz"),  # probes for load balancers/monitoring (cms/probes.py)
    path("readyz", probes.readyz, name="readyz"),
    path("admin/password_reset/", password_reset_view),  # Wagtail's view, throttled (cms/throttle.py)
    path("admin/", include(sealed_admin_urls)),  # ahead of Wagtail's: the same paths, limited to the user's wards
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/coverage/<int:pk>/", coverage_api, name="coverage_api"),  # read-only, for the city roll-up
    path(f"{MEDIA_PREFIX}<path:name>", files.media_file, name="media_file"),
    path("xac-nhan/<str:token>/", confirm_link, name="confirm_link"),  # group heads, no account (signed link)
    path("lich/ical/<str:token>.ics", ical_feed, name="calendar_ical"),
    path("ap-phich/<int:page_id>/<slug:format_code>.<str:extension>", views.poster_download,
         name="poster_download"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]
