"""司法救助 reads: applications are visible iff their petition is (``petitions.scope``)."""

from django.db.models import QuerySet
from django.http import Http404

from aid.models import AidApplication, AidApprovalLevel, AidBudget
from organisations.selectors import staff_context
from petitions.scope import visible_petitions


def application_list(user) -> QuerySet:
    return AidApplication.objects.filter(petition__in=visible_petitions(user).values("pk")).select_related(
        "petition", "unit"
    )


def get_visible_application(user, pk) -> AidApplication:
    try:
        return application_list(user).get(pk=pk)
    except (AidApplication.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def approval_levels_for(user) -> QuerySet:
    """The approval chains of the user's units and the units beneath them (no rows: one step by the 部门负责人)."""
    ids = staff_context(user).scope_unit_ids
    return (
        AidApprovalLevel.objects.filter(unit_id__in=ids)
        .select_related("unit")
        .order_by("unit__path", "level")
    )


def budgets_for(user) -> QuerySet:
    """The budgets of the user's units and the units beneath them."""
    ids = staff_context(user).scope_unit_ids
    return AidBudget.objects.filter(unit_id__in=ids).select_related("unit").order_by("-year", "unit__path")
