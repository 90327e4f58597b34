"""Requests per client for the open-data API, counted in the default cache (config/cache.py:
Redis in production, so every worker process counts together).

A client is its address as django-ninja reads it (NINJA_NUM_PROXIES says how many proxies'
X-Forwarded-For entries to trust). The rate is read from ``OPENDATA_THROTTLE_RATE`` on every
request, so a deployment (or a test) sets it without reloading code. A cache that cannot be
reached answers "not cached" (config.cache degrades), so an outage lets requests through
rather than refusing them all."""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

DEFAULT_RATE = "120/m"


class ClientRateThrottle(SimpleRateThrottle):
    scope = "opendata"

    def __init__(self) -> None:
        super().__init__(rate=DEFAULT_RATE)

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, "OPENDATA_THROTTLE_RATE", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
