"""Writes of the campaigns app: one function per action, one transaction, a timeline event when a petition is
linked. Bad input raises ``InvalidInput`` with a Chinese message per field and saves nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from analytics.models import Campaign
from campaigns.models import (
    PHASE_ORDER,
    CampaignCase,
    Inspection,
    InspectionKind,
    Phase,
    PhaseKind,
    RectificationTask,
    TypicalCase,
    TypicalStatus,
)
from core.errors import DomainError, InvalidInput, PermissionDenied
from notifications.models import Kind
from notifications.services import notify_users
from organisations.models import Membership, Role, Unit, UnitType, region_code_range
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.scope import get_visible_petition

MANAGING_ROLES = (Role.SUPERVISOR, Role.LEADER, Role.UNIT_HEAD)
MAX_TEXT = 5000


def _within(unit: Unit, committee: Unit) -> bool:
    """Whether ``unit`` lies in the committee's subtree or region."""
    lo, hi = region_code_range(committee.region_id)
    return unit.path.startswith(committee.path) or lo <= unit.region_id <= hi


def committee_units(user) -> list[Unit]:
    """The 政法委 units in which the user may run campaign work (督办员、领导、部门负责人)."""
    return [
        m.unit
        for m in staff_context(user).memberships
        if m.role in MANAGING_ROLES and m.unit.type == UnitType.COMMITTEE
    ]


def managing_units(user, campaign: Campaign) -> list[Unit]:
    """Committees of the user that the campaign belongs to (its unit lies in their subtree or region; a campaign
    without a unit is run by a top-level committee)."""
    units = committee_units(user)
    if campaign.unit_id is None:
        return [u for u in units if u.parent_id is None or u.level == "province"]
    return [u for u in units if _within(campaign.unit, u)]


def can_manage(user, campaign: Campaign) -> bool:
    return bool(managing_units(user, campaign))


def _ensure_manage(actor, campaign: Campaign) -> None:
    if not can_manage(actor, campaign):
        raise PermissionDenied(_("只有负责该专项活动的政法委督办员、领导或部门负责人可以进行此操作。"))


def _text(errors: dict, field: str, value, label: str) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not value:
        errors.setdefault(field, []).append(_("请填写%(label)s。") % {"label": label})
    elif len(value) > MAX_TEXT:
        errors.setdefault(field, []).append(_("%(label)s不能超过%(n)s字。") % {"label": label, "n": MAX_TEXT})
    return value


def _raise(errors: dict) -> None:
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(errors, message=first)


# ------------------------------------------------------------------------------------------------ chosen cases


@transaction.atomic
def campaign_choose_cases(*, campaign: Campaign, actor, petition_ids: list[int]) -> list[CampaignCase]:
    """Choose cases for the campaign (each must be visible to the actor): its cohort becomes the chosen cases."""
    _ensure_manage(actor, campaign)
    if not petition_ids:
        _raise({"petitions": [_("请至少选择一件案件。")]})
    chosen = []
    for pk in petition_ids:
        try:
            petition = get_visible_petition(actor, pk)
        except Exception:  # noqa: BLE001 — Http404 or bad ids: the same message
            _raise({"petitions": [_("案件 %(pk)s 不存在或不在您的范围内。") % {"pk": pk}]})
        item, created = CampaignCase.objects.get_or_create(campaign=campaign, petition=petition,
                                                           defaults={"added_by": actor})  # fmt: skip
        if created:
            record_event(petition, "campaign_case_chosen", actor=actor, data={"campaign": campaign.pk,
                                                                                "name": campaign.name})  # fmt: skip
        chosen.append(item)
    return chosen


# ------------------------------------------------------------------------------------------------ phases


@transaction.atomic
def phases_set(*, campaign: Campaign, actor, phases: list[dict]) -> list[Phase]:
    """Replace the campaign's phases. Each lies inside the campaign, none overlap, and they follow the order
    动员部署 → 集中化解 → 检查验收 → 考核表彰 (a phase may be left out)."""
    _ensure_manage(actor, campaign)
    errors: dict[str, list[str]] = {}
    clean: list[tuple[str, dt.date, dt.date]] = []
    seen = set()
    for item in phases:
        kind, starts, ends = item.get("kind"), item.get("starts_on"), item.get("ends_on")
        if kind not in PHASE_ORDER:
            errors.setdefault("kind", []).append(_("阶段无效。"))
            continue
        label = PhaseKind(kind).label
        if kind in seen:
            errors.setdefault("kind", []).append(_("阶段“%(p)s”重复。") % {"p": label})
            continue
        seen.add(kind)
        if not isinstance(starts, dt.date) or not isinstance(ends, dt.date):
            errors.setdefault("starts_on", []).append(_("请填写“%(p)s”的开始和结束日期。") % {"p": label})
            continue
        if ends < starts:
            errors.setdefault("ends_on", []).append(_("“%(p)s”的结束日期不能早于开始日期。") % {"p": label})
        if starts < campaign.starts_on or ends > campaign.ends_on:
            errors.setdefault("starts_on", []).append(
                _("“%(p)s”应在活动期间（%(a)s至%(b)s）之内。")
                % {"p": label, "a": campaign.starts_on.isoformat(), "b": campaign.ends_on.isoformat()}
            )
        clean.append((kind, starts, ends))
    if not clean and not errors:
        errors["kind"] = [_("请至少填写一个阶段。")]
    ordered = sorted(clean, key=lambda p: PHASE_ORDER.index(p[0]))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after[1] <= before[2]:
            errors.setdefault("starts_on", []).append(
                _("“%(b)s”应在“%(a)s”结束之后开始，阶段不能重叠或颠倒。")
                % {"a": PhaseKind(before[0]).label, "b": PhaseKind(after[0]).label}
            )
    _raise(errors)
    campaign.phases.all().delete()
    return [Phase.objects.create(campaign=campaign, kind=k, starts_on=s, ends_on=e) for k, s, e in ordered]


# ------------------------------------------------------------------------------------------------ inspections


def _member_users(unit: Unit):
    return Membership.objects.filter(unit=unit).values("user_id")


@transaction.atomic
def inspection_record(*, campaign: Campaign, actor, kind: str, inspecting_unit: Unit, inspected_unit: Unit,
                      inspected_on, findings: str, petition_id: int | None = None,
                      tasks: list[dict] | None = None) -> Inspection:  # fmt: skip
    """A 检查记录 by a committee running the campaign, with its rectification tasks (each owned by a person of the
    inspected unit or a unit below it)."""
    if inspecting_unit is None or not any(
        u.pk == inspecting_unit.pk for u in managing_units(actor, campaign)
    ):
        raise PermissionDenied(_("只有负责该专项活动的政法委可以记录检查。"))
    errors: dict[str, list[str]] = {}
    if kind not in InspectionKind.values:
        errors["kind"] = [_("请选择检查方式。")]
    if inspected_unit is None or not _within(inspected_unit, inspecting_unit):
        errors["inspected_unit"] = [_("被检查单位应在检查单位的辖区内。")]
    if not isinstance(inspected_on, dt.date):
        errors["inspected_on"] = [_("请填写检查日期。")]
    elif not (campaign.starts_on <= inspected_on <= campaign.ends_on):
        errors["inspected_on"] = [_("检查日期应在活动期间之内。")]
    findings = _text(errors, "findings", findings, _("发现问题"))
    petition = None
    if petition_id:
        try:
            petition = get_visible_petition(actor, petition_id)
        except Exception:  # noqa: BLE001
            errors["petition"] = [_("案件不存在或不在您的范围内。")]
    clean_tasks = []
    for task in tasks or []:
        owner, owner_unit, deadline = task.get("owner"), task.get("owner_unit"), task.get("deadline")
        description = _text(errors, "tasks", task.get("description"), _("整改要求"))
        if (
            owner_unit is None
            or inspected_unit is None
            or not owner_unit.path.startswith(inspected_unit.path)
        ):
            errors.setdefault("tasks", []).append(_("整改单位应为被检查单位或其下级单位。"))
        elif owner is None or not Membership.objects.filter(unit=owner_unit, user=owner).exists():
            errors.setdefault("tasks", []).append(_("整改责任人应为整改单位的工作人员。"))
        if not isinstance(deadline, dt.date):
            errors.setdefault("tasks", []).append(_("请填写整改期限。"))
        elif isinstance(inspected_on, dt.date) and deadline < inspected_on:
            errors.setdefault("tasks", []).append(_("整改期限不能早于检查日期。"))
        clean_tasks.append((description, owner_unit, owner, deadline))
    _raise(errors)
    inspection = Inspection.objects.create(
        campaign=campaign, kind=kind, inspecting_unit=inspecting_unit, inspected_unit=inspected_unit,
        inspected_on=inspected_on, findings=findings, petition=petition, created_by=actor,
    )  # fmt: skip
    for description, owner_unit, owner, deadline in clean_tasks:
        RectificationTask.objects.create(inspection=inspection, description=description, owner_unit=owner_unit,
                                         owner=owner, deadline=deadline)  # fmt: skip
        notify_users(users=[owner], unit=owner_unit, kind=Kind.ASSIGNED, petition=petition,
                     title=_("整改任务：%(t)s（%(d)s前完成）") % {"t": description[:40], "d": deadline.isoformat()})  # fmt: skip
    if petition is not None:
        record_event(petition, "campaign_inspection", actor=actor, unit=inspecting_unit, note=findings,
                     data={"campaign": campaign.pk, "inspection": inspection.pk, "kind": kind})  # fmt: skip
    return inspection


@transaction.atomic
def rectification_complete(*, task: RectificationTask, actor, note: str) -> RectificationTask:
    task = (
        RectificationTask.objects.select_for_update(of=("self",))
        .select_related("inspection__petition")
        .get(pk=task.pk)
    )
    if task.owner_id != actor.pk:
        raise PermissionDenied(_("只有整改责任人可以办结整改任务。"))
    if task.done_at is not None:
        raise DomainError(_("该整改任务已经完成。"))
    errors: dict[str, list[str]] = {}
    note = _text(errors, "note", note, _("整改情况"))
    _raise(errors)
    task.done_at, task.note = timezone.now(), note
    task.save(update_fields=["done_at", "note"])
    if task.inspection.petition_id:
        record_event(task.inspection.petition, "campaign_rectified", actor=actor, unit=task.owner_unit, note=note,
                     data={"inspection": task.inspection_id, "task": task.pk})  # fmt: skip
    return task


# ------------------------------------------------------------------------------------------------ typical cases


def submitting_units(user) -> list[Unit]:
    """Units the user may submit typical cases for: county-level units they are a member of."""
    return [m.unit for m in staff_context(user).memberships if m.unit.level == "county"]


@transaction.atomic
def typical_case_submit(*, campaign: Campaign, actor, unit: Unit, petition_id, title: str, summary: str,
                        what_worked: str) -> TypicalCase:  # fmt: skip
    if unit is None or not any(u.pk == unit.pk for u in submitting_units(actor)):
        raise PermissionDenied(_("只有县级单位的工作人员可以报送本单位的典型案例。"))
    errors: dict[str, list[str]] = {}
    petition = None
    try:
        petition = get_visible_petition(actor, petition_id)
    except Exception:  # noqa: BLE001
        errors["petition"] = [_("案件不存在或不在您的范围内。")]
    if petition is not None and TypicalCase.objects.filter(campaign=campaign, petition=petition).exists():
        errors["petition"] = [_("该案件已经报送过典型案例。")]
    title = _text(errors, "title", title, _("标题"))
    if len(title) > 100:
        errors["title"] = [_("标题不能超过100字。")]
    summary = _text(errors, "summary", summary, _("案情摘要"))
    what_worked = _text(errors, "what_worked", what_worked, _("经验做法"))
    _raise(errors)
    case = TypicalCase.objects.create(campaign=campaign, unit=unit, petition=petition, title=title, summary=summary,
                                      what_worked=what_worked, submitted_by=actor)  # fmt: skip
    record_event(petition, "typical_case_submitted", actor=actor, unit=unit, note=title,
                 data={"campaign": campaign.pk, "typical_case": case.pk})  # fmt: skip
    return case


@transaction.atomic
def typical_case_review(*, case: TypicalCase, actor, selected: bool, reason: str = "") -> TypicalCase:
    case = (
        TypicalCase.objects.select_for_update(of=("self",))
        .select_related("campaign", "petition", "unit")
        .get(pk=case.pk)
    )
    committees = [u for u in managing_units(actor, case.campaign) if _within(case.unit, u)]
    if not committees:
        raise PermissionDenied(_("只有负责该专项活动的政法委可以评审典型案例。"))
    if case.status != TypicalStatus.SUBMITTED:
        raise DomainError(_("该典型案例已经评审。"))
    reason = (reason or "").strip()
    if not selected and not reason:
        _raise({"reason": [_("退回时请填写理由。")]})
    if len(reason) > MAX_TEXT:
        _raise({"reason": [_("评审意见不能超过%(n)s字。") % {"n": MAX_TEXT}]})
    case.status = TypicalStatus.SELECTED if selected else TypicalStatus.RETURNED
    case.review_reason, case.reviewed_by, case.reviewed_at = reason, actor, timezone.now()
    case.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
    record_event(case.petition, "typical_case_reviewed", actor=actor, unit=committees[0], note=reason,
                 data={"typical_case": case.pk, "status": case.status})  # fmt: skip
    return case
