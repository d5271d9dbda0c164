"""Links to a ward's portal built from the request being served, not from the port stored on its Site.

Each ward's portal is a Wagtail Site at ``<ward>.<LOA_PORTAL_DOMAIN>:<LOA_PORTAL_PORT>``; Wagtail
writes a page's full URL from that Site, so a server started on another port (``make run`` on 8001,
a proxy on 443) got links to port 8000. While a request is served, a page's URL keeps its Site's
hostname (which ward) and takes the scheme and port the visitor used (the Host header, as a proxy
forwards it). Wagtail's admin asks ``page.url`` without the request ("Xem trang đang đăng", the
"đang đăng" status link), so the request is kept for the duration of the response by
``CurrentRequestMiddleware``. Outside a request (workers posting a link to Facebook) the Site's own
port stands.
"""

from contextvars import ContextVar
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar("loa_current_request", default=None)
DEFAULT_PORTS = {"http": "80", "https": "443"}


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def current_request() -> HttpRequest | None:
    return _current_request.get()


def request_origin(request: HttpRequest) -> tuple[str, str] | None:
    """(scheme, port) the visitor used; port "" for the scheme's default; None for a host Django refuses."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    _name, colon, port = host.rpartition(":")
    if not colon or not port.isdigit():
        port = ""
    return request.scheme, "" if port == DEFAULT_PORTS.get(request.scheme) else port


def root_url_for(root_url: str, request: HttpRequest) -> str:
    """``root_url`` (a Site's ``http://hostname:port``) with the request's scheme and port."""
    origin = request_origin(request)
    hostname = urlsplit(root_url).hostname
    if origin is None or not hostname:
        return root_url
    scheme, port = origin
    return f"{scheme}://{hostname}:{port}" if port else f"{scheme}://{hostname}"


class RequestBuiltUrlMixin:
    """For page models: full URLs carry the request's scheme and port (see the module docstring)."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        request = request if isinstance(request, HttpRequest) else current_request()
        if parts is None or parts[1] is None or request is None:
            return parts
        site_id, root_url, page_path = parts
        return site_id, root_url_for(root_url, request), page_path

    def get_url(self, request=None, current_site=None):
        if request is None and current_site is None:
            request = current_request()  # a link on the site being served stays relative
        return super().get_url(request=request, current_site=current_site)

    url = property(get_url)
