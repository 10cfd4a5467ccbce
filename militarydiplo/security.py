"""Request-level protections: the client's address behind the proxy, the Content-Security-
Policy's narrow exceptions for third-party pages."""

import base64
import hashlib

from csp.constants import UNSAFE_HASHES, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from rest_framework.renderers import BrowsableAPIRenderer

# Third-party pages whose markup carries inline styles (never inline scripts): DRF's
# browsable API and the Swagger UI of /api/v1/docs/. Only their styles are relaxed.
INLINE_STYLE_VIEWS = {"api:docs"}

# The inline attributes of third-party admin templates, allowed by their exact text and
# nothing else: django-import-export's export page ("Select all" toggle and two styles)
# and django-simple-history's history list.
ADMIN_INLINE_HANDLERS = ("onSelectToggleChange(event)",)
ADMIN_INLINE_STYLES = ("padding: 0;", "font-weight: bold;", "border-top: 0")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


ADMIN_POLICY_UPDATE = {
    "script-src": [UNSAFE_HASHES, *map(_sha256, ADMIN_INLINE_HANDLERS)],
    "style-src": [UNSAFE_HASHES, *map(_sha256, ADMIN_INLINE_STYLES)],
}


def client_ip(request) -> str:
    """The address the nearest trusted proxy saw (X-Forwarded-For is appended to by each
    proxy, so entries further left may be forged by the client); REMOTE_ADDR without one.

    The same rule as DRF's NUM_PROXIES, so sign-in lockouts and API throttles agree.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if not forwarded:
        return remote
    return forwarded[-min(count, len(forwarded))]


def _needs_inline_styles(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in INLINE_STYLE_VIEWS:
        return True
    return isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer)


def _is_admin(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "admin"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the narrow exceptions third-party pages need: inline
    styles (never scripts) on the API's docs and browsable pages, and the admin's few
    inline attributes by their hashes."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if _needs_inline_styles(request, response):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        elif _is_admin(request):
            parts.update = {**(parts.update or {}), **ADMIN_POLICY_UPDATE}
        return parts
