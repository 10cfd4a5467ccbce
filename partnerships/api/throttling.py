"""Rate limits read from settings at request time (DRF's own classes read them at import),
so API_THROTTLE_ANON / API_THROTTLE_USER and overridden settings in tests both apply."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def _rate(scope):
    rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {})
    return rates.get(scope)


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return _rate(self.scope)


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return _rate(self.scope)
