"""Who may see and manage reception records: staff of the record's unit or a unit above it (the same unit
subtree the petition scope uses); a lawyer sees their own roster entry, duties and assignments only."""

from django.db.models import Q, QuerySet

from organisations.models import Role, Unit
from organisations.selectors import staff_context

MANAGE_ROLES = (Role.RECEPTION, Role.UNIT_HEAD, Role.SUPERVISOR)


def unit_ids(user) -> list[int]:
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return staff_context(user).scope_unit_ids


def managed_unit_ids(user) -> list[int]:
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_reception_managed", None)
    if cached is not None:
        return cached
    ctx = staff_context(user)
    units = ctx.units_with(*MANAGE_ROLES)
    ids: list[int] = []
    if units:
        condition = Q()
        for unit in units:
            condition |= Q(path__startswith=unit.path)
        ids = list(Unit.objects.filter(condition).values_list("pk", flat=True))
    user._reception_managed = ids
    return ids


def can_manage(user, unit) -> bool:
    return unit is not None and unit.pk in managed_unit_ids(user)


def managed_units(user) -> QuerySet:
    return Unit.objects.filter(pk__in=managed_unit_ids(user)).order_by("path")


def in_scope(
    user, queryset: QuerySet, *, unit_field: str = "unit", lawyer_field: str | None = None
) -> QuerySet:
    condition = Q(**{f"{unit_field}__in": unit_ids(user)})
    if lawyer_field and user is not None and user.is_authenticated:
        condition |= Q(**{f"{lawyer_field}__user": user})
    return queryset.filter(condition)
