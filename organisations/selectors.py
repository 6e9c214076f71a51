"""Reads about units and roles, shared by scope checks, forms and views."""

from functools import cached_property

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_delete, post_save

from core import reference_cache
from organisations.models import Membership, Region, Role, Unit, UnitType

# which region codes exist: what a registration checks its regions against, kept in the shared cache outside
# transactions under a generation that any change to a region retires, at once and after the commit
REGION_CODES_KEY = "organisations:region-codes:v2"
REGION_CODES_SECONDS = 300


class StaffContext:
    """What a user is: their memberships, resolved once per request and cached on the user object."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def memberships(self) -> list[Membership]:
        if not self.user.is_authenticated:
            return []
        return list(
            Membership.objects.filter(user=self.user, unit__is_active=True)
            .select_related("unit", "unit__region")
            .order_by("unit__path", "role")
        )

    @cached_property
    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    def units_with(self, *roles: str) -> list[Unit]:
        seen, units = set(), []
        for m in self.memberships:
            if m.role in roles and m.unit_id not in seen:
                seen.add(m.unit_id)
                units.append(m.unit)
        return units

    def has_role(self, role: str, unit: Unit | None = None) -> bool:
        return any(m.role == role and (unit is None or m.unit_id == unit.pk) for m in self.memberships)

    @cached_property
    def primary_unit(self) -> Unit | None:
        return self.memberships[0].unit if self.memberships else None

    @cached_property
    def scope_units(self) -> list[Unit]:
        """Units whose subtree the user sees petitions of (every staff role but lawyer and sysadmin)."""
        return self.units_with(*(r for r in Role.values if r not in (Role.LAWYER, Role.SYSADMIN)))

    @cached_property
    def scope_unit_ids(self) -> list[int]:
        paths = sorted({u.path for u in self.scope_units})
        roots = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
        if not roots:
            return []
        ids: list[int] = []
        for path in roots:
            ids.extend(Unit.objects.filter(path__startswith=path).values_list("pk", flat=True))
        return ids

    @cached_property
    def committee_region_ranges(self) -> list[tuple[str, str]]:
        """Region code ranges in which the user's 政法委 sees every petition."""
        return sorted({u.region.code_range() for u in self.scope_units if u.type == UnitType.COMMITTEE})


def staff_context(user) -> StaffContext:
    ctx = getattr(user, "_xinfang_staff", None)
    if ctx is None:
        ctx = StaffContext(user)
        if user is not None:
            user._xinfang_staff = ctx
    return ctx


def existing_region_codes(codes) -> set[str]:
    """Which of ``codes`` are known regions. Outside a transaction each code's answer comes from the shared cache,
    one small entry per code (the country's 3,000-odd codes as one set would be unpickled whole on every
    registration); a code not found there is looked up afresh (a region just added by a bulk load, which sends
    no signal, is never refused), as is everything inside a transaction."""
    codes = {code for code in codes if code}
    cacheable = bool(codes) and not connection.in_atomic_block
    found = set()
    if cacheable:
        generation = reference_cache.generation(REGION_CODES_KEY, REGION_CODES_SECONDS)
        keys = {f"{REGION_CODES_KEY}:{generation}:{code}": code for code in codes}
        found = {keys[key] for key in cache.get_many(list(keys))}
    if missing := codes - found:
        fresh = set(Region.objects.filter(code__in=missing).values_list("code", flat=True))
        if cacheable and fresh:
            cache.set_many(
                {f"{REGION_CODES_KEY}:{generation}:{code}": 1 for code in fresh}, REGION_CODES_SECONDS
            )
        found |= fresh
    return found


def forget_region_codes(sender=None, **kwargs) -> None:
    reference_cache.forget(REGION_CODES_KEY)


def connect_cache_invalidation() -> None:
    post_save.connect(forget_region_codes, sender=Region, dispatch_uid="organisations_region_codes_saved")
    post_delete.connect(forget_region_codes, sender=Region, dispatch_uid="organisations_region_codes_deleted")


def region_exists(code: str) -> bool:
    return Region.objects.filter(code=code).exists()


def regions_within(code: str):
    from organisations.models import region_code_range

    lo, hi = region_code_range(code)
    return Region.objects.filter(code__gte=lo, code__lte=hi)
