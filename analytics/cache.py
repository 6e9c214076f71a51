"""A short-lived cache of computed figures, keyed so that a hit is always as exact as a fresh computation.

The key holds the data version (``DataVersion``, bumped by database triggers when any petition, access row,
tag, unit, region, membership or campaign changes — see migration 0004), who asks (the user, or the report's
scope), the filter, the language, and the current window of ``XINFANG_ANALYTICS_CACHE_SECONDS`` (default 300;
0 turns the cache off). Within a window nothing but the clock can change a figure: “overdue” is judged at
the moment the figures were computed, which the page shows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from analytics.models import DataVersion
from analytics.selectors import ProvinceScope, StatsFilter, UnitScope

PREFIX = "xinfang:analytics:"


def cache_seconds() -> int:
    return int(getattr(settings, "XINFANG_ANALYTICS_CACHE_SECONDS", 300))


def data_version() -> int | None:
    return DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def who_key(who) -> str:
    if isinstance(who, ProvinceScope):
        return "province"
    if isinstance(who, UnitScope):
        return f"unit:{who.unit.pk}"
    return f"user:{who.pk}"


def cached(kind: str, who, f: StatsFilter, extra: dict, compute: Callable[[], dict]) -> dict:
    """``compute()``, or the value computed for the same question under the same data version."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    version = data_version()
    if version is None:  # the version row is gone (e.g. a flushed test database): no cache
        return compute()
    window = int(timezone.now().timestamp()) // seconds
    question = [kind, version, who_key(who), f.params(), extra, translation.get_language(), window]
    key = PREFIX + hashlib.sha256(json.dumps(question, sort_keys=True).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
