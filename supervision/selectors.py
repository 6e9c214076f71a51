"""Reads of 包案 and 督办, shared by the pages, the API, the ledgers and other apps (circulars)."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from organisations.models import Membership, Unit, User, region_code_range
from organisations.selectors import staff_context
from petitions.models import Petition
from petitions.scope import visible_petitions
from supervision.models import (
    AreaAssignment,
    OwnershipPlan,
    PlanStatus,
    Supervision,
    SupervisionReport,
    SupervisionStatus,
)
from supervision.services import today

PAGE_SIZE = 50
SORTS = {
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "-created": ("-created_at", "-id"),
}


def idle_days() -> int:
    return int(getattr(settings, "XINFANG_OWNER_IDLE_DAYS", 15))


def _subtree_q(units: Iterable[Unit], field: str) -> Q:
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(**{f"{field}__startswith": unit.path})
    return q


def _visible_ids(user, petition_ids) -> set[int]:
    return set(
        visible_petitions(user, Petition.objects.filter(pk__in=set(petition_ids))).values_list(
            "pk", flat=True
        )
    )


# ------------------------------------------------------------------ 包案


def plans_visible(user) -> QuerySet:
    return OwnershipPlan.objects.filter(petition__in=visible_petitions(user).values("pk"))


def get_plan(user, pk) -> OwnershipPlan:
    from django.http import Http404

    try:
        return plans_visible(user).select_related("petition").get(pk=pk)
    except (OwnershipPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def my_plans(user) -> list[OwnershipPlan]:
    """我包案的: the active plans the user holds a role in, idle ones flagged."""
    mine = Q()
    for field in OwnershipPlan.ROLE_FIELDS:
        mine |= Q(**{field: user})
    plans = list(
        OwnershipPlan.objects.filter(mine, status=PlanStatus.ACTIVE)
        .select_related("petition", "owner_leader", "owner_officer", "co_owner_leader")
        .order_by("target_date", "id")[:200]
    )
    visible = _visible_ids(user, [p.petition_id for p in plans])
    plans = [p for p in plans if p.petition_id in visible]
    flag_idle(plans)
    return plans


def flag_idle(plans) -> None:
    cutoff = timezone.now() - dt.timedelta(days=idle_days())
    for plan in plans:
        plan.is_idle = plan.status == PlanStatus.ACTIVE and plan.last_action_at < cutoff
        plan.idle_days = (timezone.now() - plan.last_action_at).days


def plan_rows_hook(petitions) -> None:
    """Row hook for petition lists: 包案 and idle marks in one query."""
    ids = [p.pk for p in petitions]
    if not ids:
        return
    plans = {
        p.petition_id: p
        for p in OwnershipPlan.objects.filter(petition_id__in=ids, status=PlanStatus.ACTIVE).only(
            "petition_id", "status", "last_action_at"
        )
    }
    flag_idle(plans.values())
    for p in petitions:
        plan = plans.get(p.pk)
        p.owned = plan is not None
        p.owner_idle = bool(plan and plan.is_idle)


# ------------------------------------------------------------------ 督办


def _role_rule(user) -> Q:
    """My app's rule: supervisions given or received by the user's units (or beneath them), and for a 政法委
    those received by units in its region."""
    ctx = staff_context(user)
    units = ctx.scope_units
    q = _subtree_q(units, "supervising_unit__path") | _subtree_q(units, "supervised_unit__path")
    for lo, hi in ctx.committee_region_ranges:
        q |= Q(supervised_unit__region_id__gte=lo, supervised_unit__region_id__lte=hi)
    return q


def supervisions_visible(user) -> QuerySet:
    return Supervision.objects.filter(_role_rule(user), petition__in=visible_petitions(user).values("pk"))


def get_supervision(user, pk) -> Supervision:
    from django.http import Http404

    try:
        return (
            supervisions_visible(user)
            .select_related("petition", "supervising_unit", "supervised_unit")
            .get(pk=pk)
        )
    except (Supervision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def supervision_board(user, *, filters: dict | None = None, sort: str = "deadline", after: str = "",
                      limit: int = PAGE_SIZE) -> dict:  # fmt: skip
    """The supervisor's board: one bounded keyset page of the supervised cases in the user's scope.

    The page is read by the role rule (supervising or supervised unit within the user's units, an index scan in
    deadline order) with its last report and owner; the page's petitions are then checked against
    ``visible_petitions``, which grants every such unit access anyway, so the check costs one bounded query. Two
    queries beyond the user's memberships and subtree (which the navigation reads anyway): folding the scope
    check into the page's query instead makes PostgreSQL plan for 20–30 ms."""
    filters = filters or {}
    on = today()
    qs = Supervision.objects.filter(_role_rule(user))
    status = filters.get("status", "open")
    if status in SupervisionStatus.values:
        qs = qs.filter(status=status)
    if filters.get("level"):
        qs = qs.filter(level=filters["level"])
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("overdue"):
        qs = qs.filter(status=SupervisionStatus.OPEN, deadline__lt=on)
    if filters.get("rectification"):
        qs = qs.filter(rectification=True)
    if filters.get("on_site"):
        qs = qs.filter(on_site=True)
    if filters.get("unit"):
        qs = qs.filter(supervised_unit_id=filters["unit"])
    order = SORTS.get(sort, SORTS["deadline"])
    if after:
        qs = qs.filter(_after_q(order, after))
    # the last report and the owner (包案领导, one plan per petition) in the same query: sub-selects run for the
    # page's rows only, after the sort and the limit
    last_report = (
        SupervisionReport.objects.filter(supervision=OuterRef("pk"))
        .order_by()
        .values("supervision")
        .annotate(at=Max("submitted_at"))
        .values("at")
    )
    plan = OwnershipPlan.objects.filter(petition=OuterRef("petition_id"))
    rows = list(
        qs.select_related("petition", "supervised_unit", "supervising_unit")
        .only(*BOARD_FIELDS)
        .annotate(
            last_report_at=Subquery(last_report),
            owner_username=Subquery(plan.values("owner_leader__username")),
            owner_full_name=Subquery(plan.values("owner_leader__full_name")),
        )
        .order_by(*order)[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    visible = _visible_ids(user, [s.petition_id for s in rows])
    rows = [s for s in rows if s.petition_id in visible]
    for s in rows:
        s.owner = User(username=s.owner_username, full_name=s.owner_full_name) if s.owner_username else None
        s.days_overdue = (on - s.deadline).days if s.status == "open" and s.deadline < on else 0
    cursor = ""
    if more and rows:
        last = rows[-1]
        value = (
            last.deadline.isoformat() if order[0].lstrip("-") == "deadline" else last.created_at.isoformat()
        )
        cursor = f"{value}|{last.pk}"
    return {"rows": rows, "next": cursor}


BOARD_FIELDS = (
    "id", "petition_id", "supervising_unit_id", "supervised_unit_id", "level", "source", "deadline", "status",
    "rectification", "on_site", "escalation_level", "created_at", "last_activity_at",
    "petition__number", "petition__title", "petition__state",
    "supervised_unit__name", "supervising_unit__name",
)  # fmt: skip


def _after_q(order, cursor: str) -> Q:
    try:
        value, pk = cursor.rsplit("|", 1)
        pk = int(pk)
        field = order[0].lstrip("-")
        value = dt.date.fromisoformat(value) if field == "deadline" else dt.datetime.fromisoformat(value)
    except (ValueError, TypeError):
        return Q()
    if order[0].startswith("-"):
        return Q(**{f"{field}__lt": value}) | Q(**{field: value, "id__lt": pk})
    return Q(**{f"{field}__gt": value}) | Q(**{field: value, "id__gt": pk})


def supervision_detail(sup: Supervision) -> dict:
    return {
        "reports": list(sup.reports.select_related("submitted_by", "reviewed_by")),
        "urges": list(sup.urges.select_related("sent_by", "read_by").order_by("-sent_at")),
        "escalations": list(sup.escalations.select_related("notified_unit").order_by("step")),
        "sheets": list(sup.sheets.select_related("attachment").order_by("-created_at")),
    }


# ------------------------------------------------------------------ 包片


def my_areas(user) -> list[AreaAssignment]:
    return list(AreaAssignment.objects.filter(leader=user, is_active=True).prefetch_related("units"))


def area_board(user) -> dict:
    """包片 board: the overseen units' open cases (bounded) and per-unit figures."""
    from petitions.models import OPEN_STATES

    units = [u for a in my_areas(user) for u in a.units.all()]
    if not units:
        return {"units": [], "figures": [], "cases": []}
    on = today()
    figures = []
    for unit in units:
        sups = Supervision.objects.filter(supervised_unit__path__startswith=unit.path, status="open")
        figures.append(
            {
                "unit": unit,
                "open_cases": visible_petitions(user)
                .filter(handling_unit__path__startswith=unit.path, state__in=OPEN_STATES)
                .count(),
                "supervised": sups.count(),
                "overdue": sups.filter(deadline__lt=on).count(),
                "owned": OwnershipPlan.objects.filter(
                    petition__handling_unit__path__startswith=unit.path, status=PlanStatus.ACTIVE
                ).count(),
            }
        )
    cases = list(
        visible_petitions(user)
        .filter(_subtree_q(units, "handling_unit__path"), state__in=OPEN_STATES)
        .select_related("handling_unit")
        .order_by("due_at", "id")[:PAGE_SIZE]
    )
    return {"units": units, "figures": figures, "cases": cases}


def committee_areas(user) -> QuerySet:
    """The 包片 assignments made by the 政法委 units the user may assign for (``services.area_committees``):
    another committee's assignments are not among them. Active first, then the most recently ended."""
    from supervision.services import area_committees  # noqa: PLC0415

    committees = [c.pk for c in area_committees(user)] if user.is_authenticated else []
    return (
        AreaAssignment.objects.filter(committee_id__in=committees)
        .select_related("leader", "committee", "created_by", "ended_by")
        .prefetch_related("units")
        .order_by("-is_active", "-ended_at", "-created_at", "-id")
    )


def get_committee_area(user, pk) -> AreaAssignment:
    area = committee_areas(user).filter(pk=pk).first()
    if area is None:
        raise Http404
    return area


def area_region_units(committees: Iterable[Unit]) -> QuerySet:
    """Units a committee may put under 包片: its subtree and every unit in its region."""
    q = Q(pk__in=[])
    for committee in committees:
        lo, hi = region_code_range(committee.region_id)
        q |= Q(path__startswith=committee.path) | Q(region_id__gte=lo, region_id__lte=hi)
    return Unit.objects.filter(q, is_active=True).order_by("path")


def area_leader_candidates(committees: Iterable[Unit]) -> QuerySet:
    """Leaders, 包案领导 and 部门负责人 of the units in the committees' regions."""
    from supervision.services import AREA_LEADERS  # noqa: PLC0415

    ids = Membership.objects.filter(role__in=AREA_LEADERS, unit__in=area_region_units(committees)).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username")


# ------------------------------------------------------------------ for other apps (circulars)


def _units_q(units) -> Q:
    return Q(supervised_unit__in=list(units))


def _row(s: Supervision, plan, extra: dict) -> dict:
    owner = plan.owner_leader if plan else None
    return {
        "petition_id": s.petition_id,
        "number": s.petition.number,
        "title": s.petition.title,
        "unit_id": s.supervised_unit_id,
        "unit_name": s.supervised_unit.name,
        "owner_name": (owner.full_name or owner.username) if owner else "",
        "deadline": s.deadline,
        **extra,
    }


def _plans_for(sups) -> dict:
    return {
        p.petition_id: p
        for p in OwnershipPlan.objects.filter(petition_id__in=[s.petition_id for s in sups]).select_related(
            "owner_leader"
        )
    }


def overdue_supervisions(*, units, on: dt.date) -> list[dict]:
    """Supervised cases whose deadline passed by ``on`` and that are not closed, for the given units."""
    sups = list(
        Supervision.objects.filter(_units_q(units), status=SupervisionStatus.OPEN, deadline__lt=on)
        .select_related("petition", "supervised_unit")
        .order_by("deadline", "id")
    )
    plans = _plans_for(sups)
    return [_row(s, plans.get(s.petition_id), {"days_overdue": (on - s.deadline).days}) for s in sups]


def stale_supervisions(*, units, on: dt.date, days: int) -> list[dict]:
    """Supervised open cases with no progress report or owner action for ``days`` days before ``on``."""
    from deadlines.calendar import local_date

    sups = list(
        Supervision.objects.filter(_units_q(units), status=SupervisionStatus.OPEN)
        .select_related("petition", "supervised_unit")
        .order_by("last_activity_at", "id")
    )
    plans = _plans_for(sups)
    rows = []
    for s in sups:
        plan = plans.get(s.petition_id)
        last = s.last_activity_at
        if plan is not None and plan.last_action_at > last:
            last = plan.last_action_at
        since = (on - local_date(last)).days
        if since >= days:
            rows.append(_row(s, plan, {"days_since": since}))
    return rows
