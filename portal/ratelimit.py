"""Per-client rate limits on submissions and query-code lookups (cache counters in fixed one-hour windows).

The numbers are settings (``PORTAL_RATE_LIMITS``) and are explained in docs/portal.md: with the defaults a client
address gets 20 lookups an hour, and one registration number takes 10 failed lookups an hour from all addresses
together, so guessing a 12-character query code (32**12 ≈ 1.2·10**18 codes) is impractical. ``PORTAL_RATE_LIMITS
= {}`` switches them off (benchmarks only).
"""

import time

from django.conf import settings
from django.core.cache import cache

from audit.client import client_of

DEFAULTS = {
    "submit": (10, 3600),  # submissions per client address per hour
    "lookup": (20, 3600),  # tracking lookups (right or wrong) per client address per hour
    "lookup_number": (10, 3600),  # failed lookups of one registration number per hour, all clients together
}


def limits() -> dict:
    configured = getattr(settings, "PORTAL_RATE_LIMITS", None)
    return DEFAULTS if configured is None else configured


def client_key(request) -> str:
    return client_of(request).address or "unknown"


def hit(scope: str, who: str) -> bool:
    """Count one attempt; False when the client has used up ``scope`` in the current window."""
    rule = limits().get(scope)
    if rule is None:
        return True
    allowed, window = rule
    key = f"portal:rl:{scope}:{who}:{int(time.time()) // window}"
    if cache.add(key, 1, window + 60):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window + 60)
            count = 1
    return count <= allowed


def exhausted(scope: str, who: str) -> bool:
    """Whether ``scope`` is used up for ``who``, without counting an attempt."""
    rule = limits().get(scope)
    if rule is None:
        return False
    allowed, window = rule
    return (cache.get(f"portal:rl:{scope}:{who}:{int(time.time()) // window}") or 0) >= allowed
