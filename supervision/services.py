"""Writes of 包案, 包片 and 督办: one function per action, one transaction, one timeline event each."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotVisible, PermissionDenied
from deadlines import calendar
from notifications.services import notify_unit, notify_users
from organisations.models import Membership, Role, Unit, UnitType
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.models import AccessReason, State
from petitions.scope import can_see
from petitions.services import grant_access
from supervision.models import (
    AreaAssignment,
    Escalation,
    Handover,
    OwnerAction,
    OwnershipPlan,
    PlanStatus,
    ReportKind,
    ReportStatus,
    SignOff,
    Supervision,
    SupervisionReport,
    SupervisionStatus,
    Urge,
)

PLANNERS = (Role.UNIT_HEAD, Role.SUPERVISOR, Role.LEADER, Role.OWNER_LEADER)
SUPERVISORS = (Role.SUPERVISOR, Role.UNIT_HEAD, Role.LEADER)
REPORTERS = (Role.HANDLER, Role.UNIT_HEAD, Role.RECEPTION)
NOT_YET_ACCEPTED = (State.REGISTERED, State.TRANSFERRED_OUT, State.DECLINED, State.DIVERTED)
DIFFERENT = (
    ("owner_leader", "owner_officer"),
    ("supervising_leader", "supervising_officer"),
    ("stability_leader", "stability_officer"),
    ("owner_leader", "co_owner_leader"),
)


def today() -> dt.date:
    return calendar.local_date(timezone.now())


def _at_or_above(unit: Unit, other: Unit | None) -> bool:
    return other is not None and other.path.startswith(unit.path)


def oversees(unit: Unit, other: Unit | None) -> bool:
    """``unit`` is ``other`` or above it in the tree, or a 政法委 whose region contains ``other``'s."""
    if _at_or_above(unit, other):
        return True
    if other is None or unit.type != UnitType.COMMITTEE:
        return False
    lo, hi = unit.region.code_range()
    return lo <= other.region_id <= hi


def case_unit(petition) -> Unit:
    """The unit the case is with: the handling unit, else the registering unit."""
    return petition.handling_unit or petition.registered_unit


def owner_units(petition) -> list[Unit]:
    """Units allowed to own the case: the unit it is with and the units above it."""
    unit = case_unit(petition)
    regions, region = [], unit.region
    while region is not None:
        regions.append(region.pk)
        region = region.parent
    committees = Unit.objects.filter(type=UnitType.COMMITTEE, region_id__in=regions)
    return list({u.pk: u for u in [*unit.ancestors(), unit, *committees]}.values())


def _acting_unit(actor, petition, roles) -> Unit:
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该信访事项。"))
    units = [u for u in staff_context(actor).units_with(*roles) if oversees(u, case_unit(petition))]
    if not units:
        raise PermissionDenied(_("您所在单位或岗位不能对该事项办理此项工作。"))
    return units[0]


def _check_owners(petition, people: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    allowed = {u.pk for u in owner_units(petition)}
    for field, user in people.items():
        if user is None:
            continue
        ok = Membership.objects.filter(user=user, unit_id__in=allowed).exclude(
            role__in=(Role.LAWYER, Role.SYSADMIN)
        )
        if not user.is_active or not ok.exists():
            errors.setdefault(field, []).append(
                _("该人员所在单位不能包办此事项（须为承办单位或其上级单位的工作人员）。")
            )
    for a, b in DIFFERENT:
        if people.get(a) is not None and people.get(a) == people.get(b):
            errors.setdefault(b, []).append(_("同一人不能同时担任这两个岗位。"))
    return errors


ANALYSIS_FIELDS = (
    "history_facts", "problem_nature", "handling_principle", "petition_demands",
    "responsibility", "social_relations", "crux", "existing_replies", "flaws",
)  # fmt: skip


@transaction.atomic
def plan_create(
    *, actor, petition, owner_leader, owner_officer, measures: str, target_date: dt.date,
    co_owner_leader=None, supervising_leader=None, supervising_officer=None, stability_leader=None,
    stability_officer=None, analysis: dict | None = None,
) -> OwnershipPlan:  # fmt: skip
    """Put an accepted case under 包案 (四定一包): the six people, the measures, the target date, the analysis."""
    unit = _acting_unit(actor, petition, PLANNERS)
    people = {
        "owner_leader": owner_leader, "co_owner_leader": co_owner_leader, "owner_officer": owner_officer,
        "supervising_leader": supervising_leader, "supervising_officer": supervising_officer,
        "stability_leader": stability_leader, "stability_officer": stability_officer,
    }  # fmt: skip
    errors = _check_owners(petition, people)
    if petition.state in NOT_YET_ACCEPTED:
        errors.setdefault("__all__", []).append(_("只有已受理的事项才能落实包案。"))
    if OwnershipPlan.objects.filter(petition=petition).exists():
        errors.setdefault("__all__", []).append(_("该事项已有包案方案，更换包案人请办理交接。"))
    if not (measures or "").strip():
        errors.setdefault("measures", []).append(_("请填写化解方案。"))
    if target_date is None or target_date < today():
        errors.setdefault("target_date", []).append(_("化解期限不能早于今天。"))
    if errors:
        raise InvalidInput(errors)
    analysis = {k: (analysis or {}).get(k, "") or "" for k in ANALYSIS_FIELDS}
    plan = OwnershipPlan.objects.create(
        petition=petition, unit=unit, measures=measures, target_date=target_date, created_by=actor,
        last_action_at=timezone.now(), **people, **analysis,
    )  # fmt: skip
    grant_access(petition, reason=AccessReason.OWNER, unit=unit)
    for user in people.values():
        if user is not None:
            grant_access(petition, reason=AccessReason.OWNER, user=user)
    record_event(
        petition, "ownership_planned", actor=actor, unit=unit, note=measures,
        data={"target_date": target_date, **{k: getattr(v, "pk", None) for k, v in people.items()}},
    )  # fmt: skip
    notify_users(
        users=[u for u in people.values() if u is not None], unit=unit, kind="ownership",
        title=_("您被确定为信访事项 %(number)s 的包案人员") % {"number": petition.number}, petition=petition,
    )  # fmt: skip
    return plan


@transaction.atomic
def plan_handover(*, actor, plan: OwnershipPlan, role: str, to_user, reason: str) -> Handover:
    """Owners change only through a recorded handover."""
    plan = OwnershipPlan.objects.select_for_update().get(pk=plan.pk)
    petition = plan.petition
    _acting_unit(actor, petition, PLANNERS)
    errors: dict[str, list[str]] = {}
    if role not in OwnershipPlan.ROLE_FIELDS:
        errors["role"] = [_("请选择要交接的岗位。")]
    if not (reason or "").strip():
        errors["reason"] = [_("请写明交接原因。")]
    if plan.status != PlanStatus.ACTIVE:
        errors["__all__"] = [_("包案已结束，不能交接。")]
    if errors:
        raise InvalidInput(errors)
    people = {f: getattr(plan, f) for f in OwnershipPlan.ROLE_FIELDS}
    previous = people[role]
    if previous is not None and previous == to_user:
        raise InvalidInput({"to_user": [_("接手人与原责任人相同。")]})
    people[role] = to_user
    errors = _check_owners(petition, people)
    if errors:
        raise InvalidInput({"to_user": [m for ms in errors.values() for m in ms]})
    handover = Handover.objects.create(
        plan=plan, role=role, from_user=previous, to_user=to_user, reason=reason, actor=actor
    )
    setattr(plan, role, to_user)
    plan.save(update_fields=[role])
    if previous is not None:  # a new owner signs for themself
        SignOff.objects.filter(plan=plan, user=previous).delete()
    grant_access(petition, reason=AccessReason.OWNER, user=to_user)
    record_event(
        petition, "ownership_handover", actor=actor, unit=plan.unit, note=reason,
        data={"role": role, "from": getattr(previous, "pk", None), "to": to_user.pk},
    )  # fmt: skip
    return handover


def _plan_of(actor, plan):
    if not can_see(actor, plan.petition):
        raise NotVisible(_("未找到该信访事项。"))
    if actor.pk not in plan.owner_ids():
        raise PermissionDenied(_("只有本事项的包案人员才能登记。"))


@transaction.atomic
def owner_log_action(*, actor, plan: OwnershipPlan, kind: str, on: dt.date, note: str) -> OwnerAction:
    """A leader's personal work on the case (亲自接访、阅卷、协调、约见当事人、下访)."""
    _plan_of(actor, plan)
    errors: dict[str, list[str]] = {}
    from supervision.models import OwnerActionKind

    if kind not in OwnerActionKind.values:
        errors["kind"] = [_("请选择办理方式。")]
    if on is None or on > today():
        errors["on"] = [_("日期不能晚于今天。")]
    if not (note or "").strip():
        errors["note"] = [_("请填写办理情况。")]
    if errors:
        raise InvalidInput(errors)
    action = OwnerAction.objects.create(plan=plan, kind=kind, on=on, note=note, actor=actor)
    OwnershipPlan.objects.filter(pk=plan.pk).update(last_action_at=timezone.now())
    Supervision.objects.filter(petition=plan.petition, status=SupervisionStatus.OPEN).update(
        last_activity_at=timezone.now()
    )
    record_event(
        plan.petition, "owner_action", actor=actor, unit=plan.unit, note=note,
        data={"kind": kind, "label": str(OwnerActionKind(kind).label), "on": on},
    )  # fmt: skip
    return action


@transaction.atomic
def plan_sign_off(*, actor, plan: OwnershipPlan, note: str = "") -> SignOff:
    """双签字: each required owner signs that the case may be closed."""
    _plan_of(actor, plan)
    if actor.pk not in plan.required_signers():
        raise PermissionDenied(_("只有双签字的包案人员才能签字。"))
    try:
        with transaction.atomic():
            signoff = SignOff.objects.create(plan=plan, user=actor, note=note)
    except IntegrityError:
        raise InvalidInput({"__all__": [_("您已签字。")]}) from None
    record_event(plan.petition, "owner_signoff", actor=actor, unit=plan.unit, note=note)
    return signoff


def missing_signoffs(petition) -> list[int]:
    plan = OwnershipPlan.objects.filter(petition=petition, status=PlanStatus.ACTIVE).first()
    if plan is None:
        return []
    signed = set(plan.signoffs.values_list("user_id", flat=True))
    return [pk for pk in plan.required_signers() if pk not in signed]


AREA_ASSIGNERS = (Role.SUPERVISOR, Role.LEADER, Role.UNIT_HEAD)
AREA_LEADERS = (Role.LEADER, Role.OWNER_LEADER, Role.UNIT_HEAD)


def area_committees(user) -> list[Unit]:
    """The 政法委 units for which the user (督办员, 领导 or 部门负责人 there) may assign and end 包片."""
    return [u for u in staff_context(user).units_with(*AREA_ASSIGNERS) if u.type == UnitType.COMMITTEE]


def _area_record(area: AreaAssignment, *, actor, action: str) -> None:
    from audit.models import Act  # noqa: PLC0415
    from audit.services import audit_record  # noqa: PLC0415

    audit_record(
        act=Act.PERMISSION_CHANGE, actor=actor, obj=area, object_repr=f"包片：{area.leader}",
        details={"action": action, "leader": area.leader_id, "committee": area.committee_id,
                 "units": sorted(u.pk for u in area.units.all()), "note": area.note, "reason": area.end_reason},
    )  # fmt: skip


@transaction.atomic
def area_assign(
    *, actor, leader, units: list[Unit], note: str = "", committee: Unit | None = None
) -> AreaAssignment:
    """包片: a 政法委 (its 督办员, 领导 or 部门负责人) assigns a leader of its region the units of its region they
    oversee. Recorded in the audit log; the leader is notified."""
    committees = area_committees(actor)
    if committee is not None and not any(c.pk == committee.pk for c in committees):
        raise PermissionDenied(_("只有本单位政法委的督办员、领导或部门负责人可以指定包片。"))
    if not committees:
        raise PermissionDenied(_("只有政法委的督办员、领导或部门负责人可以指定包片。"))
    units = list(dict.fromkeys(units))
    if committee is None:  # the caller's committee whose region holds every unit
        committee = next((c for c in committees if all(oversees(c, u) for u in units)), committees[0])
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if not units:
        errors["units"] = [_("请选择包片单位。")]
    elif not all(oversees(committee, u) for u in units):
        errors["units"] = [_("只能指定本辖区内的单位。")]
    if leader is None or not any(
        m.role in AREA_LEADERS and oversees(committee, m.unit)
        for m in Membership.objects.filter(user=leader).select_related("unit")
    ):
        errors["leader"] = [_("包片领导须为本辖区的领导、包案领导或部门负责人。")]
    elif units and not errors.get("units"):
        taken = AreaAssignment.objects.filter(leader=leader, is_active=True, units__in=units).values_list(
            "units__name", flat=True
        )
        if taken:
            errors["units"] = [_("该领导已包片：%(units)s。") % {"units": "、".join(sorted(set(taken)))}]
    if len(note) > 200:
        errors["note"] = [_("说明不能超过200字。")]
    if errors:
        raise InvalidInput(errors, message=next(iter(errors.values()))[0])
    area = AreaAssignment.objects.create(leader=leader, committee=committee, note=note, created_by=actor)
    area.units.set(units)
    _area_record(area, actor=actor, action="area_assign")
    names = "、".join(u.name for u in units)
    notify_users(users=[leader], unit=committee, kind="info",
                 title=_("%(committee)s指定您包片：%(units)s") % {"committee": committee.name, "units": names})  # fmt: skip
    return area


@transaction.atomic
def area_end(*, actor, area: AreaAssignment, reason: str = "") -> AreaAssignment:
    """End a 包片 assignment (kept, with who ended it, when and why); recorded in the audit log."""
    area = AreaAssignment.objects.select_for_update().get(pk=area.pk)
    if area.committee_id is None or not any(c.pk == area.committee_id for c in area_committees(actor)):
        raise PermissionDenied(_("只有指定该包片的政法委可以结束包片。"))
    if not area.is_active:
        raise InvalidInput({"__all__": [_("该包片已经结束。")]}, message=_("该包片已经结束。"))
    reason = (reason or "").strip()
    if len(reason) > 200:
        raise InvalidInput({"reason": [_("结束原因不能超过200字。")]}, message=_("结束原因不能超过200字。"))
    area.is_active, area.ended_at, area.ended_by, area.end_reason = False, timezone.now(), actor, reason
    area.save(update_fields=["is_active", "ended_at", "ended_by", "end_reason"])
    _area_record(area, actor=actor, action="area_end")
    return area


# ------------------------------------------------------------------ 督办


@transaction.atomic
def supervision_open(
    *, actor, petition, level: str, source: str, instructions: str, deadline: dt.date,
    report_interval_days: int = 15, rectification: bool = False, on_site: bool = False,
) -> Supervision:  # fmt: skip
    """A 政法委 or a superior unit puts the case under supervision of the unit it is with."""
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该信访事项。"))
    supervised = case_unit(petition)
    units = [
        u for u in staff_context(actor).units_with(*SUPERVISORS)
        if oversees(u, supervised) and u.pk != supervised.pk
    ]  # fmt: skip
    if not units:
        raise PermissionDenied(_("只有上级单位或政法委才能督办该事项。"))
    unit = units[0]
    errors: dict[str, list[str]] = {}
    from supervision.models import Level, Source

    if level not in Level.values:
        errors["level"] = [_("请选择督办层级。")]
    if source not in Source.values:
        errors["source"] = [_("请选择督办来源。")]
    if not (instructions or "").strip():
        errors["instructions"] = [_("请填写督办要求。")]
    if deadline is None or deadline < today():
        errors["deadline"] = [_("办结期限不能早于今天。")]
    if not report_interval_days or not 1 <= report_interval_days <= 90:
        errors["report_interval_days"] = [_("报告间隔须在1至90天之间。")]
    if petition.state in NOT_YET_ACCEPTED:
        errors.setdefault("__all__", []).append(_("只有已受理的事项才能督办。"))
    if Supervision.objects.filter(petition=petition, supervising_unit=unit, status="open").exists():
        errors.setdefault("__all__", []).append(_("本单位已在督办该事项。"))
    if errors:
        raise InvalidInput(errors)
    sup = Supervision.objects.create(
        petition=petition, supervising_unit=unit, supervised_unit=supervised, level=level, source=source,
        instructions=instructions, deadline=deadline, report_interval_days=report_interval_days,
        rectification=rectification, on_site=on_site, created_by=actor, last_activity_at=timezone.now(),
    )  # fmt: skip
    grant_access(petition, reason=AccessReason.SUPERVISING, unit=unit)
    record_event(
        petition, "supervision_opened", actor=actor, unit=unit, note=instructions,
        data={"supervision": sup.pk, "level": level, "source": source, "deadline": deadline,
              "supervised_unit": supervised.pk, "rectification": rectification, "on_site": on_site},
    )  # fmt: skip
    notify_unit(
        unit=supervised, roles=(Role.UNIT_HEAD, Role.HANDLER), kind="supervision", petition=petition,
        title=_("%(unit)s督办信访事项 %(number)s，请于%(deadline)s前办结")
        % {"unit": unit.name, "number": petition.number, "deadline": deadline.isoformat()},
        body=instructions,
    )  # fmt: skip
    return sup


def _supervising_member(actor, sup: Supervision):
    if not can_see(actor, sup.petition):
        raise NotVisible(_("未找到该信访事项。"))
    units = staff_context(actor).units_with(*SUPERVISORS)
    if not any(_at_or_above(u, sup.supervising_unit) for u in units):
        raise PermissionDenied(_("只有督办单位才能办理此项。"))


def _supervised_member(actor, sup: Supervision) -> Unit:
    if not can_see(actor, sup.petition):
        raise NotVisible(_("未找到该信访事项。"))
    units = [u for u in staff_context(actor).units_with(*REPORTERS) if u.pk == sup.supervised_unit_id]
    if not units:
        raise PermissionDenied(_("只有被督办单位才能报告办理情况。"))
    return units[0]


@transaction.atomic
def supervision_mark(*, actor, supervision: Supervision, rectification: bool, on_site: bool) -> Supervision:
    """限期整改 and 蹲点督办 marks."""
    sup = Supervision.objects.select_for_update().get(pk=supervision.pk)
    _supervising_member(actor, sup)
    sup.rectification, sup.on_site = rectification, on_site
    sup.save(update_fields=["rectification", "on_site"])
    record_event(
        sup.petition, "supervision_marked", actor=actor, unit=sup.supervising_unit,
        data={"supervision": sup.pk, "rectification": rectification, "on_site": on_site},
    )  # fmt: skip
    return sup


@transaction.atomic
def report_submit(
    *,
    actor,
    supervision: Supervision | None,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    text: str,
) -> SupervisionReport:
    """The supervised unit's 进展报告 or 办结报告."""
    if supervision is None:
        raise InvalidInput({"__all__": [_("该事项未在督办中，无需报告。")]})
    sup = Supervision.objects.select_for_update().get(pk=supervision.pk)
    unit = _supervised_member(actor, sup)
    errors: dict[str, list[str]] = {}
    if sup.status != SupervisionStatus.OPEN:
        errors["__all__"] = [_("该事项未在督办中，无需报告。")]
    if kind not in ReportKind.values:
        errors["kind"] = [_("请选择报告类型。")]
    if not (text or "").strip():
        errors["text"] = [_("请填写报告内容。")]
    if period_start is None or period_end is None or period_start > period_end:
        errors["period_end"] = [_("报告期止不能早于报告期起。")]
    elif period_end > today():
        errors["period_end"] = [_("报告期止不能晚于今天。")]
    elif (
        sup.reports.exclude(status=ReportStatus.RETURNED)
        .filter(period_start__lte=period_end, period_end__gte=period_start)
        .exists()
    ):
        errors["period_start"] = [_("报告期与已报送的报告重叠。")]
    if kind == ReportKind.FINAL and sup.reports.filter(kind=kind, status=ReportStatus.SUBMITTED).exists():
        errors.setdefault("kind", []).append(_("已有待审核的办结报告。"))
    if errors:
        raise InvalidInput(errors)
    report = SupervisionReport.objects.create(
        supervision=sup, kind=kind, period_start=period_start, period_end=period_end, text=text,
        submitted_by=actor,
    )  # fmt: skip
    sup.last_activity_at = timezone.now()
    sup.save(update_fields=["last_activity_at"])
    record_event(
        sup.petition, "supervision_report", actor=actor, unit=unit, note=text,
        data={"supervision": sup.pk, "report": report.pk, "kind": kind, "from": period_start, "to": period_end},
    )  # fmt: skip
    notify_unit(
        unit=sup.supervising_unit, roles=SUPERVISORS, kind="supervision", petition=sup.petition,
        title=_("%(unit)s报送了督办事项 %(number)s 的%(kind)s")
        % {"unit": unit.name, "number": sup.petition.number, "kind": ReportKind(kind).label},
    )  # fmt: skip
    return report


@transaction.atomic
def report_review(*, actor, report: SupervisionReport, accept: bool, note: str = "") -> SupervisionReport:
    """The supervisor accepts a report, or sends it back with a reason; an accepted 办结报告 ends the supervision."""
    report = SupervisionReport.objects.select_for_update().select_related("supervision").get(pk=report.pk)
    sup = report.supervision
    _supervising_member(actor, sup)
    if report.status != ReportStatus.SUBMITTED:
        raise InvalidInput({"__all__": [_("该报告已审核。")]})
    if not accept and not (note or "").strip():
        raise InvalidInput({"note": [_("退回时请写明理由。")]})
    now = timezone.now()
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_note = actor, now, note
    report.save()
    if accept and report.kind == ReportKind.FINAL:
        sup.status, sup.closed_at = SupervisionStatus.CLOSED, now
        sup.save(update_fields=["status", "closed_at"])
    record_event(
        sup.petition, "supervision_report_accepted" if accept else "supervision_report_returned",
        actor=actor, unit=sup.supervising_unit, note=note,
        data={"supervision": sup.pk, "report": report.pk, "kind": report.kind},
    )  # fmt: skip
    notify_unit(
        unit=sup.supervised_unit, roles=REPORTERS, kind="supervision", petition=sup.petition, body=note,
        title=(_("督办报告已采纳：%(number)s") if accept else _("督办报告被退回：%(number)s"))
        % {"number": sup.petition.number},
    )  # fmt: skip
    return report


@transaction.atomic
def urge_send(*, actor, supervision: Supervision, text: str) -> Urge:
    """催办: a message to the supervised unit whose reading is recorded."""
    sup = supervision
    _supervising_member(actor, sup)
    if sup.status != SupervisionStatus.OPEN:
        raise InvalidInput({"__all__": [_("督办已办结，无需催办。")]})
    if not (text or "").strip():
        raise InvalidInput({"text": [_("请填写催办内容。")]})
    urge = Urge.objects.create(supervision=sup, text=text, sent_by=actor)
    record_event(sup.petition, "supervision_urged", actor=actor, unit=sup.supervising_unit, note=text,
                 data={"supervision": sup.pk, "urge": urge.pk})  # fmt: skip
    notify_unit(
        unit=sup.supervised_unit, roles=REPORTERS, kind="urge", petition=sup.petition, body=text,
        title=_("催办：信访事项 %(number)s") % {"number": sup.petition.number},
    )  # fmt: skip
    return urge


@transaction.atomic
def urge_mark_read(*, actor, urge: Urge) -> Urge:
    """The read receipt: the first reader of the supervised unit is recorded, once."""
    urge = Urge.objects.select_for_update().select_related("supervision").get(pk=urge.pk)
    _supervised_member(actor, urge.supervision)
    if urge.read_at is None:
        urge.read_by, urge.read_at = actor, timezone.now()
        urge.save(update_fields=["read_by", "read_at"])
        record_event(
            urge.supervision.petition, "supervision_urge_read", actor=actor, unit=urge.supervision.supervised_unit,
            data={"urge": urge.pk},
        )  # fmt: skip
    return urge


def escalation_days() -> tuple[int, int]:
    return (
        int(getattr(settings, "XINFANG_SUPERVISION_ESCALATE_DAYS", 3)),
        int(getattr(settings, "XINFANG_SUPERVISION_ESCALATE_MORE_DAYS", 10)),
    )


def sweep_escalations(*, on: dt.date | None = None, limit: int = 500) -> int:
    """Escalate overdue supervisions: after the first threshold notify the supervising unit, after the second
    the unit above it. Each step is a row with a unique constraint, so a rerun never fires twice."""
    on = on or today()
    first, second = escalation_days()
    fired = 0
    for step, days in ((1, first), (2, second)):
        cutoff = on - dt.timedelta(days=days)
        while True:
            with transaction.atomic():
                batch = list(
                    Supervision.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(status="open", deadline__lt=cutoff, escalation_level__lt=step)
                    .select_related("supervising_unit__parent", "petition")
                    .order_by("deadline", "id")[:limit]
                )
                for sup in batch:
                    fired += _escalate(sup, step, on)
            if len(batch) < limit:
                break
    return fired


def _escalate(sup: Supervision, step: int, on: dt.date) -> int:
    target = sup.supervising_unit if step == 1 else (sup.supervising_unit.parent or sup.supervising_unit)
    overdue = (on - sup.deadline).days
    try:
        with transaction.atomic():
            Escalation.objects.create(supervision=sup, step=step, notified_unit=target, days_overdue=overdue)
    except IntegrityError:
        Supervision.objects.filter(pk=sup.pk, escalation_level__lt=step).update(escalation_level=step)
        return 0
    Supervision.objects.filter(pk=sup.pk).update(escalation_level=step)
    record_event(
        sup.petition, "supervision_escalated", unit=target,
        note=_("督办事项超期%(days)d天，已提请%(unit)s督促") % {"days": overdue, "unit": target.name},
        data={"supervision": sup.pk, "step": step, "days_overdue": overdue, "notified_unit": target.pk},
    )  # fmt: skip
    notify_unit(
        unit=target, roles=SUPERVISORS, kind="escalation", petition=sup.petition,
        title=_("督办事项 %(number)s 已超期%(days)d天（%(unit)s）")
        % {"number": sup.petition.number, "days": overdue, "unit": sup.supervised_unit.name},
    )  # fmt: skip
    return 1
