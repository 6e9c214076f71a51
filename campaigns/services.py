"""Writes of the campaigns app: one function per action, one transaction, a timeline event when a petition is
linked. Bad input raises ``InvalidInput`` with a Chinese message per field and saves nothing."""

from __future__ import annotations

import copy
import datetime as dt
from typing import NoReturn

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from analytics.models import SUPERVISION_LEVELS, Campaign
from analytics.selectors import unit_scope_petitions
from campaigns.models import (
    PHASE_ORDER,
    CampaignCase,
    Inspection,
    InspectionKind,
    Phase,
    PhaseKind,
    RectificationTask,
    ScopeChange,
    TypicalCase,
    TypicalStatus,
)
from campaigns.selectors import visible_ids_by_number
from core.errors import DomainError, InvalidInput, PermissionDenied
from core.validators import FOUNDING
from notifications.models import Kind
from notifications.services import notify_users
from organisations.models import Membership, Role, System, Unit, UnitType, region_code_range
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.models import Petition, ProblemCategory, Tag
from petitions.scope import get_visible_petition, visible_petitions

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


# ------------------------------------------------------------------------------------------------ scope by filter

SCOPE_FIELDS = ("backlog_only", "tag", "system", "problem_category", "registered_from", "registered_to",
                "unresolved_before", "supervised_level")  # fmt: skip
LEVEL_KEYS = [key for key, _label in SUPERVISION_LEVELS]


def scope_of(campaign: Campaign) -> dict:
    """The campaign's scope by filter as plain values (the record of a change, the API's answer)."""
    return {
        "backlog_only": campaign.backlog_only,
        "tag": campaign.tag_id,
        "system": campaign.system,
        "problem_category": campaign.problem_category,
        "registered_from": campaign.registered_from.isoformat() if campaign.registered_from else None,
        "registered_to": campaign.registered_to.isoformat() if campaign.registered_to else None,
        "unresolved_before": campaign.unresolved_before.isoformat() if campaign.unresolved_before else None,
        "supervised_level": campaign.supervised_level,
    }


def campaign_scope_clean(*, campaign: Campaign, backlog_only=False, tag=None, system="", problem_category="",
                         registered_from=None, registered_to=None, unresolved_before=None,
                         supervised_level="") -> dict:  # fmt: skip
    """The scope's values checked (no database write): raises ``InvalidInput`` with a Chinese message per field.

    Dates lie between the founding of the PRC and the campaign's end; 登记日期至 is not before 登记日期自;
    ``unresolved_before`` is after 登记日期自 (else no case can be in the cohort); a campaign limited to no unit
    needs at least one condition (else it would count every case of the province)."""
    errors: dict[str, list[str]] = {}
    if not isinstance(backlog_only, bool):
        errors["backlog_only"] = [_("“仅积案”应为是或否。")]
    if tag is not None and not (isinstance(tag, Tag) and tag.pk):
        errors["tag"] = [_("专题标签不存在。")]
    system = system or ""
    if system and system not in System.values:
        errors["system"] = [_("责任系统无效。")]
    problem_category = problem_category or ""
    if problem_category and problem_category not in ProblemCategory.values:
        errors["problem_category"] = [_("问题类别无效。")]
    supervised_level = supervised_level or ""
    if supervised_level and supervised_level not in LEVEL_KEYS:
        errors["supervised_level"] = [_("督办层级应为中央、省、市或县。")]
    labels = {"registered_from": _("登记日期自"), "registered_to": _("登记日期至"),
              "unresolved_before": _("此日前未化解")}  # fmt: skip
    dates = {"registered_from": registered_from, "registered_to": registered_to,
             "unresolved_before": unresolved_before}  # fmt: skip
    for field, value in dates.items():
        if value is None:
            continue
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            errors[field] = [_("%(label)s不是有效日期。") % {"label": labels[field]}]
        elif not FOUNDING <= value <= campaign.ends_on:
            errors[field] = [
                _("%(label)s应在%(lo)s至活动结束日（%(hi)s）之间。")
                % {"label": labels[field], "lo": FOUNDING.isoformat(), "hi": campaign.ends_on.isoformat()}
            ]
    start, end, cutoff = (dates[f] if f not in errors else None for f in dates)
    if start and end and end < start:
        errors.setdefault("registered_to", []).append(_("登记日期至不能早于登记日期自。"))
    if start and cutoff and cutoff <= start:
        errors.setdefault("unresolved_before", []).append(
            _("“此日前未化解”应晚于登记日期自，否则没有案件符合条件。")
        )
    limited = backlog_only is True or any(
        (tag, system, problem_category, registered_from, registered_to, unresolved_before, supervised_level)
    )
    if not errors and campaign.unit_id is None and not limited:
        errors["backlog_only"] = [_("全省范围的活动请至少设置一个范围条件，否则将统计全部信访事项。")]
    _raise(errors)
    return {"backlog_only": backlog_only, "tag": tag, "system": system, "problem_category": problem_category,
            "registered_from": registered_from, "registered_to": registered_to,
            "unresolved_before": unresolved_before, "supervised_level": supervised_level}  # fmt: skip


def scope_applied(campaign: Campaign, values: dict) -> Campaign:
    """An unsaved copy of the campaign with these (checked) scope values: what the cohort would be."""
    preview = copy.copy(campaign)  # Django copies the instance's state and its cache of related objects
    for field, value in values.items():
        setattr(preview, field, value)
    return preview


@transaction.atomic
def campaign_scope_set(*, campaign: Campaign, actor, **values) -> Campaign:
    """Set the campaign's scope by filter (``SCOPE_FIELDS``), recorded with the values before and after. Chosen
    cases, when there are any, still decide the cohort; the filter applies again once they are all removed."""
    _ensure_manage(actor, campaign)
    unknown = set(values) - set(SCOPE_FIELDS)
    if unknown:
        raise TypeError(f"unknown scope fields: {sorted(unknown)}")
    clean = campaign_scope_clean(campaign=campaign, **values)
    locked = (
        Campaign.objects.select_for_update(of=("self",)).select_related("unit", "tag").get(pk=campaign.pk)
    )
    before = scope_of(locked)
    for field, value in clean.items():
        setattr(locked, field, value)
    after = scope_of(locked)
    if before != after:
        locked.save(update_fields=list(SCOPE_FIELDS))
        ScopeChange.objects.create(campaign=locked, changed_by=actor, before=before, after=after)
    return locked


# ------------------------------------------------------------------------------------------------ chosen cases

MAX_CASES_AT_ONCE = 200


def _refuse(field: str, message: str) -> NoReturn:
    raise InvalidInput({field: [message]}, message=message)


def _petition_ids(petition_ids, found=()) -> list[int]:
    """Distinct positive integer ids in the order given (then ``found``, ids already looked up); anything else is
    a field error."""
    if isinstance(petition_ids, str | bytes) or not isinstance(petition_ids, list | tuple | set):
        _refuse("petitions", _("请选择案件。"))
    ids: list[int] = []
    for value in [*petition_ids, *found]:
        try:
            pk = int(value)
        except (TypeError, ValueError, OverflowError):
            _refuse("petitions", _("案件编号无效。"))
        if not 0 < pk < 2**63:
            _refuse("petitions", _("案件编号无效。"))
        if pk not in ids:
            ids.append(pk)
    if not ids:
        _refuse("petitions", _("请至少选择一件案件。"))
    if len(ids) > MAX_CASES_AT_ONCE:
        _refuse("petitions", _("一次最多选择%(n)s件案件。") % {"n": MAX_CASES_AT_ONCE})
    return ids


def _visible_for_campaign(actor, campaign: Campaign, ids: list[int]) -> dict[int, Petition]:
    """The petitions of ``ids``, each visible to the actor: one that is not (another unit's, or none) is refused
    with the same message as one that does not exist."""
    found = {p.pk: p for p in visible_petitions(actor, Petition.objects.filter(pk__in=ids))}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        _refuse("petitions", _("案件 %(pk)s 不存在或不在您的范围内。") % {"pk": missing[0]})
    return found


@transaction.atomic
def campaign_choose_cases(*, campaign: Campaign, actor, petition_ids=(), numbers=()) -> list[CampaignCase]:
    """Choose cases for the campaign, by id (``petition_ids``) and by registration number (``numbers``): its cohort
    becomes the chosen cases. Each case must be visible to the actor (a number outside the actor's scope is
    refused like one that does not exist) and, for a campaign of a unit, lie in that unit's scope (its subtree,
    and a 政法委's region). A case already chosen is left as it is. One timeline event per case newly chosen;
    returns those new choices."""
    _ensure_manage(actor, campaign)
    numbers = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    by_number = visible_ids_by_number(actor, numbers)
    unknown = [n for n in numbers if n not in by_number]
    if unknown:
        _refuse("numbers", _("登记编号 %(n)s 不存在或不在您的范围内。") % {"n": unknown[0]})
    ids = _petition_ids(petition_ids, found=by_number.values())
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("unit").get(pk=campaign.pk)
    found = _visible_for_campaign(actor, campaign, ids)
    if campaign.unit_id:
        inside = set(
            unit_scope_petitions(campaign.unit, Petition.objects.filter(pk__in=ids)).values_list(
                "pk", flat=True
            )
        )
        outside = [found[pk] for pk in ids if pk not in inside]
        if outside:
            _refuse("petitions", _("案件 %(number)s 不在本活动的单位范围（%(unit)s）内。")
                    % {"number": outside[0].number, "unit": campaign.unit.name})  # fmt: skip
    already = set(
        CampaignCase.objects.filter(campaign=campaign, petition_id__in=ids).values_list(
            "petition_id", flat=True
        )
    )
    unit = next(iter(managing_units(actor, campaign)), None)
    chosen = []
    for pk in ids:
        if pk in already:
            continue
        chosen.append(CampaignCase.objects.create(campaign=campaign, petition=found[pk], added_by=actor))
        record_event(found[pk], "campaign_case_chosen", actor=actor, unit=unit, note=campaign.name,
                     data={"campaign": campaign.pk, "name": campaign.name})  # fmt: skip
    return chosen


@transaction.atomic
def campaign_unchoose_cases(*, campaign: Campaign, actor, petition_ids: list[int]) -> int:
    """Take chosen cases out of the campaign (each visible to the actor and chosen), one timeline event each.
    When none is left, the campaign's scope by filter decides its cohort again. Returns how many were removed."""
    _ensure_manage(actor, campaign)
    ids = _petition_ids(petition_ids)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    found = _visible_for_campaign(actor, campaign, ids)
    rows = {c.petition_id: c for c in CampaignCase.objects.filter(campaign=campaign, petition_id__in=ids)}
    absent = [found[pk] for pk in ids if pk not in rows]
    if absent:
        _refuse("petitions", _("案件 %(number)s 不是本活动的选定案件。") % {"number": absent[0].number})
    unit = next(iter(managing_units(actor, campaign)), None)
    CampaignCase.objects.filter(pk__in=[c.pk for c in rows.values()]).delete()
    for pk in ids:
        record_event(found[pk], "campaign_case_removed", actor=actor, unit=unit, note=campaign.name,
                     data={"campaign": campaign.pk, "name": campaign.name,
                           "added_by": rows[pk].added_by_id, "added_at": rows[pk].added_at})  # fmt: skip
    return len(ids)


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
