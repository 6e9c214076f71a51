"""Reads of the audit log: who may see it, and the filtered entries (page, export and API share them)."""

from django.http import Http404

from audit.filtersets import AuditFilterSet
from audit.models import AuditEntry
from core.errors import InvalidInput
from organisations.models import Role

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 100_000


def is_audit_admin(user) -> bool:
    """System administrators only: a superuser, or a user holding the 系统管理员 role in an active unit."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from organisations.selectors import staff_context

    return staff_context(user).has_role(Role.SYSADMIN)


def require_audit_admin(user) -> None:
    """Everyone else is told the page does not exist."""
    if not is_audit_admin(user):
        raise Http404


def audit_filterset(user, params) -> AuditFilterSet:
    require_audit_admin(user)
    queryset = AuditEntry.objects.select_related("actor").order_by("-seq")
    return AuditFilterSet(params, queryset=queryset)


def audit_entries(user, params):
    """The entries matching ``params`` (newest first); refused with field errors when a filter is invalid."""
    filterset = audit_filterset(user, params)
    if not filterset.is_valid():
        raise InvalidInput({k: list(v) for k, v in filterset.errors.items()})
    return filterset.qs


def audit_page(queryset, before: str | None) -> tuple[list[AuditEntry], int | None]:
    """One page by keyset (entries older than sequence ``before``): no count over a table that only grows.
    Returns the entries and the ``before`` value of the next page (None on the last)."""
    if before:
        if not before.isdigit():
            raise InvalidInput({"before": ["分页参数无效。"]})
        queryset = queryset.filter(seq__lt=int(before))
    rows = list(queryset[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (rows[-1].seq if more and rows else None)
