"""The Content-Security-Policy header (django-csp; the policy is CONTENT_SECURITY_POLICY in settings).

One policy for the portal and the admin, except that Wagtail's admin still renders a few inline
scripts (date and time pickers, inline panels) and our admin screens two more, so admin pages also
allow inline scripts. The portal allows none.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
ADMIN_ADDITIONS = {"script-src": [UNSAFE_INLINE]}


class LoaCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_ADDITIONS, **(parts.update or {})}
        return parts
