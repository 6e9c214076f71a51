"""Writes of 稳控帮扶, 心理疏导 and 代办员: one function per action, one transaction, one timeline event."""

import datetime as dt

from django.db import transaction
from django.db.models import F as models_F
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from care import rules
from care.models import (
    AgentActionKind,
    AgentAssignment,
    CareReason,
    CareStatus,
    CareTask,
    CareVisit,
    CounsellingSession,
    ResponsibleKind,
    VisitMode,
)
from core.errors import DomainError, InvalidInput, NotVisible, PermissionDenied
from notifications.models import Kind
from notifications.services import notify_unit
from organisations.models import Role, Unit, UnitType
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.models import AccessReason, Petition
from petitions.scope import can_see
from petitions.services import grant_access

ASSIGN_ROLES = (Role.UNIT_HEAD, Role.SUPERVISOR, Role.OWNER_LEADER)


def _raise_if(errors: dict):
    if errors:
        raise InvalidInput(errors)


def _text(errors: dict, key: str, value: str, message: str):
    if not (value or "").strip():
        errors.setdefault(key, []).append(message)


def _date(errors: dict, key: str, value, *, past_only: bool, label: str):
    today = timezone.localdate()
    if value is None:
        errors.setdefault(key, []).append(_("请填写%(label)s。") % {"label": label})
    elif past_only and value > today:
        errors.setdefault(key, []).append(_("%(label)s不能晚于今天。") % {"label": label})


def _visible(actor, petition) -> Petition:
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该信访事项。"))
    return petition


# ---------------------------------------------------------------------------------------------- 稳控帮扶


def locality_committee(petition) -> Unit | None:
    """The 政法委 where the petitioner lives (人案分离): the petition's residence, else the first petitioner's,
    else where the problem arose; the nearest level that has a 政法委 (county, then city, then province)."""
    code = petition.residence_region_id
    if not code:
        first = petition.petitioners.exclude(residence_region=None).order_by("parties__id").first()
        code = first.residence_region_id if first else None
    code = code or petition.problem_region_id
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        unit = (
            Unit.objects.filter(region_id=candidate, type=UnitType.COMMITTEE, is_active=True)
            .order_by("path")
            .first()
        )
        if unit is not None:
            return unit
    return None


def care_task_open(*, petition, reason: str, actor=None) -> CareTask | None:
    """Open the care task of a terminated matter (or one that came back). Called inside the handling
    service's transaction (``handling.hooks``); a matter with an open task keeps it."""
    committee = locality_committee(petition)
    if committee is None:
        return None
    existing = CareTask.objects.filter(petition=petition, status=CareStatus.OPEN).first()
    if existing is not None:
        return existing
    now = timezone.now()
    task = CareTask.objects.create(petition=petition, committee=committee, reason=reason, created_at=now)
    grant_access(petition, reason=AccessReason.ASSIGNED, unit=committee)
    record_event(
        petition,
        "care_task_opened",
        actor=actor,
        unit=committee,
        at=now,
        note=_("转属地 %(unit)s 稳控帮扶（%(reason)s）")
        % {"unit": committee.name, "reason": CareReason(reason).label},
        data={"task": task.pk, "committee": committee.pk, "reason": reason},
    )
    title = _("请对已终结事项做好稳控帮扶：%(number)s") % {"number": petition.number}
    transaction.on_commit(
        lambda: notify_unit(
            unit=committee,
            roles=(Role.SUPERVISOR, Role.UNIT_HEAD),
            title=title,
            petition=petition,
            kind=Kind.INFO,
        )
    )
    return task


def _locked_task(actor, task) -> CareTask:
    locked = (
        CareTask.objects.select_for_update()
        .filter(pk=task.pk)
        .select_related("petition", "committee")
        .first()
    )
    if locked is None or not can_see(actor, locked.petition):
        raise NotVisible(_("未找到该稳控帮扶任务。"))
    if not rules.can_manage_care(actor, locked):
        raise PermissionDenied(_("只有属地政法委的工作人员可以办理稳控帮扶任务。"))
    return locked


@transaction.atomic
def care_task_plan(
    *,
    actor,
    task,
    responsible_name: str,
    responsible_kind: str,
    responsible_phone: str = "",
    visit_interval_days: int | None,
    first_visit_on: dt.date | None,
    plan: str,
) -> CareTask:
    task = _locked_task(actor, task)
    if task.status != CareStatus.OPEN:
        raise DomainError(_("该帮扶任务已结束。"))
    errors: dict = {}
    _text(errors, "responsible_name", responsible_name, _("请填写责任人（如网格员）姓名。"))
    if responsible_kind not in ResponsibleKind.values:
        errors["responsible_kind"] = [_("请选择责任人身份。")]
    if not visit_interval_days or not 1 <= visit_interval_days <= 365:
        errors["visit_interval_days"] = [_("走访周期应为 1 至 365 天。")]
    if first_visit_on is None:
        errors["first_visit_on"] = [_("请填写首次走访日期。")]
    elif first_visit_on < timezone.localdate():
        errors["first_visit_on"] = [_("首次走访日期不能早于今天。")]
    _text(errors, "plan", plan, _("请填写帮扶计划。"))
    _raise_if(errors)
    task.responsible_name = responsible_name.strip()
    task.responsible_kind = responsible_kind
    task.responsible_phone = responsible_phone.strip()
    task.visit_interval_days = visit_interval_days
    task.next_visit_on = first_visit_on
    task.plan = plan
    task.save()
    record_event(
        task.petition,
        "care_planned",
        actor=actor,
        unit=task.committee,
        note=_("责任人：%(name)s（%(kind)s），每 %(days)s 天走访一次，首次 %(first)s")
        % {
            "name": task.responsible_name,
            "kind": ResponsibleKind(responsible_kind).label,
            "days": visit_interval_days,
            "first": first_visit_on.isoformat(),
        },
        data={"task": task.pk, "interval": visit_interval_days, "first_visit_on": first_visit_on.isoformat()},
    )
    return task


@transaction.atomic
def care_visit_log(
    *, actor, task, visited_on: dt.date, mode: str, situation: str, help_given: str
) -> CareVisit:
    task = _locked_task(actor, task)
    if task.status != CareStatus.OPEN:
        raise DomainError(_("该帮扶任务已结束。"))
    errors: dict = {}
    _date(errors, "visited_on", visited_on, past_only=True, label=_("走访日期"))
    if visited_on is not None and visited_on < timezone.localdate(task.created_at):
        errors.setdefault("visited_on", []).append(_("走访日期不能早于帮扶任务生成日期。"))
    if mode not in VisitMode.values:
        errors["mode"] = [_("请选择走访方式。")]
    _text(errors, "situation", situation, _("请填写当事人现状。"))
    _raise_if(errors)
    now = timezone.now()
    visit = CareVisit.objects.create(
        task=task,
        visited_on=visited_on,
        mode=mode,
        situation=situation,
        help_given=help_given,
        recorded_by=actor,
        recorded_at=now,
    )
    if task.visit_interval_days:
        task.next_visit_on = visited_on + dt.timedelta(days=task.visit_interval_days)
        task.overdue_flagged_for = None
        task.save(update_fields=["next_visit_on", "overdue_flagged_for"])
    record_event(
        task.petition,
        "care_visited",
        actor=actor,
        unit=task.committee,
        at=now,
        note=situation,
        data={"task": task.pk, "visit": visit.pk, "visited_on": visited_on.isoformat(), "help": help_given},
    )
    return visit


@transaction.atomic
def care_task_close(*, actor, task, note: str) -> CareTask:
    task = _locked_task(actor, task)
    if task.status != CareStatus.OPEN:
        raise DomainError(_("该帮扶任务已结束。"))
    if not (note or "").strip():
        raise InvalidInput({"note": [_("请写明结束帮扶的理由（如已息诉罢访）。")]})
    task.status = CareStatus.CLOSED
    task.closed_at = timezone.now()
    task.close_note = note
    task.save(update_fields=["status", "closed_at", "close_note"])
    record_event(
        task.petition, "care_closed", actor=actor, unit=task.committee, note=note, data={"task": task.pk}
    )
    return task


def care_flag_overdue(*, today: dt.date | None = None) -> int:
    """The periodic sweep: each open task whose planned visit is past gets one timeline event and one notice per
    missed date (a rerun flags nothing twice). Rows are taken with ``skip_locked`` and handled one by one."""
    today = today or timezone.localdate()
    flagged = 0
    due = CareTask.objects.filter(status=CareStatus.OPEN, next_visit_on__lt=today).filter(
        Q(overdue_flagged_for__isnull=True) | ~Q(overdue_flagged_for=models_F("next_visit_on"))
    )
    for pk in list(due.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            task = (
                CareTask.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=CareStatus.OPEN, next_visit_on__lt=today)
                .select_related("petition", "committee")
                .first()
            )
            if task is None or task.overdue_flagged_for == task.next_visit_on:
                continue
            task.overdue_flagged_for = task.next_visit_on
            task.save(update_fields=["overdue_flagged_for"])
            days = (today - task.next_visit_on).days
            record_event(
                task.petition,
                "care_visit_overdue",
                unit=task.committee,
                note=_("计划 %(date)s 的走访已逾期 %(days)s 天")
                % {"date": task.next_visit_on.isoformat(), "days": days},
                data={"task": task.pk, "planned": task.next_visit_on.isoformat(), "days": days},
            )
            petition, committee = task.petition, task.committee
            title = _("稳控帮扶走访逾期：%(number)s") % {"number": petition.number}
            transaction.on_commit(
                lambda c=committee, p=petition, t=title: notify_unit(
                    unit=c, roles=(Role.SUPERVISOR, Role.UNIT_HEAD), title=t, petition=p, kind=Kind.REMINDER
                )
            )
            flagged += 1
    return flagged


# ---------------------------------------------------------------------------------------------- 心理疏导


@transaction.atomic
def counselling_record(*, actor, petition, held_on: dt.date, notes: str) -> CounsellingSession:
    """The timeline records that a session took place, never what was said."""
    petition = _visible(actor, petition)
    ctx = staff_context(actor)
    units = ctx.scope_units
    if not units:
        raise PermissionDenied(_("只有工作人员可以记录心理疏导。"))
    errors: dict = {}
    _date(errors, "held_on", held_on, past_only=True, label=_("疏导日期"))
    _text(errors, "notes", notes, _("请填写疏导记录。"))
    _raise_if(errors)
    session = CounsellingSession.objects.create(
        petition=petition,
        counsellor=actor,
        unit=units[0],
        held_on=held_on,
        notes=notes,
        created_at=timezone.now(),
    )
    record_event(
        petition,
        "counselling_held",
        actor=actor,
        unit=units[0],
        note=_("进行了心理疏导（记录仅疏导人员、承办单位负责人和政法委可查看）"),
        data={"session": session.pk, "held_on": held_on.isoformat()},
    )
    return session


# ---------------------------------------------------------------------------------------------- 代办员


@transaction.atomic
def agent_assign(*, actor, petition, agent, note: str = "") -> AgentAssignment:
    petition = _visible(actor, petition)
    ctx = staff_context(actor)
    units = ctx.units_with(*ASSIGN_ROLES)
    if not units:
        raise PermissionDenied(_("只有部门负责人、督办员或包案领导可以指派代办员。"))
    errors: dict = {}
    if agent is None:
        errors["agent"] = [_("请选择代办员。")]
    else:
        agent_ctx = staff_context(agent)
        if not agent.is_active or not agent_ctx.scope_units:
            errors["agent"] = [_("代办员须是在职工作人员。")]
        elif AgentAssignment.objects.filter(petition=petition, agent=agent, active=True).exists():
            errors["agent"] = [_("该工作人员已是本事项的代办员。")]
    _raise_if(errors)
    assignment = AgentAssignment.objects.create(
        petition=petition,
        agent=agent,
        unit=units[0],
        assigned_by=actor,
        assigned_at=timezone.now(),
        note=note,
    )
    record_event(
        petition,
        "agent_assigned",
        actor=actor,
        unit=units[0],
        note=_("指派代办员：%(agent)s") % {"agent": agent},
        data={"assignment": assignment.pk, "agent": agent.pk},
    )
    return assignment


@transaction.atomic
def agent_end(*, actor, assignment, note: str = "") -> AgentAssignment:
    locked = (
        AgentAssignment.objects.select_for_update()
        .filter(pk=assignment.pk)
        .select_related("petition")
        .first()
    )
    if locked is None or not can_see(actor, locked.petition):
        raise NotVisible(_("未找到该代办指派。"))
    if not locked.active:
        raise DomainError(_("该代办已结束。"))
    if actor != locked.assigned_by and not any(
        staff_context(actor).has_role(r, locked.unit) for r in ASSIGN_ROLES
    ):
        raise PermissionDenied(_("只有指派单位的负责人可以结束代办。"))
    locked.active = False
    locked.ended_at = timezone.now()
    locked.save(update_fields=["active", "ended_at"])
    record_event(
        locked.petition,
        "agent_ended",
        actor=actor,
        unit=locked.unit,
        note=note or _("代办结束：%(agent)s") % {"agent": locked.agent},
        data={"assignment": locked.pk, "agent": locked.agent_id},
    )
    return locked


@transaction.atomic
def agent_record_action(*, actor, petition, kind: str, note: str):
    """What the agent did for the petitioner, on the timeline."""
    petition = _visible(actor, petition)
    assignment = AgentAssignment.objects.filter(petition=petition, agent=actor, active=True).first()
    if assignment is None:
        raise PermissionDenied(_("您不是本事项的代办员。"))
    errors: dict = {}
    if kind not in AgentActionKind.values:
        errors["kind"] = [_("请选择代办事项类别。")]
    _text(errors, "note", note, _("请写明代办的情况。"))
    _raise_if(errors)
    return record_event(
        petition,
        "agent_action",
        actor=actor,
        unit=assignment.unit,
        note=note,
        data={"assignment": assignment.pk, "kind": kind, "kind_label": str(AgentActionKind(kind).label)},
    )
