"""A short-lived cache of computed figures, keyed so that a hit is always as exact as a fresh computation.

The key holds the data version of the asker's scope (``scope_version``), who asks (the user, or the report's
scope), the filter, the language, and the current window of ``XINFANG_ANALYTICS_CACHE_SECONDS`` (default 300;
0 turns the cache off). Within a window nothing but the clock can change a figure: “overdue” is judged at
the moment the figures were computed, which the page shows.

A scope's version is the global ``DataVersion`` (bumped when units, regions, memberships, tags or campaigns
change) with the sum of the ``RegionVersion`` rows of the regions the scope spans: its 政法委's region range
and the regions of the units of its subtree. Database triggers (migration 0007) bump, when a writing
transaction commits, the regions of every petition it changed — problem and residence region, and the
regions of the units on its access rows — so any change to a petition the scope can see raises the sum
(versions only grow), while a write in another city leaves it, and the city's warm figures, alone. Whoever
holds personal access rows or grants (a lawyer, a 代办员) may see petitions anywhere: their key spans every
region, and a change to a personal access row or a 代办 grant (care/migrations/0002) bumps the global version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Func, Q, Subquery
from django.utils import timezone, translation

from analytics.models import DataVersion, RegionVersion
from analytics.selectors import ProvinceScope, StatsFilter, UnitScope, scope_units_and_ranges
from organisations.models import Unit
from petitions.models import PetitionAccess
from petitions.scope import granted_petitions

PREFIX = "xinfang:analytics:"


def cache_seconds() -> int:
    return int(getattr(settings, "XINFANG_ANALYTICS_CACHE_SECONDS", 300))


def data_version() -> int | None:
    return DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def _regions_q(who) -> Q | None:
    """The ``RegionVersion`` rows of the regions ``who``'s scope spans; ``None``: every region."""
    if isinstance(who, ProvinceScope):
        return None
    units, ranges = scope_units_and_ranges(who)
    condition = Q(pk__in=[])
    for lo, hi in ranges:
        condition |= Q(region_id__gte=lo, region_id__lte=hi)
    paths = sorted({u.path for u in units})
    for path in [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]:
        condition |= Q(region_id__in=Unit.objects.filter(path__startswith=path).values("region_id"))
    return condition


def _sum(rows) -> Subquery:
    return Subquery(rows.annotate(total=Func(F("version"), function="SUM")).values("total"))


def _anywhere(who) -> Q | None:
    """Whether ``who`` may see petitions outside the regions of its units (personal access rows, grants)."""
    if isinstance(who, ProvinceScope | UnitScope):
        return None
    condition = Q(Exists(PetitionAccess.objects.filter(user=who.pk)))
    for granted in granted_petitions(who):
        condition |= Q(Exists(granted))
    return condition


def scope_version(who) -> tuple[int, int] | None:
    """``who``'s data version, in one query: the global version and the sum of the versions of the regions
    its scope spans (of every region for a scope that may see petitions anywhere); ``None`` when the global
    version row is missing (e.g. a flushed test database)."""
    regions, anywhere = _regions_q(who), _anywhere(who)
    every = _sum(RegionVersion.objects.all())
    regional = every if regions is None else _sum(RegionVersion.objects.filter(regions))
    found = (
        DataVersion.objects.filter(pk=1)
        .annotate(
            regional=regional,
            every=every,
            anywhere=ExpressionWrapper(anywhere or Q(pk__in=[]), output_field=BooleanField()),
        )
        .values_list("version", "regional", "every", "anywhere")
        .first()
    )
    if found is None:
        return None
    version, regional_total, every_total, anywhere_found = found
    return version, (every_total if anywhere_found else regional_total) or 0


def who_key(who) -> str:
    if isinstance(who, ProvinceScope):
        return "province"
    if isinstance(who, UnitScope):
        return f"unit:{who.unit.pk}"
    return f"user:{who.pk}"


def cached(kind: str, who, f: StatsFilter | None, extra: dict, compute: Callable[[], dict]) -> dict:
    """``compute()``, or the value computed for the same question under the same data version. ``f``: the
    statistics filter, if the figures have one (the home page's totals span the whole scope)."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    version = scope_version(who)
    if version is None:  # the version row is gone (e.g. a flushed test database): no cache
        return compute()
    window = int(timezone.now().timestamp()) // seconds
    question = [
        kind,
        version,
        who_key(who),
        f.params() if f else None,
        extra,
        translation.get_language(),
        window,
    ]
    key = PREFIX + hashlib.sha256(json.dumps(question, sort_keys=True).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
