"""What happens next on a petition: who must act, what they must do and by when — read off the lifecycle table.

The line ("待 凉州区人民法院 部门负责人 办结，期限 2027-01-05") is derived, never written per state in a template:
the first *primary* action of the table that the case allows now (its guards pass), the unit standing in that
action's relation to the case and the roles the table names. Where no staff action is due, the petitioner may be
the one to act (a 复查/复核 window still open), or the case only waits to be archived.

``next_steps`` does the same for a page of petitions with a fixed number of queries, so the petition list and
the worklists can show the line on every row.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from deadlines import calendar
from handling import selectors
from handling.lifecycle import ACTIONS, Action, Case
from handling.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    Extension,
    ExtensionStatus,
    Reply,
    ReplyStatus,
    ReviewWaiver,
    TerminationCase,
    TerminationStatus,
)
from organisations.models import Role, UnitLevel
from petitions.models import State
from petitions.selectors import closed_matter_ids

# when no primary action is due: steps that still belong to staff, in this order
FALLBACK = ("record_diversion_outcome", "archive")
NO_NEXT_STEP = (State.ARCHIVED,)


@dataclass(frozen=True)
class NextStep:
    who: str  # the unit(s), or 信访人
    roles: str  # the roles the lifecycle table names, "" for the petitioner
    what: str
    due: object = None  # a date, or None
    by_petitioner: bool = False

    def __str__(self) -> str:
        head = " ".join(part for part in (_("待"), self.who, self.roles, self.what) if part)
        if self.due is None:
            return head
        if self.by_petitioner:
            return _("%(head)s，可至 %(due)s") % {"head": head, "due": self.due.isoformat()}
        return _("%(head)s，期限 %(due)s") % {"head": head, "due": self.due.isoformat()}


def _role_names(roles) -> str:
    return _joined_role_names(tuple(roles), get_language())


@lru_cache(maxsize=256)
def _joined_role_names(roles: tuple, language: str) -> str:  # a list page asks for the same few on every row
    return "/".join(str(Role(r).label) for r in roles)


def _units_for(case: Case, relation: str) -> list:
    """The units that stand in ``relation`` to the case (the table's relation, read from the case's side)."""
    p = case.petition
    if relation in ("intake", "intake_or_handling"):
        return [p.registered_unit]
    if relation == "assignee":
        return [a.unit for a in case.assignments if a.status == "pending"]
    if relation == "handling":
        units = [a.unit for a in case.assignments if a.pk and a.unit_id in case.handling_unit_ids]
        if not units and not case.has_active_lead and case.latest_reply is not None:
            units = [case.latest_reply.unit]
        return units
    anchor = case.anchor_unit
    if relation == "assigner":
        return [anchor] if anchor is not None else []
    if relation == "superior":
        parent = anchor.parent if anchor is not None else None
        return [parent] if parent is not None else []
    if relation == "province":
        province = _province_above(anchor)
        return [province] if province is not None else []
    return []


def _province_above(unit):
    while unit is not None and unit.level != UnitLevel.PROVINCE:
        unit = unit.parent
    return unit


def _staff_step(case: Case, action: Action, due=None) -> NextStep | None:
    units = _units_for(case, action.relation)
    if not units:
        return None
    names = "、".join(dict.fromkeys(u.name for u in units))
    return NextStep(who=names, roles=_role_names(action.roles), what=str(action.label), due=due)


def _passes(action: Action, case: Case) -> bool:
    return case.petition.state in action.sources and all(guard(case) is None for guard in action.guards)


def next_step(petition, case: Case | None = None) -> NextStep | None:
    """Who must act next on ``petition``, what and by when; None once nothing is left to do."""
    if petition.state in NO_NEXT_STEP:
        return None
    case = case or Case(petition)
    due = calendar.local_date(petition.due_at) if petition.due_at else None
    for action in ACTIONS.values():
        if action.primary and _passes(action, case):
            step = _staff_step(case, action, due)
            if step is not None:
                return step
    right = case.review_right if petition.state == State.CLOSED else None
    if right is not None and right.open_on(case.today):
        what = _("决定是否申请复查") if right.level == 1 else _("决定是否申请复核")
        return NextStep(who=_("信访人"), roles="", what=str(what), due=right.last_day, by_petitioner=True)
    for name in FALLBACK:
        action = ACTIONS[name]
        if _passes(action, case):
            step = _staff_step(case, action, due)
            if step is not None:
                return step
    return None


class _Page:
    """The lifecycle records of a page of petitions, loaded one kind at a time for the whole page, the first time
    any row's check asks for that kind: a page whose rows never reach a guard that reads extensions, say, runs no
    extension query (an archived row reads nothing; a registered one no reply)."""

    def __init__(self, petitions):
        self.petitions = petitions
        self.ids = [p.pk for p in petitions]
        self._loaded: dict[str, dict] = {}

    def get(self, key: str, petition):
        if key not in self._loaded:
            self._loaded[key] = getattr(self, f"_load_{key}")()
        return self._loaded[key].get(petition.pk)

    def _load_assignments(self) -> dict:
        by_petition = defaultdict(list)
        assignments = Assignment.objects.filter(
            petition_id__in=self.ids, status__in=ACTIVE_ASSIGNMENT
        ).select_related("unit__parent__parent__parent")
        for a in assignments:
            by_petition[a.petition_id].append(a)
        return {pk: by_petition[pk] for pk in self.ids}

    def _load_ext(self) -> dict:
        return _first_per_petition(
            Extension.objects.filter(petition_id__in=self.ids, status=ExtensionStatus.PENDING)
        )

    @cached_property
    def _replies(self) -> dict:
        """The latest draft and the latest signed reply of each petition, in one query for both kinds."""
        by_status: dict[str, dict] = {"draft": {}, "reply": {}}
        replies = (
            Reply.objects.filter(
                petition_id__in=self.ids, status__in=(ReplyStatus.DRAFT, ReplyStatus.APPROVED)
            )
            .select_related("unit__parent__parent__parent")
            .order_by(selectors.LATEST_FIRST, "-id")
        )
        for r in replies:
            by_status["draft" if r.status == ReplyStatus.DRAFT else "reply"].setdefault(r.petition_id, r)
        return by_status

    def _load_draft(self) -> dict:
        return self._replies["draft"]

    def _load_reply(self) -> dict:
        return self._replies["reply"]

    def _load_term(self) -> dict:
        terminations = TerminationCase.objects.filter(petition_id__in=self.ids).exclude(
            status__in=(TerminationStatus.APPROVED, TerminationStatus.REJECTED)
        )
        return _first_per_petition(terminations)

    def _load_closed_matter(self) -> dict:
        closed = closed_matter_ids(self.petitions)
        return {pk: pk in closed for pk in self.ids}

    def _load_review_right(self) -> dict:
        waived = set(
            ReviewWaiver.objects.filter(petition_id__in=self.ids).values_list("petition_id", "level")
        )
        return {
            p.pk: selectors.review_right(p, self.get("reply", p), waived=(p.pk, p.review_level + 1) in waived)
            for p in self.petitions
        }


def _first_per_petition(rows) -> dict:
    first: dict = {}
    for row in rows:
        first.setdefault(row.petition_id, row)
    return first


class _PageCase(Case):
    """A row's ``Case`` whose lifecycle records come from the page's one query per kind."""

    PAGE_KEYS = frozenset(name.removeprefix("_load_") for name in vars(_Page) if name.startswith("_load_"))

    def __init__(self, petition, page: _Page):
        super().__init__(petition)
        self._page = page

    def _get(self, key, loader):
        if key in self.PAGE_KEYS and key not in self._cache:
            self._cache[key] = self._page.get(key, self.petition)
        return super()._get(key, loader)


def next_steps(petitions) -> dict[int, NextStep | None]:
    """``next_step`` for each of ``petitions`` (a page: a list), loading the lifecycle records of all of them
    in one query per kind (and only the kinds the rows' checks ask for) instead of several per row."""
    petitions = list(petitions)
    if not petitions:
        return {}
    page = _Page(petitions)
    return {p.pk: next_step(p, _PageCase(p, page)) for p in petitions}


def attach_next_steps(petitions) -> list:
    """Set ``next_step`` on each petition of a page (for templates) and return them as a list."""
    petitions = list(petitions)
    steps = next_steps(petitions)
    for p in petitions:
        p.next_step = steps.get(p.pk)
    return petitions
