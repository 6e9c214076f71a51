"""A per-client rate limit through the cache (fixed window): the public booking pages use it."""

from django.conf import settings
from django.core.cache import cache


def client_key(request) -> str:
    count = getattr(settings, "XINFANG_PROXY_COUNT", 0)
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def allow(request, bucket: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt; False once the client has made ``limit`` attempts in the current window."""
    key = f"reception-rl:{bucket}:{client_key(request)}"
    if cache.add(key, 1, seconds):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return True
