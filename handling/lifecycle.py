"""The petition lifecycle in one table: states, actions, who may take them, from where, and guards.

Each ``Action`` names the states it starts from, the state it leads to (None: the state stays, or the service
decides between the listed targets), the roles that may take it, the *relation* the actor's unit must have
to the petition, and guards that must all pass. The UI's buttons come from ``allowed_actions``; services call
``check`` first, so a stale page or a forged request gets the same clear refusal.

Relations:
  intake     the registering unit, or a unit above it (it screens, transfers, declines, diverts, accepts)
  assigner   the handling unit or a unit above it, or the intake (it 交办/转办 to units)
  assignee   a unit with a pending assignment (it 签收 or 退回)
  handling   the unit holding the active lead or review assignment (it works the case and replies)
  superior   a unit above the handling unit (review, sign-off of termination)
  province   a province-level unit above the handling unit (final approval of termination)
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deadlines import calendar
from organisations.models import Role, UnitLevel
from organisations.selectors import StaffContext, staff_context
from petitions.models import State

S = State
R = Role


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    roles: tuple[str, ...]
    relation: str
    guards: tuple[Callable, ...] = field(default=())
    primary: bool = False  # shown as the main button

    def __str__(self):
        return str(self.label)


# guards: return None when satisfied, or the refusal message
def _g(message):
    def decorator(fn):
        def guard(case):
            return None if fn(case) else str(message)

        guard.__name__ = fn.__name__
        return guard

    return decorator


@_g(_("该事项属于已依法终结或已复核的同一事项，不再作为新事项受理，请转属地做好稳控帮扶。"))
def not_a_closed_matter(case):
    return not case.is_closed_matter


@_g(_("已有待审批的延期申请。"))
def no_pending_extension(case):
    return case.pending_extension is None


@_g(_("本件可延期的天数已用完。"))
def extension_left(case):
    return case.extension_days_left > 0


@_g(_("没有待审批的延期申请。"))
def has_pending_extension(case):
    return case.pending_extension is not None


@_g(_("已有待审批的答复意见书。"))
def no_draft_reply(case):
    return case.draft_reply is None


@_g(_("没有待审批的答复意见书。"))
def has_draft_reply(case):
    return case.draft_reply is not None


@_g(_("答复尚未送达，请先登记送达情况。"))
def reply_delivered(case):
    return case.latest_reply is not None and case.latest_reply.delivered_on is not None


@_g(_("该答复的送达情况已登记。"))
def reply_not_delivered(case):
    return case.latest_reply is not None and case.latest_reply.delivered_on is None


@_g(_("复查申请只能在收到处理意见书后提出，且每件只能复查一次。"))
def may_request_review(case):
    return case.petition.review_level == 0


@_g(_("复核申请只能在收到复查意见书后提出；复核后同一事项不再受理。"))
def may_request_rereview(case):
    return case.petition.review_level == 1


@_g(_("依法终结须在复查、复核程序完成后提请。"))
def remedies_exhausted(case):
    return case.petition.review_level >= 2


@_g(_("已有正在审批的终结申请。"))
def no_open_termination(case):
    return case.open_termination is None


@_g(_("终结申请不在待合议审查环节。"))
def termination_proposed(case):
    return case.open_termination is not None and case.open_termination.status == "proposed"


@_g(_("终结申请不在待领导签批环节。"))
def termination_reviewed(case):
    return case.open_termination is not None and case.open_termination.status == "reviewed"


@_g(_("终结申请不在待省级审核批准环节。"))
def termination_signed(case):
    return case.open_termination is not None and case.open_termination.status == "signed"


@_g(_("已结未息的事项才需要转入终结程序。"))
def closed_unsettled_or_open(case):
    return case.petition.state != S.CLOSED or case.petition.settlement_state == "unsettled"


def review_rights_spent(case):
    """A step that ends a case for good must not cut off the petitioner's right to ask for 复查/复核: it waits
    until the window has run out, or until the petitioner waived it in a recorded statement."""
    right = case.review_right
    if right is None or not right.open_on(case.today):
        return None
    kind = _("复查") if right.level == 1 else _("复核")
    return str(
        _(
            "信访人可在%(last)s前申请%(kind)s，期限届满（%(after)s起）或登记信访人放弃%(kind)s的书面声明后方可归档。"
        )
        % {"last": right.last_day.isoformat(), "after": (right.last_day + dt.timedelta(days=1)).isoformat(),
           "kind": kind}
    )  # fmt: skip


@_g(_("信访人的复查、复核申请期限已届满或已放弃，无需登记放弃声明。"))
def review_right_open(case):
    right = case.review_right
    return right is not None and right.open_on(case.today)


STAFF_INTAKE = (R.RECEPTION, R.UNIT_HEAD, R.SUPERVISOR)
WORKERS = (R.HANDLER, R.UNIT_HEAD)
OPEN_TERMINABLE = (S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP, S.CLOSED)

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        # 网上待审核: an online submission is screened into the register (then accepted, declined …) like any other
        Action("screen_online", _("网上信访审核登记"), (S.ONLINE_PENDING,), (S.REGISTERED,), STAFF_INTAKE, "intake",
               primary=True),
        # 甄别 (诉访分离)
        Action("accept", _("受理并交办"), (S.REGISTERED,), (S.ASSIGNED, S.IN_PROGRESS), STAFF_INTAKE, "intake",
               (not_a_closed_matter,), primary=True),
        Action("transfer_out", pgettext_lazy("action", "转送信访部门"), (S.REGISTERED,), (S.TRANSFERRED_OUT,), STAFF_INTAKE, "intake"),
        Action("decline", pgettext_lazy("action", "不予受理"), (S.REGISTERED,), (S.DECLINED,), STAFF_INTAKE, "intake"),
        Action("divert", pgettext_lazy("action", "导入法律程序"), (S.REGISTERED,), (S.DIVERTED,), STAFF_INTAKE, "intake",
               (not_a_closed_matter,)),
        Action("record_diversion_outcome", _("登记法律程序结果"), (S.DIVERTED,), (S.CLOSED,),
               (R.RECEPTION, R.HANDLER, R.UNIT_HEAD), "intake"),
        # 交办 / 签收 / 退回
        Action("assign", _("交办/转办"), (S.ASSIGNED, S.IN_PROGRESS), (S.ASSIGNED, S.IN_PROGRESS), (R.UNIT_HEAD, R.SUPERVISOR), "assigner"),
        Action("receive", pgettext_lazy("action", "签收"), (S.ASSIGNED, S.IN_PROGRESS, S.UNDER_REVIEW, S.UNDER_REREVIEW), (S.IN_PROGRESS,),
               (R.RECEPTION, R.HANDLER, R.UNIT_HEAD), "assignee", primary=True),
        Action("return", _("退回"), (S.ASSIGNED, S.IN_PROGRESS), (S.REGISTERED,), (R.UNIT_HEAD,), "assignee"),
        # 办理
        Action("handle", _("登记办理工作"), (S.IN_PROGRESS, S.UNDER_REVIEW, S.UNDER_REREVIEW), (), WORKERS, "handling"),
        Action("request_extension", _("申请延期"), (S.IN_PROGRESS,), (), (R.HANDLER,), "handling",
               (no_pending_extension, extension_left)),
        Action("decide_extension", _("审批延期"), (S.IN_PROGRESS,), (), (R.UNIT_HEAD,), "handling",
               (has_pending_extension,), primary=True),
        # 答复
        Action("draft_reply", _("拟写答复意见书"), (S.IN_PROGRESS, S.UNDER_REVIEW, S.UNDER_REREVIEW), (), WORKERS,
               "handling", (no_draft_reply,), primary=True),
        Action("decide_reply", _("审批答复意见书"), (S.IN_PROGRESS, S.UNDER_REVIEW, S.UNDER_REREVIEW), (S.REPLIED,),
               (R.UNIT_HEAD,), "handling", (has_draft_reply,), primary=True),
        Action("record_delivery", _("登记送达"), (S.REPLIED,), (), (R.RECEPTION, R.HANDLER, R.UNIT_HEAD), "handling",
               (reply_not_delivered,), primary=True),
        # 回访、办结
        Action("follow_up", _("回访"), (S.REPLIED,), (S.FOLLOWED_UP,), (R.RECEPTION, R.HANDLER, R.UNIT_HEAD),
               "handling", (reply_delivered,), primary=True),
        Action("close", pgettext_lazy("action", "办结"), (S.FOLLOWED_UP,), (S.CLOSED,), (R.UNIT_HEAD,), "handling", primary=True),
        # 复查、复核
        Action("request_review", _("登记复查申请"), (S.REPLIED, S.FOLLOWED_UP, S.CLOSED), (S.UNDER_REVIEW,),
               (R.RECEPTION, R.HANDLER, R.UNIT_HEAD), "handling", (reply_delivered, may_request_review)),
        Action("request_rereview", _("登记复核申请"), (S.REPLIED, S.FOLLOWED_UP, S.CLOSED), (S.UNDER_REREVIEW,),
               (R.RECEPTION, R.HANDLER, R.UNIT_HEAD), "handling", (reply_delivered, may_request_rereview)),
        Action("waive_review", _("登记放弃复查/复核声明"), (S.REPLIED, S.FOLLOWED_UP, S.CLOSED), (),
               (R.RECEPTION, R.HANDLER, R.UNIT_HEAD), "handling", (reply_delivered, review_right_open)),
        Action("record_hearing", _("登记听证（不计入复核期限）"), (S.UNDER_REREVIEW,), (), WORKERS, "handling"),
        # 依法终结
        Action("propose_termination", _("提请依法终结"), OPEN_TERMINABLE, (), (R.UNIT_HEAD,), "handling",
               (remedies_exhausted, no_open_termination, closed_unsettled_or_open)),
        Action("review_termination", _("终结合议审查"), OPEN_TERMINABLE, (), (R.REVIEWER, R.UNIT_HEAD), "superior",
               (termination_proposed,), primary=True),
        Action("sign_termination", _("终结领导签批"), OPEN_TERMINABLE, (), (R.OWNER_LEADER, R.UNIT_HEAD), "superior",
               (termination_reviewed,), primary=True),
        Action("approve_termination", _("终结审核批准"), OPEN_TERMINABLE, (S.TERMINATED,),
               (R.SUPERVISOR, R.UNIT_HEAD), "province", (termination_signed,), primary=True),
        # 归档
        Action("archive", pgettext_lazy("action", "归档"), (S.CLOSED, S.TERMINATED, S.TRANSFERRED_OUT, S.DECLINED), (S.ARCHIVED,),
               (R.RECEPTION, R.UNIT_HEAD), "intake_or_handling", (review_rights_spent,)),
    ]
}  # fmt: skip

FINAL_STATES = (S.ARCHIVED,)
FROZEN_STATES = (S.TERMINATED, S.ARCHIVED)  # nothing but archiving leaves 终结; nothing leaves 归档


class Case:
    """What the lifecycle needs to know about one petition, loaded once per check."""

    def __init__(self, petition):
        from handling import selectors

        self.petition = petition
        self._s = selectors
        self._cache: dict = {}

    def _get(self, key, loader):
        if key not in self._cache:
            self._cache[key] = loader()
        return self._cache[key]

    @property
    def assignments(self):
        return self._get("assignments", lambda: self._s.active_assignments(self.petition))

    @property
    def handling_unit_ids(self) -> set[int]:
        return {
            a.unit_id
            for a in self.assignments
            if a.status == "received" and a.kind in ("lead", "review", "rereview")
        }

    @property
    def has_active_lead(self) -> bool:
        return any(a.kind in ("lead", "review", "rereview") for a in self.assignments)

    @property
    def extension_days_left(self) -> int:
        return self._get("ext_left", lambda: self._s.extension_days_left(self.petition))

    @property
    def pending_unit_ids(self) -> set[int]:
        return {a.unit_id for a in self.assignments if a.status == "pending"}

    @property
    def reply_unit_id(self):
        reply = self.latest_reply
        return reply.unit_id if reply else None

    @property
    def pending_extension(self):
        return self._get("ext", lambda: self._s.pending_extension(self.petition))

    @property
    def draft_reply(self):
        return self._get("draft", lambda: self._s.draft_reply(self.petition))

    @property
    def latest_reply(self):
        return self._get("reply", lambda: self._s.latest_reply(self.petition))

    @property
    def open_termination(self):
        return self._get("term", lambda: self._s.open_termination(self.petition))

    @property
    def today(self) -> dt.date:
        return self._get("today", lambda: calendar.local_date(timezone.now()))

    @property
    def review_right(self):
        """The 复查/复核 right the latest delivered reply still gives the petitioner, or None."""
        return self._get("review_right", lambda: self._s.review_right(self.petition, self.latest_reply))

    @property
    def is_closed_matter(self) -> bool:
        return self._get("closed_matter", lambda: self._s.closed_matter_for(self.petition) is not None)

    @property
    def anchor_unit(self):
        """The unit the case is with now: the handling unit, else the unit that last replied."""
        return self._get("anchor", lambda: self._s.anchor_unit(self))


def _is_at_or_above(unit, other) -> bool:
    return other is not None and other.path.startswith(unit.path)


def related_units(ctx: StaffContext, case: Case, relation: str, roles) -> list:
    """The actor's units (holding one of ``roles``) that stand in ``relation`` to the case."""
    units = ctx.units_with(*roles)
    p = case.petition
    if relation == "intake":
        return [u for u in units if _is_at_or_above(u, p.registered_unit)]
    if relation == "assignee":
        return [u for u in units if u.pk in case.pending_unit_ids]
    if relation == "handling":  # the unit working the case; between assignments, the unit that last replied
        ids = case.handling_unit_ids
        if not ids and not case.has_active_lead and case.reply_unit_id:
            ids = {case.reply_unit_id}
        return [u for u in units if u.pk in ids]
    if relation == "intake_or_handling":
        return related_units(ctx, case, "intake", roles) or related_units(ctx, case, "handling", roles)
    anchor = case.anchor_unit
    if relation == "assigner":  # the anchor unit itself only once it has received the case
        received = anchor is not None and anchor.pk in case.handling_unit_ids
        above = [u for u in units if _is_at_or_above(u, anchor) and (received or u.pk != anchor.pk)]
        return above or related_units(ctx, case, "intake", roles)
    if relation == "superior":
        return [u for u in units if _is_at_or_above(u, anchor) and u.pk != getattr(anchor, "pk", None)]
    if relation == "province":
        return [u for u in units if u.level == UnitLevel.PROVINCE and _is_at_or_above(u, anchor)]
    raise ValueError(f"unknown relation {relation}")


def refusal(user, petition, action_name: str, case: Case | None = None) -> str | None:
    """Why ``user`` may not take ``action_name`` on ``petition`` now, or None when they may."""
    action = ACTIONS[action_name]
    if petition.state not in action.sources:
        return str(
            _("当前状态为“%(state)s”，不能执行“%(action)s”。")
            % {"state": petition.get_state_display(), "action": action.label}
        )
    case = case or Case(petition)
    ctx = staff_context(user)
    if not related_units(ctx, case, action.relation, action.roles):
        return str(_("您所在单位或岗位不能对该事项执行“%(action)s”。") % {"action": action.label})
    for guard in action.guards + tuple(_EXTRA_GUARDS.get(action_name, ())):
        message = guard(case)
        if message:
            return message
    return None


_EXTRA_GUARDS: dict[str, list[Callable]] = {}


def register_guard(action_name: str, guard: Callable) -> None:
    """Another app adds a guard to an action (e.g. 双签字 before 办结); ``guard(case)`` returns None or a refusal."""
    guards = _EXTRA_GUARDS.setdefault(action_name, [])
    if guard not in guards:
        guards.append(guard)


def public_refusal(petition, action_name: str, case: Case | None = None) -> str | None:
    """Why the petitioner (through the public portal, with the query code) may not take ``action_name`` now:
    the same state and guards as staff, without the staff role and unit relation."""
    action = ACTIONS[action_name]
    if petition.state not in action.sources:
        return str(
            _("当前状态为“%(state)s”，不能执行“%(action)s”。")
            % {"state": petition.get_state_display(), "action": action.label}
        )
    case = case or Case(petition)
    for guard in [*action.guards, *_EXTRA_GUARDS.get(action_name, [])]:
        message = guard(case)
        if message:
            return message
    return None


def acting_unit(user, petition, action_name: str, case: Case | None = None):
    """The unit on whose behalf the user acts (the first of their units that qualifies)."""
    action = ACTIONS[action_name]
    units = related_units(staff_context(user), case or Case(petition), action.relation, action.roles)
    return units[0] if units else None


def allowed_actions(user, petition, case: Case | None = None) -> list[Action]:
    case = case or Case(petition)
    return [a for a in ACTIONS.values() if refusal(user, petition, a.name, case) is None]


def register_event_labels() -> None:
    from petitions.events import register_actions

    labels = {name: a.label for name, a in ACTIONS.items()}
    labels.update(
        {
            # as buttons these say what to do ("Close"), on the timeline what was done ("Closed")
            "transfer_out": _("转送信访部门"),
            "decline": _("不予受理"),
            "divert": _("导入法律程序"),
            "receive": _("签收"),
            "close": _("办结"),
            "archive": _("归档"),
            "assignment_completed": _("承办单位报告办理情况"),
            "reply_rejected": _("答复意见书退回修改"),
            "extension_rejected": _("延期申请未获批准"),
            "extension_approved": _("延期申请获批准"),
            "termination_rejected": _("终结申请被退回"),
            "reminder": _("催办"),
            "linked_repeat": _("关联重信重访"),
            "waive_review": _("信访人书面放弃复查/复核"),
        }
    )
    register_actions(labels)
