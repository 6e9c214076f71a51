"""Every change of a petition's lifecycle, one function per action (DOMAIN §4).

Each function locks the petition row, checks scope, the page version the actor saw and the lifecycle table
(``handling.lifecycle``), writes its records and one timeline event in the same transaction, refreshes the
stored deadline, and notifies the units concerned after commit. Nothing else changes a petition's state.
"""

import datetime as dt
import hashlib
import hmac
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidInput, NotVisible
from deadlines import calendar
from deadlines.models import Step
from deadlines.policy import compute_due
from handling import selectors
from handling.hooks import termination_completed
from handling.lifecycle import Case, acting_unit, public_refusal, refusal
from handling.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    AssignmentKind,
    AssignmentMode,
    AssignmentStatus,
    DiversionProcedure,
    Extension,
    ExtensionStatus,
    FollowUp,
    Reply,
    ReplyStatus,
    ReviewRequest,
    ReviewStatus,
    ReviewWaiver,
    Satisfaction,
    Screening,
    ScreeningOutcome,
    TerminationCase,
    TerminationStatus,
    TerminationStep,
    TerminationStepKind,
)
from notifications.models import Kind
from notifications.services import notify_unit
from organisations.models import Role, Unit, UnitType
from petitions.events import record_event
from petitions.models import (
    AccessReason,
    ClosingPrinciple,
    DueKind,
    Petition,
    SettlementForm,
    SettlementState,
    State,
)
from petitions.scope import can_see
from petitions.selectors import closed_matter_for
from petitions.services import acceptance_due, grant_access

HANDLING_ACTIONS = {
    "interview": _("接谈"),
    "appointment": _("约谈"),
    "investigation": _("调查核实"),
    "file_review": _("阅卷"),
    "mediation": _("调解"),
    "coordination": _("协调会"),
    "correction": _("纠错"),
    "lawyer": _("律师参与"),
    "consultation": _("会诊"),
    "help": _("帮扶救助"),
    "other": _("其他"),
}
WORK_ROLES = (Role.HANDLER, Role.UNIT_HEAD)


class StaleVersion(DomainError):
    code = "stale"
    status = 409


# ---------------------------------------------------------------------------------------------- plumbing


class _Step:
    """The locked petition, its lifecycle view and the acting unit of one action."""

    def __init__(self, actor, petition, action: str, version: int | None, *, public: bool = False):
        """``public``: the petitioner acts through the portal (the caller has checked the query code); the
        lifecycle's states and guards apply, staff roles and scope do not, and the case's unit acts."""
        locked = Petition.objects.select_for_update().filter(pk=petition.pk).first()
        if locked is None or not (public or can_see(actor, locked)):
            raise NotVisible(_("未找到该信访事项。"))
        if version is not None and locked.version != version:
            raise StaleVersion(_("该事项已被他人处理（页面已过期），请刷新后查看最新状态再操作。"))
        self.case = Case(locked)
        if public:
            message = public_refusal(locked, action, self.case)
        else:
            message = refusal(actor, locked, action, self.case)
        if message:
            raise DomainError(message, code="refused")
        self.actor = actor
        self.petition = locked
        self.action = action
        self.unit = self.case.anchor_unit if public else acting_unit(actor, locked, action, self.case)
        self.before = locked.state
        self.now = timezone.now()

    def done(self, *, state: str | None = None, note: str = "", data: dict | None = None, fields=()):
        p = self.petition
        if state is not None:
            p.state = state
        p.version += 1
        _refresh_deadline(p)
        p.save(update_fields=["state", "version", "due_at", "due_kind", "warn_at", "updated_at", *fields])
        return record_event(
            p,
            self.action,
            actor=self.actor,
            unit=self.unit,
            at=self.now,
            note=note,
            data=data or {},
            state_before=self.before,
            state_after=p.state,
        )


def _require(errors: dict, key: str, value, message: str | None = None):
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        errors.setdefault(key, []).append(message or _("此项为必填项。"))


def _raise_if(errors: dict):
    if errors:
        raise InvalidInput(errors)


_system_of = selectors.system_of


def due_kind_of(kind: str, status: str) -> str:
    """What the stored deadline of a case carried by an active lead, 复查 or 复核 assignment is."""
    if kind == AssignmentKind.REVIEW:
        return DueKind.REVIEW
    if kind == AssignmentKind.REREVIEW:
        return DueKind.REREVIEW
    return DueKind.ASSIGNMENT if status == AssignmentStatus.PENDING else DueKind.HANDLING


def reply_document_number(unit_short_name: str, year: int, sequence: int) -> str:
    """The 文号 of a signed reply: per unit and year, e.g. 凉州区法院信复〔2026〕12号."""
    return f"{unit_short_name}信复〔{year}〕{sequence}号"


def _refresh_deadline(petition) -> None:
    """Store the next staff deadline for the petition's state (indexed; the sweep reads only these)."""
    due_at = warn_at = None
    kind = ""
    if petition.state in (State.REGISTERED, State.ONLINE_PENDING):
        info = acceptance_due(petition)
        due_at, warn_at, kind = info.due_at, info.warn_at, DueKind.ACCEPTANCE
    elif petition.state in (State.ASSIGNED, State.IN_PROGRESS, State.UNDER_REVIEW, State.UNDER_REREVIEW):
        lead = selectors.lead_assignment(petition)
        if lead is not None:
            due_at, warn_at, kind = lead.due_at, lead.warn_at, due_kind_of(lead.kind, lead.status)
    petition.due_at, petition.warn_at, petition.due_kind = due_at, warn_at, kind


def _committee_of(unit: Unit) -> Unit | None:
    """The 政法委 of the unit's locality (same region, else the nearest above)."""
    region = unit.region_id
    while region:
        found = (
            Unit.objects.filter(region_id=region, type=UnitType.COMMITTEE, is_active=True)
            .order_by("path")
            .first()
        )
        if found:
            return found
        region = (
            region[:4] + "00"
            if not region.endswith("00")
            else (region[:2] + "0000" if not region.endswith("0000") else "")
        )
    return None


def _superior_for_review(unit: Unit) -> Unit:
    """复查/复核 are handled by the unit above the one that answered (its parent in the unit tree)."""
    if unit.parent_id is None:
        raise DomainError(_("答复单位没有上级单位，无法受理复查/复核，请联系系统管理员配置单位层级。"))
    return unit.parent


def _notify(unit, roles, title, petition, kind=Kind.INFO, body=""):
    """In-app rows in this transaction; e-mail is sent by ``notify_unit`` after commit."""
    notify_unit(unit=unit, roles=roles, title=title, body=body, kind=kind, petition=petition)


# ---------------------------------------------------------------------------------------------- screening


@transaction.atomic
def petition_screen_online(*, actor, petition, note: str = "", version: int | None = None) -> Petition:
    """网上待审核 → 登记: staff of the receiving unit have read an online submission (and its duplicate and
    terminated-matter checks) and take it into the register, where it is accepted, declined … as any other."""
    step = _Step(actor, petition, "screen_online", version)
    step.done(state=State.REGISTERED, note=note)
    return step.petition


@transaction.atomic
def petition_accept(
    *,
    actor,
    petition,
    handling_unit: Unit,
    instructions: str = "",
    deadline: dt.date | None = None,
    notice: str = "",
    responsible_system: str = "",
    problem_category: str = "",
    dual_assign: bool = False,
    version: int | None = None,
) -> Assignment:
    """受理: the matter is law-related and belongs here; it goes to the responsible unit (first-handler rule:
    the accepting unit keeps it when it names itself), with the 60-day handling limit or the given deadline."""
    step = _Step(actor, petition, "accept", version)
    p = step.petition
    errors: dict = {}
    _require(errors, "handling_unit", handling_unit, _("请选择承办单位。"))
    if handling_unit is not None and not handling_unit.is_active:
        errors.setdefault("handling_unit", []).append(_("该单位已停用。"))
    _raise_if(errors)
    if responsible_system:
        p.responsible_system = responsible_system
    if problem_category:
        p.problem_category = problem_category
    p.is_legal = True
    p.accepted_at = step.now
    p.screening_outcome = ScreeningOutcome.ACCEPTED
    p.accepted_on_time = step.now <= acceptance_due(p).due_at
    Screening.objects.create(
        petition=p,
        outcome=ScreeningOutcome.ACCEPTED,
        is_legal=True,
        notice=notice or _("您反映的事项已依法受理，承办单位为%(unit)s。") % {"unit": handling_unit.name},
        target_unit=handling_unit,
        decided_by=actor,
        unit=step.unit,
        decided_at=step.now,
    )
    assignment = _create_assignment(
        step, handling_unit, AssignmentKind.LEAD, AssignmentMode.ORDER, instructions, deadline, start=step.now
    )
    if dual_assign:
        committee = _committee_of(handling_unit)
        if committee is not None and committee.pk != handling_unit.pk:
            _create_assignment(
                step,
                committee,
                AssignmentKind.COMMITTEE,
                AssignmentMode.ORDER,
                instructions,
                deadline,
                start=step.now,
            )
    self_handled = handling_unit.pk == step.unit.pk
    if self_handled:
        _receive(assignment, actor, step.now)
    p.handling_unit = handling_unit
    step.done(
        state=State.IN_PROGRESS if self_handled else State.ASSIGNED,
        note=instructions,
        data={
            "handling_unit": handling_unit.name,
            "deadline": assignment.deadline.isoformat(),
            "dual": dual_assign,
        },
        fields=[
            "is_legal",
            "accepted_at",
            "handling_unit",
            "responsible_system",
            "problem_category",
            "screening_outcome",
            "accepted_on_time",
        ],
    )
    return assignment


def _create_assignment(step, unit, kind, mode, instructions, deadline, *, start) -> Assignment:
    p = step.petition
    system = _system_of(p, unit)
    info = compute_due(start, system, Step.HANDLING if kind not in ("review", "rereview") else kind)
    if deadline is not None:
        if deadline <= calendar.local_date(start):
            raise InvalidInput({"deadline": [_("办理期限必须晚于今天。")]})
        due_date, due_at = deadline, calendar.end_of_day(deadline)
        warn_at = max(
            calendar.start_of_day(
                calendar.warning_date(deadline, info.rule.warn_days_before, info.rule.counting)
            ),
            start,
        )
    else:
        due_date, due_at, warn_at = info.due_date, info.due_at, info.warn_at
    assignment = Assignment.objects.create(
        petition=p,
        unit=unit,
        kind=kind,
        mode=mode,
        instructions=instructions,
        deadline=due_date,
        due_at=due_at,
        warn_at=warn_at,
        assigned_by=step.actor,
        assigned_by_unit=step.unit,
        assigned_at=step.now,
    )
    grant_access(p, reason=AccessReason.ASSIGNED, unit=unit)
    title = _("新交办事项：%(number)s %(title)s，期限 %(deadline)s") % {
        "number": p.number,
        "title": p.title,
        "deadline": due_date.isoformat(),
    }
    _notify(unit, (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD), title, p, Kind.ASSIGNED, instructions)
    return assignment


def _receive(assignment: Assignment, actor, now) -> None:
    assignment.status = AssignmentStatus.RECEIVED
    assignment.received_by = actor
    assignment.received_at = now
    assignment.save(update_fields=["status", "received_by", "received_at"])
    grant_access(assignment.petition, reason=AccessReason.HANDLING, unit=assignment.unit)


def _screen_out(step, outcome, *, reason, notice, target_unit=None, procedure="", is_legal=True):
    step.petition.screening_outcome = outcome
    step.petition.accepted_on_time = step.now <= acceptance_due(step.petition).due_at
    Screening.objects.create(
        petition=step.petition,
        outcome=outcome,
        is_legal=is_legal,
        reason=reason,
        notice=notice,
        target_unit=target_unit,
        procedure=procedure,
        decided_by=step.actor,
        unit=step.unit,
        decided_at=step.now,
    )


@transaction.atomic
def petition_transfer_out(
    *, actor, petition, to_unit: Unit, reason: str, notice: str, version=None
) -> Petition:
    """普通信访: transferred to the government petition bureau; closed here, the petitioner told where."""
    step = _Step(actor, petition, "transfer_out", version)
    errors: dict = {}
    _require(errors, "to_unit", to_unit, _("请选择接收的信访部门。"))
    if to_unit is not None and to_unit.type != UnitType.PETITION_BUREAU:
        errors.setdefault("to_unit", []).append(_("普通信访事项只能转送信访部门。"))
    _require(errors, "notice", notice, _("请填写告知信访人的内容（去向与联系方式）。"))
    _raise_if(errors)
    _screen_out(
        step, ScreeningOutcome.TRANSFERRED, reason=reason, notice=notice, target_unit=to_unit, is_legal=False
    )
    step.petition.is_legal = False
    step.petition.closed_at = step.now
    step.done(
        state=State.TRANSFERRED_OUT,
        note=notice,
        data={"to_unit": to_unit.name, "reason": reason},
        fields=["is_legal", "closed_at", "screening_outcome", "accepted_on_time"],
    )
    return step.petition


@transaction.atomic
def petition_decline(*, actor, petition, reason: str, notice: str, version=None) -> Petition:
    step = _Step(actor, petition, "decline", version)
    errors: dict = {}
    _require(errors, "reason", reason, _("请填写不予受理的理由。"))
    _require(errors, "notice", notice, _("请填写告知信访人的内容。"))
    _raise_if(errors)
    _screen_out(step, ScreeningOutcome.DECLINED, reason=reason, notice=notice)
    step.petition.closed_at = step.now
    closed = closed_matter_for(step.petition)
    if closed is not None:  # a terminated matter came back: the locality does 稳控/帮扶
        residence = step.petition.residence_region_id or step.petition.problem_region_id
        committee = Unit.objects.filter(region_id=residence, type=UnitType.COMMITTEE).first()
        if committee is not None:
            grant_access(step.petition, reason=AccessReason.ASSIGNED, unit=committee)
            title = _("已终结事项再次来访，请做好稳控帮扶：%(number)s") % {"number": step.petition.number}
            _notify(committee, (Role.SUPERVISOR, Role.UNIT_HEAD), title, step.petition, Kind.INFO, reason)
    step.done(
        state=State.DECLINED,
        note=reason,
        data={"notice": notice},
        fields=["closed_at", "screening_outcome", "accepted_on_time"],
    )
    if closed is not None:
        termination_completed(step.petition, event="returned", actor=actor)
    return step.petition


@transaction.atomic
def petition_divert(
    *, actor, petition, procedure: str, to_unit: Unit, reason: str, notice: str, version=None
) -> Petition:
    """导入法律程序: the matter must go through 上诉/申请再审/申诉/复议/控告 at ``to_unit``; tracked to its outcome."""
    step = _Step(actor, petition, "divert", version)
    errors: dict = {}
    if procedure not in DiversionProcedure.values:
        errors.setdefault("procedure", []).append(_("请选择法律程序。"))
    _require(errors, "to_unit", to_unit, _("请选择受理该程序的单位。"))
    _require(errors, "notice", notice, _("请填写告知信访人的内容。"))
    _raise_if(errors)
    _screen_out(
        step,
        ScreeningOutcome.DIVERTED,
        reason=reason,
        notice=notice,
        target_unit=to_unit,
        procedure=procedure,
    )
    grant_access(step.petition, reason=AccessReason.HANDLING, unit=to_unit)
    step.petition.is_legal = True
    step.petition.handling_unit = to_unit
    step.done(
        state=State.DIVERTED,
        note=reason,
        data={"procedure": DiversionProcedure(procedure).label, "to_unit": to_unit.name, "notice": notice},
        fields=["is_legal", "handling_unit", "screening_outcome", "accepted_on_time"],
    )
    return step.petition


@transaction.atomic
def petition_record_diversion_outcome(
    *, actor, petition, outcome: str, settled: bool, version=None
) -> Petition:
    step = _Step(actor, petition, "record_diversion_outcome", version)
    errors: dict = {}
    _require(errors, "outcome", outcome, _("请填写法律程序的结果。"))
    _raise_if(errors)
    screening = step.petition.screenings.filter(outcome=ScreeningOutcome.DIVERTED).last()
    screening.outcome_note = outcome
    screening.outcome_at = step.now
    screening.save(update_fields=["outcome_note", "outcome_at"])
    p = step.petition
    p.closed_at = step.now
    p.settlement_state = SettlementState.SETTLED if settled else SettlementState.UNSETTLED
    p.settlement_form = SettlementForm.OTHER if settled else ""
    step.done(
        state=State.CLOSED,
        note=outcome,
        data={"settled": settled},
        fields=["closed_at", "settlement_state", "settlement_form"],
    )
    return p


# ---------------------------------------------------------------------------------------------- assignment


@transaction.atomic
def petition_assign(
    *,
    actor,
    petition,
    units: list[Unit],
    kind: str = AssignmentKind.LEAD,
    mode: str = AssignmentMode.ORDER,
    deadline: dt.date | None = None,
    instructions: str,
    version=None,
) -> list[Assignment]:
    """交办/转办 to one or more units (双向交办: a lead unit plus the locality's 政法委). A new lead assignment
    replaces the active one (withdrawn, history kept)."""
    step = _Step(actor, petition, "assign", version)
    errors: dict = {}
    if not units:
        errors.setdefault("units", []).append(_("请至少选择一个承办单位。"))
    if kind not in (AssignmentKind.LEAD, AssignmentKind.ASSIST, AssignmentKind.COMMITTEE):
        errors.setdefault("kind", []).append(_("交办类别不正确。"))
    if kind == AssignmentKind.LEAD and len(units) > 1:
        errors.setdefault("units", []).append(_("主办单位只能有一个；其他单位请以协办交办。"))
    _require(errors, "instructions", instructions, _("请填写交办要求。"))
    _raise_if(errors)
    p = step.petition
    if kind == AssignmentKind.LEAD:
        _void_open_work(p, step.now, str(_("主办单位已调整，原申请作废。")))
        for old in Assignment.objects.filter(
            petition=p, kind=AssignmentKind.LEAD, status__in=ACTIVE_ASSIGNMENT
        ):
            old.status = AssignmentStatus.WITHDRAWN
            old.save(update_fields=["status"])
        p.handling_unit = units[0]
    created = [_create_assignment(step, u, kind, mode, instructions, deadline, start=step.now) for u in units]
    new_state = State.ASSIGNED if kind == AssignmentKind.LEAD else p.state
    step.done(
        state=new_state,
        note=instructions,
        data={
            "units": [u.name for u in units],
            "kind": AssignmentKind(kind).label,
            "mode": AssignmentMode(mode).label,
            "deadline": created[0].deadline.isoformat(),
        },
        fields=["handling_unit"],
    )
    return created


def _my_pending(step) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update()
        .filter(petition=step.petition, unit=step.unit, status=AssignmentStatus.PENDING)
        .order_by("assigned_at")
        .first()
    )
    if assignment is None:
        raise DomainError(_("本单位没有待签收的交办。"))
    return assignment


@transaction.atomic
def petition_receive(*, actor, petition, handler=None, version=None) -> Assignment:
    """签收: the assignee unit acknowledges; a lead (or review) assignment puts the case in handling."""
    step = _Step(actor, petition, "receive", version)
    assignment = _my_pending(step)
    _receive(assignment, actor, step.now)
    if handler is not None:
        assignment.handler = handler
        assignment.save(update_fields=["handler"])
        grant_access(step.petition, reason=AccessReason.PERSONAL, user=handler)
    state = step.petition.state
    if assignment.kind == AssignmentKind.LEAD:
        state = State.IN_PROGRESS
    step.done(state=state, data={"unit": step.unit.name, "kind": assignment.get_kind_display()})
    return assignment


@transaction.atomic
def petition_return(*, actor, petition, reason: str, version=None) -> Assignment:
    """退回: the assignee says it is the wrong unit; a returned lead assignment sends the case back to screening."""
    step = _Step(actor, petition, "return", version)
    errors: dict = {}
    _require(errors, "reason", reason, _("请填写退回理由。"))
    _raise_if(errors)
    assignment = _my_pending(step)
    assignment.status = AssignmentStatus.RETURNED
    assignment.return_reason = reason
    assignment.returned_at = step.now
    assignment.save(update_fields=["status", "return_reason", "returned_at"])
    p = step.petition
    state = p.state
    if assignment.kind == AssignmentKind.LEAD:
        _void_open_work(p, step.now, str(_("交办已退回，原申请作废。")))
        for other in Assignment.objects.filter(petition=p, status__in=ACTIVE_ASSIGNMENT):
            other.status = AssignmentStatus.WITHDRAWN
            other.save(update_fields=["status"])
        state = State.REGISTERED
        p.handling_unit = None
        p.accepted_at = None
        p.screening_outcome = ""
        p.accepted_on_time = None
    title = _("交办事项被退回：%(number)s（%(unit)s）") % {"number": p.number, "unit": step.unit.name}
    back_to = assignment.assigned_by_unit
    _notify(back_to, (Role.RECEPTION, Role.UNIT_HEAD), title, p, Kind.RETURNED, reason)
    step.done(
        state=state, note=reason, data={"unit": step.unit.name}, fields=["handling_unit", "accepted_at"]
    )
    return assignment


# ---------------------------------------------------------------------------------------------- handling


def _void_open_work(petition, now, reason: str) -> None:
    """A lead that changes hands takes nothing of the old unit's unfinished paperwork with it: open drafts
    and pending extension requests of the previous lead are voided (history kept, status shows why)."""
    Reply.objects.filter(petition=petition, status=ReplyStatus.DRAFT).update(status=ReplyStatus.REJECTED)
    Extension.objects.filter(petition=petition, status=ExtensionStatus.PENDING).update(
        status=ExtensionStatus.REJECTED, decided_at=now, decision_note=reason
    )


@transaction.atomic
def petition_record_work(*, actor, petition, kind: str, note: str, version=None):
    """A handler's action (接谈, 约谈, 调查, 阅卷, 调解, 协调会, 纠错, 律师参与 …) with its note."""
    step = _Step(actor, petition, "handle", version)
    errors: dict = {}
    if kind not in HANDLING_ACTIONS:
        errors.setdefault("kind", []).append(_("请选择办理工作类别。"))
    _require(errors, "note", note, _("请填写办理情况。"))
    _raise_if(errors)
    return step.done(note=note, data={"kind": kind, "label": str(HANDLING_ACTIONS[kind])})


@transaction.atomic
def petition_request_extension(*, actor, petition, days: int, reason: str, version=None) -> Extension:
    step = _Step(actor, petition, "request_extension", version)
    lead = selectors.lead_assignment(step.petition)
    errors: dict = {}
    _require(errors, "reason", reason, _("请填写延期理由。"))
    rule_limit = compute_due(
        step.now, _system_of(step.petition, lead.unit), Step.HANDLING
    ).rule.extension_days
    remaining = rule_limit - lead.extended_days
    if not isinstance(days, int) or days < 1:
        errors.setdefault("days", []).append(_("延长天数至少为1天。"))
    elif days > remaining:
        errors.setdefault("days", []).append(
            _("延期最多%(limit)s日，本件已延期%(used)s日，还可申请%(left)s日。")
            % {"limit": rule_limit, "used": lead.extended_days, "left": max(remaining, 0)}
        )
    _raise_if(errors)
    extension = Extension.objects.create(
        petition=step.petition,
        assignment=lead,
        days=days,
        reason=reason,
        requested_by=actor,
        requested_at=step.now,
    )
    title = _("延期申请待审批：%(number)s，申请延长%(days)s日") % {
        "number": step.petition.number,
        "days": days,
    }
    _notify(lead.unit, (Role.UNIT_HEAD,), title, step.petition, Kind.APPROVAL, reason)
    step.done(note=reason, data={"days": days})
    return extension


@transaction.atomic
def petition_decide_extension(
    *, actor, petition, approve: bool, note: str = "", notice: str = "", version=None
):
    """The unit head approves (bounded by policy; the petitioner is told why) or refuses an extension."""
    step = _Step(actor, petition, "decide_extension", version)
    extension = selectors.pending_extension(step.petition)
    errors: dict = {}
    if approve:
        _require(errors, "notice", notice, _("批准延期须填写告知信访人的延期理由。"))
    else:
        _require(errors, "note", note, _("不批准时请填写审批意见。"))
    _raise_if(errors)
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by, extension.decided_at = actor, step.now
    extension.decision_note, extension.notice = note, notice
    extension.save()
    data = {"days": extension.days, "approved": approve}
    if approve:
        lead = Assignment.objects.select_for_update().get(pk=extension.assignment_id)
        base = lead.received_at or lead.assigned_at
        system = _system_of(step.petition, lead.unit)
        info = compute_due(
            step.petition.accepted_at or base,
            system,
            Step.HANDLING,
            extra_days=lead.extended_days + extension.days,
        )
        if lead.deadline and info.due_date < lead.deadline:  # a custom 交办 deadline: extend it by the days
            new_deadline = calendar.due_date(lead.deadline, extension.days, info.rule.counting)
            lead.deadline, lead.due_at = new_deadline, calendar.end_of_day(new_deadline)
        else:
            lead.deadline, lead.due_at = info.due_date, info.due_at
        lead.warn_at = max(
            calendar.start_of_day(
                calendar.warning_date(lead.deadline, info.rule.warn_days_before, info.rule.counting)
            ),
            step.now,
        )
        lead.extended_days += extension.days
        lead.save(update_fields=["deadline", "due_at", "warn_at", "extended_days"])
        data["deadline"] = lead.deadline.isoformat()
    step.action = "extension_approved" if approve else "extension_rejected"
    return step.done(note=notice if approve else note, data=data)


# ---------------------------------------------------------------------------------------------- reply


@transaction.atomic
def petition_draft_reply(
    *,
    actor,
    petition,
    claim: str,
    facts_reasons: str,
    decision: str,
    legal_basis: str,
    outcome: str,
    version=None,
) -> Reply:
    step = _Step(actor, petition, "draft_reply", version)
    errors: dict = {}
    for key, value in (
        ("claim", claim),
        ("facts_reasons", facts_reasons),
        ("decision", decision),
        ("legal_basis", legal_basis),
    ):
        _require(errors, key, value)
    if outcome not in ("support", "explain", "reject"):
        errors.setdefault("outcome", []).append(_("请选择处理结果：支持、解释说明或不予支持。"))
    _raise_if(errors)
    reply = Reply.objects.create(
        petition=step.petition,
        level={State.UNDER_REVIEW: 1, State.UNDER_REREVIEW: 2}.get(step.petition.state, 0),
        unit=step.unit,
        claim=claim,
        facts_reasons=facts_reasons,
        decision=decision,
        legal_basis=legal_basis,
        outcome=outcome,
        drafted_by=actor,
        drafted_at=step.now,
    )
    title = _("答复意见书待审批：%(number)s") % {"number": step.petition.number}
    _notify(step.unit, (Role.UNIT_HEAD,), title, step.petition, Kind.APPROVAL)
    step.done(data={"outcome": reply.get_outcome_display(), "level": reply.level})
    return reply


@transaction.atomic
def petition_decide_reply(*, actor, petition, approve: bool, note: str = "", version=None) -> Reply:
    """The unit head signs the reply: the written 意见书 (docx) is produced and stored on the petition."""
    from handling.documents import render_reply_document

    step = _Step(actor, petition, "decide_reply", version)
    reply = selectors.draft_reply(step.petition)
    p = step.petition
    if not approve:
        if not note.strip():
            raise InvalidInput({"note": [_("退回修改时请写明意见。")]})
        reply.status = ReplyStatus.REJECTED
        reply.save(update_fields=["status"])
        step.action = "reply_rejected"
        step.done(note=note)
        return reply
    reply.status = ReplyStatus.APPROVED
    reply.approved_by, reply.approved_at = actor, step.now
    year = timezone.localtime(step.now).year
    sequence = (
        Reply.objects.filter(unit=reply.unit, status=ReplyStatus.APPROVED, approved_at__year=year).count() + 1
    )
    reply.document_number = reply_document_number(reply.unit.short_name or reply.unit.name, year, sequence)
    reply.save()
    # the assignments that carried the case are done; the next clock (复查/复核 window) is the petitioner's
    Assignment.objects.filter(petition=p, status__in=ACTIVE_ASSIGNMENT).update(
        status=AssignmentStatus.COMPLETED, reported_at=step.now
    )
    ReviewRequest.objects.filter(petition=p, status=ReviewStatus.OPEN).update(
        status=ReviewStatus.DECIDED, decision=reply
    )
    if p.replied_at is None:
        p.replied_at = step.now
        first_lead = (
            Assignment.objects.filter(petition=p, kind=AssignmentKind.LEAD)
            .exclude(status__in=(AssignmentStatus.RETURNED, AssignmentStatus.WITHDRAWN))
            .order_by("assigned_at")
            .first()
        )
        p.replied_on_time = first_lead is None or step.now <= first_lead.due_at
    p.review_level = max(p.review_level, reply.level)
    event = step.done(
        state=State.REPLIED,
        note=note,
        data={
            "document_number": reply.document_number,
            "outcome": reply.get_outcome_display(),
            "level": reply.level,
        },
        fields=["replied_at", "review_level", "replied_on_time"],
    )
    reply.document = render_reply_document(reply, event=event, actor=actor)
    reply.save(update_fields=["document"])
    return reply


@transaction.atomic
def petition_record_delivery(
    *, actor, petition, method: str, status: str, delivered_on: dt.date, opinion: str, version=None
) -> Reply:
    """送达: how and when the petitioner received (or refused) the reply, and their opinion. The 复查/复核
    window runs from this date."""
    step = _Step(actor, petition, "record_delivery", version)
    reply = step.case.latest_reply
    errors: dict = {}
    if method not in ("in_person", "post", "electronic", "notice"):
        errors.setdefault("method", []).append(_("请选择送达方式。"))
    if status not in ("signed", "refused"):
        errors.setdefault("status", []).append(_("请选择签收或拒收。"))
    if opinion not in ("agree", "disagree", "none"):
        errors.setdefault("opinion", []).append(_("请选择信访人意见。"))
    if delivered_on is None:
        errors.setdefault("delivered_on", []).append(_("请填写送达日期。"))
    elif reply.approved_at and delivered_on < calendar.local_date(reply.approved_at):
        errors.setdefault("delivered_on", []).append(_("送达日期不能早于签发日期。"))
    elif delivered_on > calendar.local_date(step.now):
        errors.setdefault("delivered_on", []).append(_("送达日期不能晚于今天。"))
    _raise_if(errors)
    reply.delivery_method, reply.delivery_status = method, status
    reply.delivered_on, reply.opinion = delivered_on, opinion
    reply.save(update_fields=["delivery_method", "delivery_status", "delivered_on", "opinion"])
    step.done(
        data={
            "method": reply.get_delivery_method_display(),
            "status": reply.get_delivery_status_display(),
            "delivered_on": delivered_on.isoformat(),
            "opinion": reply.get_opinion_display(),
        }
    )
    return reply


# ---------------------------------------------------------------------------------------------- follow-up, close


@transaction.atomic
def petition_follow_up(
    *,
    actor,
    petition,
    method: str,
    visited_on: dt.date,
    informed: bool,
    received: bool,
    carried_out: bool,
    satisfaction_office: str,
    satisfaction_unit: str,
    unsatisfied_reason: str = "",
    note: str = "",
    version=None,
) -> FollowUp:
    step = _Step(actor, petition, "follow_up", version)
    errors: dict = {}
    if method not in ("face", "phone"):
        errors.setdefault("method", []).append(_("请选择回访方式。"))
    for key, value in (
        ("satisfaction_office", satisfaction_office),
        ("satisfaction_unit", satisfaction_unit),
    ):
        if value not in Satisfaction.values:
            errors.setdefault(key, []).append(_("请选择满意度。"))
    if (
        Satisfaction.UNSATISFIED in (satisfaction_office, satisfaction_unit)
        and not unsatisfied_reason.strip()
    ):
        errors.setdefault("unsatisfied_reason", []).append(_("不满意时请记录原因。"))
    if visited_on is None or visited_on > calendar.local_date(step.now):
        errors.setdefault("visited_on", []).append(_("回访日期不能为空或晚于今天。"))
    _raise_if(errors)
    follow_up = FollowUp.objects.create(
        petition=step.petition,
        reply=step.case.latest_reply,
        method=method,
        visited_on=visited_on,
        informed=informed,
        received=received,
        carried_out=carried_out,
        satisfaction_office=satisfaction_office,
        satisfaction_unit=satisfaction_unit,
        unsatisfied_reason=unsatisfied_reason,
        note=note,
        by=actor,
        unit=step.unit,
        at=step.now,
    )
    step.petition.satisfaction = satisfaction_unit
    step.done(
        state=State.FOLLOWED_UP,
        fields=["satisfaction"],
        note=note,
        data={
            "satisfaction_office": follow_up.get_satisfaction_office_display(),
            "satisfaction_unit": follow_up.get_satisfaction_unit_display(),
        },
    )
    return follow_up


@transaction.atomic
def petition_close(
    *, actor, petition, settled: bool, form: str = "", principle: str, note: str = "", version=None
) -> Petition:
    """办结: 已结已息 (with its form) or 已结未息, and which of 三到位一处理 applied."""
    step = _Step(actor, petition, "close", version)
    errors: dict = {}
    if principle not in ClosingPrinciple.values:
        errors.setdefault("principle", []).append(_("请选择适用的“三到位一处理”情形。"))
    if settled and form not in (SettlementForm.WRITTEN_PLEDGE, SettlementForm.OTHER):
        errors.setdefault("form", []).append(_("已结已息须选择息诉罢访形式（书面保证或其他方式）。"))
    _raise_if(errors)
    p = step.petition
    p.settlement_state = SettlementState.SETTLED if settled else SettlementState.UNSETTLED
    p.settlement_form = form if settled else ""
    p.closing_principle = principle
    p.closed_at = step.now
    p.closed_on_time = _closed_on_time(p)
    step.done(
        state=State.CLOSED,
        note=note,
        data={"settlement": p.get_settlement_state_display(), "form": p.get_settlement_form_display()},
        fields=["settlement_state", "settlement_form", "closing_principle", "closed_at", "closed_on_time"],
    )
    return p


def _closed_on_time(petition) -> bool:
    """On time when the first reply was signed within the (possibly extended) handling deadline."""
    first_lead = (
        Assignment.objects.filter(petition=petition, kind=AssignmentKind.LEAD)
        .exclude(status__in=(AssignmentStatus.RETURNED, AssignmentStatus.WITHDRAWN))
        .order_by("assigned_at")
        .first()
    )
    first_reply = (
        petition.replies.filter(status=ReplyStatus.APPROVED, level=0).order_by("approved_at").first()
    )
    if first_lead is None or first_reply is None:
        return True
    return first_reply.approved_at <= first_lead.due_at


# ---------------------------------------------------------------------------------------------- review


review_window = selectors.review_window


@transaction.atomic
def petition_request_review(
    *,
    actor,
    petition,
    requested_on: dt.date,
    reason: str,
    version=None,
    level: int | None = None,
    via_portal: bool = False,
) -> ReviewRequest:
    """The petitioner asks for 复查 (level 1, after the first reply) or 复核 (level 2, after the 复查 reply),
    inside the window. ``level`` is what was asked for; without it, the next level is meant."""
    if level is None:
        level = 1 if petition.review_level == 0 else 2
    action = "request_review" if level == 1 else "request_rereview"
    step = _Step(actor, petition, action, version, public=via_portal)
    p = step.petition
    reply = step.case.latest_reply
    errors: dict = {}
    _require(errors, "reason", reason, _("请填写申请理由。"))
    if requested_on is None:
        errors.setdefault("requested_on", []).append(_("请填写申请日期。"))
    else:
        last_day = review_window(reply, _system_of(p, reply.unit), level)
        if requested_on < reply.delivered_on:
            errors.setdefault("requested_on", []).append(_("申请日期不能早于收到答复的日期。"))
        elif requested_on > calendar.local_date(step.now):
            errors.setdefault("requested_on", []).append(_("申请日期不能晚于今天。"))
        elif requested_on > last_day:
            days = (requested_on - reply.delivered_on).days
            errors.setdefault("requested_on", []).append(
                _(
                    "已超过申请期限：应在收到%(doc)s之日起30日内（最迟%(last)s）提出，本次为第%(days)s日，依法不予受理。"
                )
                % {"doc": reply.title, "last": last_day.isoformat(), "days": days}
            )
    _raise_if(errors)
    reviewing_unit = _superior_for_review(reply.unit)
    request = ReviewRequest.objects.create(
        petition=p,
        level=level,
        of_reply=reply,
        requested_on=requested_on,
        reason=reason,
        reviewing_unit=reviewing_unit,
        recorded_by=actor,
        recorded_at=step.now,
    )
    kind = AssignmentKind.REVIEW if level == 1 else AssignmentKind.REREVIEW
    _create_assignment(step, reviewing_unit, kind, AssignmentMode.ORDER, reason, None, start=step.now)
    p.handling_unit = reviewing_unit
    if p.state == State.CLOSED:
        p.settlement_state = SettlementState.OPEN
        p.closed_at = None
    step.done(
        state=State.UNDER_REVIEW if level == 1 else State.UNDER_REREVIEW,
        note=reason,
        data={
            "level": level,
            "reviewing_unit": reviewing_unit.name,
            "requested_on": requested_on.isoformat(),
        },
        fields=["handling_unit", "settlement_state", "closed_at"],
    )
    return request


@transaction.atomic
def petition_record_hearing(
    *,
    actor,
    petition,
    held_from: dt.date,
    held_to: dt.date,
    note: str,
    version=None,
    data: dict | None = None,
):
    """A hearing during 复核: its days do not count towards the 复核 limit (条例第三十六条).

    ``data``: what the caller adds to the timeline event (the hearings app passes its hearing record)."""
    step = _Step(actor, petition, "record_hearing", version)
    errors: dict = {}
    if held_from is None or held_to is None or held_to < held_from:
        errors.setdefault("held_to", []).append(_("请填写正确的听证起止日期。"))
    _require(errors, "note", note, _("请简述听证情况。"))
    _raise_if(errors)
    days = (held_to - held_from).days + 1
    request = ReviewRequest.objects.select_for_update().get(petition=step.petition, level=2)
    request.hearing_days += days
    request.save(update_fields=["hearing_days"])
    lead = selectors.lead_assignment(step.petition)
    info = compute_due(
        lead.assigned_at,
        _system_of(step.petition, lead.unit),
        Step.REREVIEW,
        excluded_days=request.hearing_days,
    )
    lead.deadline, lead.due_at, lead.warn_at = info.due_date, info.due_at, info.warn_at
    lead.save(update_fields=["deadline", "due_at", "warn_at"])
    return step.done(note=note, data={**(data or {}), "days": days, "deadline": info.due_date.isoformat()})


# ---------------------------------------------------------------------------------------------- termination


def _sign(step_kind: str, case_id: int, approve: bool, comment: str, user_id: int, at) -> str:
    payload = json.dumps([step_kind, case_id, approve, comment, user_id, at.isoformat()], ensure_ascii=False)
    return hmac.new(settings.SECRET_KEY.encode(), payload.encode(), hashlib.sha256).hexdigest()


def verify_signature(step: TerminationStep) -> bool:
    expected = _sign(step.step, step.case_id, step.approve, step.comment, step.by_id, step.at)
    return hmac.compare_digest(expected, step.signature)


def _sealed(record: TerminationStep) -> dict:
    """What the timeline event of a termination step carries, so the chain seals the signed decision."""
    return {"step": record.pk, "signature": record.signature}


def _termination_step(step, case, kind, approve, comment) -> TerminationStep:
    if not comment.strip():
        raise InvalidInput({"comment": [_("请填写意见。")]})
    record = TerminationStep(
        case=case, step=kind, approve=approve, comment=comment, by=step.actor, unit=step.unit, at=step.now
    )
    record.signature = _sign(kind, case.pk, approve, comment, step.actor.pk, step.now)
    record.save()
    return record


@transaction.atomic
def petition_propose_termination(*, actor, petition, reasons: str, version=None) -> TerminationCase:
    step = _Step(actor, petition, "propose_termination", version)
    if not reasons.strip():
        raise InvalidInput({"reasons": [_("请写明终结理由：法律程序已穷尽、原处理正确、已依法答复的情况。")]})
    case = TerminationCase.objects.create(
        petition=step.petition, proposing_unit=step.unit, reasons=reasons, created_at=step.now
    )
    signed = _termination_step(step, case, TerminationStepKind.PROPOSAL, True, reasons)
    step.done(note=reasons, data={"case": case.pk, **_sealed(signed)})
    return case


def _decide_termination(actor, petition, action, kind, next_status, approve, comment, version):
    step = _Step(actor, petition, action, version)
    case = step.case.open_termination
    if case.steps.filter(by=actor).exists():
        raise DomainError(_("同一人不能在终结审批链中签署两个环节。"))
    step.signed = _termination_step(step, case, kind, approve, comment)
    case.status = next_status if approve else TerminationStatus.REJECTED
    case.save(update_fields=["status"])
    if not approve:
        step.action = "termination_rejected"
        title = _("终结申请被退回：%(number)s") % {"number": step.petition.number}
        _notify(case.proposing_unit, (Role.UNIT_HEAD,), title, step.petition, Kind.DECIDED, comment)
    return step, case


@transaction.atomic
def petition_review_termination(*, actor, petition, approve: bool, comment: str, version=None):
    step, case = _decide_termination(
        actor,
        petition,
        "review_termination",
        TerminationStepKind.REVIEW,
        TerminationStatus.REVIEWED,
        approve,
        comment,
        version,
    )
    step.done(note=comment, data={"approve": approve, **_sealed(step.signed)})
    return case


@transaction.atomic
def petition_sign_termination(*, actor, petition, approve: bool, comment: str, version=None):
    step, case = _decide_termination(
        actor,
        petition,
        "sign_termination",
        TerminationStepKind.SIGN_OFF,
        TerminationStatus.SIGNED,
        approve,
        comment,
        version,
    )
    step.done(note=comment, data={"approve": approve, **_sealed(step.signed)})
    return case


@transaction.atomic
def petition_approve_termination(*, actor, petition, approve: bool, comment: str, version=None):
    """Final approval by the province: the matter is terminated — no more 交办, 统计 or 通报."""
    step, case = _decide_termination(
        actor,
        petition,
        "approve_termination",
        TerminationStepKind.APPROVAL,
        TerminationStatus.APPROVED,
        approve,
        comment,
        version,
    )
    p = step.petition
    if not approve:
        step.done(note=comment, data={"approve": False, **_sealed(step.signed)})
        return case
    Assignment.objects.filter(petition=p, status__in=ACTIVE_ASSIGNMENT).update(
        status=AssignmentStatus.COMPLETED
    )
    p.terminated_at = step.now
    p.closed_at = p.closed_at or step.now
    p.settlement_state = SettlementState.SETTLED
    p.settlement_form = SettlementForm.APPROVED_TERMINATION
    step.done(
        state=State.TERMINATED,
        note=comment,
        data={"approve": True, **_sealed(step.signed)},
        fields=["terminated_at", "closed_at", "settlement_state", "settlement_form"],
    )
    termination_completed(p, event="terminated", actor=actor)
    return case


@transaction.atomic
def petition_waive_review(
    *, actor, petition, stated_on: dt.date, statement: str, version=None
) -> ReviewWaiver:
    """Record the petitioner's written statement that they will not ask for the next review (复查 or 复核).
    It is what lets a case be archived before that window has run out."""
    step = _Step(actor, petition, "waive_review", version)
    p = step.petition
    right = selectors.review_right(p, step.case.latest_reply)
    errors: dict = {}
    _require(errors, "statement", statement, _("请填写信访人声明的内容。"))
    if stated_on is None:
        errors.setdefault("stated_on", []).append(_("请填写声明日期。"))
    elif stated_on < right.reply.delivered_on:
        errors.setdefault("stated_on", []).append(_("声明日期不能早于收到答复的日期。"))
    elif stated_on > calendar.local_date(step.now):
        errors.setdefault("stated_on", []).append(_("声明日期不能晚于今天。"))
    _raise_if(errors)
    waiver = ReviewWaiver.objects.create(
        petition=p,
        level=right.level,
        of_reply=right.reply,
        stated_on=stated_on,
        statement=statement,
        recorded_by=actor,
        recorded_at=step.now,
    )
    step.done(note=statement, data={"level": right.level, "stated_on": stated_on.isoformat()})
    return waiver


# ---------------------------------------------------------------------------------------------- archive


@transaction.atomic
def petition_archive(*, actor, petition, note: str = "", version=None) -> Petition:
    step = _Step(actor, petition, "archive", version)
    step.done(state=State.ARCHIVED, note=note)
    return step.petition
