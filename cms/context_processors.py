from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def _portal_home(request):
    site = Site.find_for_request(request)
    return site.root_page.specific if site else None


def portal(request):
    """The ward home page and site name for the portal's shared header; evaluated only when used."""
    home = SimpleLazyObject(lambda: _portal_home(request))
    site_name = SimpleLazyObject(lambda: (Site.find_for_request(request) or Site()).site_name or "Loa")
    return {"home": home, "site_name": site_name}
