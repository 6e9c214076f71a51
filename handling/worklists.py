"""Worklists per role (待甄别, 待签收, 我承办的, 即将到期, 已逾期, 待审批), inside the user's scope.

Each is a queryset over ``visible_petitions``; the navigation shows their counts.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.navigation import BADGE_CAP
from handling.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    AssignmentStatus,
    Extension,
    ExtensionStatus,
    Reply,
    ReplyStatus,
    TerminationCase,
    TerminationStatus,
)
from handling.selectors import LATEST_FIRST
from organisations.models import Role, Unit, UnitLevel
from organisations.selectors import staff_context
from petitions.models import OPEN_STATES, Petition, State
from petitions.pagination import capped_count
from petitions.scope import visible_petitions


@dataclass(frozen=True)
class Worklist:
    label: str
    roles: tuple[str, ...]
    description: str


WORKLISTS = {
    "screening": Worklist(_("待甄别"), (Role.RECEPTION, Role.UNIT_HEAD, Role.SUPERVISOR), _("已登记、待诉访分离和受理决定的事项")),
    "to-receive": Worklist(_("待签收"), (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD), _("交办到本单位、尚未签收的事项")),
    "mine": Worklist(_("我承办的"), (Role.HANDLER, Role.UNIT_HEAD), _("本单位已签收、正在办理，或已答复待送达、回访、办结的事项")),
    "due-soon": Worklist(_("即将到期"), (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR), _("已进入预警期、尚未到期的事项")),
    "overdue": Worklist(_("已逾期"), (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR, Role.LEADER), _("已超过期限仍未办结的事项")),
    "approvals": Worklist(_("待审批"), (Role.UNIT_HEAD, Role.REVIEWER, Role.OWNER_LEADER, Role.SUPERVISOR), _("延期申请、答复意见书、终结申请")),
}  # fmt: skip


def _units(user, roles) -> list[Unit]:
    return staff_context(user).units_with(*roles)


def _subtree_q(units, field="path") -> Q:
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(**{f"{field}__startswith": unit.path})
    return q


def worklist_queryset(user, name: str) -> QuerySet:
    spec = WORKLISTS[name]
    units = _units(user, spec.roles)
    base = visible_petitions(user).select_related("registered_unit", "handling_unit", "problem_region")
    if not units:
        return base.none()
    ids = [u.pk for u in units]
    now = timezone.now()
    if name == "screening":
        subtree = Unit.objects.filter(_subtree_q(units)).values("pk")
        qs = base.filter(state=State.REGISTERED, registered_unit__in=subtree)
    elif name == "to-receive":
        qs = base.filter(
            pk__in=Assignment.objects.filter(unit_id__in=ids, status=AssignmentStatus.PENDING).values(
                "petition_id"
            )
        )
    elif name == "mine":
        received = Assignment.objects.filter(unit_id__in=ids, status=AssignmentStatus.RECEIVED)
        # once the reply is signed the assignments are completed, but 送达, 回访 and 办结 are still this unit's work
        replied_by = (
            Reply.objects.filter(petition=OuterRef("pk"), status=ReplyStatus.APPROVED)
            .order_by(LATEST_FIRST, "-id")
            .values("unit_id")[:1]
        )
        # the candidates by index first (the unit's received assignments, its signed replies on petitions now
        # replied or followed up): the latest-reply test then runs on those rows, not on every open petition
        candidates = set(received.values_list("petition_id", flat=True))
        candidates.update(
            Reply.objects.filter(
                unit_id__in=ids,
                status=ReplyStatus.APPROVED,
                petition__state__in=(State.REPLIED, State.FOLLOWED_UP),
            ).values_list("petition_id", flat=True)
        )
        qs = (
            base.filter(pk__in=sorted(candidates))
            .alias(replied_by=Subquery(replied_by))
            .filter(
                Q(state__in=OPEN_STATES, pk__in=received.values("petition_id"))
                | Q(state__in=(State.REPLIED, State.FOLLOWED_UP), replied_by__in=ids)
            )
        )
    elif name == "due-soon":
        qs = base.filter(warn_at__lte=now, due_at__gte=now, state__in=OPEN_STATES)
    elif name == "overdue":
        qs = base.filter(due_at__lt=now, state__in=OPEN_STATES)
    elif name == "approvals":
        qs = base.filter(approval_q(user))
    else:  # pragma: no cover - WORKLISTS and this function are kept in step
        raise KeyError(name)
    order = ["due_at", "-registered_at"] if name in ("due-soon", "overdue") else ["-registered_at"]
    return qs.order_by(*order)


def _below_q(units) -> Q:
    """Units strictly beneath any of ``units`` (a unit does not approve what it proposed itself)."""
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(path__startswith=unit.path) & ~Q(pk=unit.pk)
    return q


def approval_q(user) -> Q:
    """What waits for this user's decision: the roles and units of the lifecycle's approval actions.

    One ``pk IN (… UNION …)`` of the pending records' petitions, so that the petitions are looked up by key
    rather than scanned with one hashed sub-query per kind of approval."""
    ctx = staff_context(user)
    pending = []
    heads = [u.pk for u in ctx.units_with(Role.UNIT_HEAD)]
    if heads:  # 审批延期, 审批答复意见书: the head of the handling unit
        handling = Assignment.objects.filter(unit_id__in=heads, status__in=ACTIVE_ASSIGNMENT).values(
            "petition_id"
        )
        pending.append(Extension.objects.filter(status=ExtensionStatus.PENDING, petition__in=handling))
        pending.append(Reply.objects.filter(status=ReplyStatus.DRAFT, unit_id__in=heads))
    # 终结: 合议审查 and 领导签批 above the proposing unit, 审核批准 by a province-level unit
    steps = (
        (TerminationStatus.PROPOSED, (Role.REVIEWER, Role.UNIT_HEAD), False),
        (TerminationStatus.REVIEWED, (Role.OWNER_LEADER, Role.UNIT_HEAD), False),
        (TerminationStatus.SIGNED, (Role.SUPERVISOR, Role.UNIT_HEAD), True),
    )
    for status, roles, province_only in steps:
        units = ctx.units_with(*roles)
        if province_only:
            units = [u for u in units if u.level == UnitLevel.PROVINCE]
        if not units:
            continue
        proposers = Unit.objects.filter(_subtree_q(units) if province_only else _below_q(units)).values("pk")
        pending.append(TerminationCase.objects.filter(status=status, proposing_unit__in=proposers))
    if not pending:
        return Q(pk__in=[])
    ids = [qs.values("petition_id").order_by() for qs in pending]
    return Q(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])


def worklist_count(user, name: str) -> int:
    """The navigation badge: a bounded count (``BADGE_CAP`` rows at most), fresh on every page."""
    return capped_count(worklist_queryset(user, name), BADGE_CAP)


def open_petitions():
    return Petition.objects.filter(state__in=OPEN_STATES)
