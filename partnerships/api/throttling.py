"""Rate limits read from settings at request time (DRF's own classes read them at import),
so API_THROTTLE_ANON / API_THROTTLE_USER and overridden settings in tests both apply.

Counters live in the shared cache, so a limit counts across every server; while Redis
does not answer they are counted per process rather than silently not at all.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from ..cache import SharedOrLocal


def _rate(scope):
    rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {})
    return rates.get(scope)


class AnonThrottle(AnonRateThrottle):
    cache = SharedOrLocal()

    def get_rate(self):
        return _rate(self.scope)


class UserThrottle(UserRateThrottle):
    cache = SharedOrLocal()

    def get_rate(self):
        return _rate(self.scope)
