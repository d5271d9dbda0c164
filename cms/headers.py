"""Security headers Django's SecurityMiddleware and django-csp do not set.

``Permissions-Policy`` on the public portal: its pages never use the camera, microphone, location,
payment or USB, so no script (or embedded frame) on them may ask for these. The admin is left out:
editors may record a loudspeaker script from the browser.
"""

from cms.csp import ADMIN_PREFIX

PORTAL_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(ADMIN_PREFIX):
            response.headers.setdefault("Permissions-Policy", PORTAL_PERMISSIONS_POLICY)
        return response
