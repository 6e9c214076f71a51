"""Who may do what in care records, beyond seeing the petition (``petitions.scope``)."""

from organisations.models import Role, UnitType
from organisations.selectors import staff_context
from petitions.models import PetitionAccess

STAFF_ROLES = tuple(r for r in Role.values if r not in (Role.LAWYER, Role.SYSADMIN))


def can_manage_care(user, task) -> bool:
    """Staff of the locality's 政法委 or of a 政法委 above it."""
    ctx = staff_context(user)
    return any(
        u.type == UnitType.COMMITTEE and task.committee.path.startswith(u.path) for u in ctx.scope_units
    )


def _committee_sees(ctx, petition) -> bool:
    """Whether one of the user's 政法委 units sees the petition: by region or by its own units' access."""
    committees = [u for u in ctx.scope_units if u.type == UnitType.COMMITTEE]
    if not committees:
        return False
    regions = [petition.problem_region_id, petition.residence_region_id]
    for unit in committees:
        lo, hi = unit.region.code_range()
        if any(code and lo <= code <= hi for code in regions):
            return True
    paths = [u.path for u in committees]
    units = PetitionAccess.objects.filter(petition=petition, unit__isnull=False).values_list(
        "unit__path", flat=True
    )
    return any(p.startswith(root) for p in units for root in paths)


def can_read_counselling(user, session) -> bool:
    """The counsellor, the head of the petition's handling unit, and the 政法委 that sees the petition. Callers
    have already checked that the user sees the petition."""
    if not user.is_authenticated:
        return False
    if session.counsellor_id == user.pk:
        return True
    ctx = staff_context(user)
    petition = session.petition
    if petition.handling_unit_id and ctx.has_role(Role.UNIT_HEAD, petition.handling_unit):
        return True
    return _committee_sees(ctx, petition)
