"""How often one client may call the API: GLAS_API_RATE per client address."""

from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from core import ratelimit


class ClientRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, with the rate read from the settings at each request (so that a
    test or a deployment can change it without a reload) and the client address that the
    comment rate limits use (core/ratelimit.py), which knows which proxies to trust."""

    scope = "anon"

    def get_rate(self) -> str | None:
        return getattr(settings, "GLAS_API_RATE", None)

    def get_ident(self, request: Any) -> str:
        return ratelimit.client_ip(request)
