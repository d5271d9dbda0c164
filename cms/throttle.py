"""Login and password-reset throttling with django-axes (limits in cms/settings/base.py, AXES_*).

The admin login is watched by axes itself: ``AxesStandaloneBackend`` refuses a locked-out
username + IP before the password is checked, ``AxesMiddleware`` turns the refusal into
``lockout_response``. A password-reset request is not a login, so each one is counted as an
attempt against its e-mail address and IP, with the same limits and page: nobody can flood a
mailbox with reset links or probe addresses at speed.
"""

from functools import wraps

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.shortcuts import render
from wagtail.admin.views.account import PasswordResetView


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Vietnamese lockout page, 429 Too Many Requests."""
    return render(request, "cms/locked_out.html", {"lockout_message": settings.AXES_COOLOFF_MESSAGE}, status=429)


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address the lock is keyed on.

    REMOTE_ADDR, unless LOA_TRUSTED_PROXY_COUNT reverse proxies stand in front of Django, each appending
    the address it saw to X-Forwarded-For: then the entry that many places from the right, which the
    outermost proxy wrote. Entries further left come from the client and are ignored (spoofable).
    """
    count = settings.LOA_TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def password_reset_credentials(request) -> dict:
    email = (request.POST.get("email") or "").strip().lower()
    return {"username": f"password-reset:{email}"}


def throttled(view):
    """Count every POST to ``view`` as an attempt; refuse once the limit is reached."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and settings.AXES_ENABLED:
            credentials = password_reset_credentials(request)
            AxesProxyHandler.user_login_failed(sender=wrapper, credentials=credentials, request=request)
            if request.axes_locked_out:
                return lockout_response(request, credentials=credentials)
        return view(request, *args, **kwargs)

    return wrapper


password_reset_view = throttled(PasswordResetView.as_view())
