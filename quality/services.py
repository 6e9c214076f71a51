"""Every write of quality review and accountability, one function per action (DOMAIN §7).

Each function runs in one transaction, checks scope and role, writes its rows and one timeline event on the
petition. Refusals are ``DomainError``s with a Chinese message; invalid input is ``InvalidInput`` with field
errors, and nothing is saved.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidInput, NotVisible, PermissionDenied
from notifications.models import Kind
from notifications.services import notify_unit, notify_users
from organisations.models import Membership, Role, Unit, UnitLevel
from petitions.events import record_event
from petitions.models import AccessReason, CourtInstance, Petition
from petitions.scope import can_see
from petitions.services import grant_access
from quality import selectors
from quality.models import (
    Accountability,
    Aspect,
    CaseStage,
    Finding,
    Grade,
    LookbackCheck,
    LookbackLevel,
    RectificationTask,
    Review,
    ReviewedCase,
    ReviewKind,
    ReviewStatus,
    Sanction,
)

INSTANCE_STAGE = {"first": CaseStage.FIRST, "second": CaseStage.SECOND, "retrial": CaseStage.RETRIAL}
LEVEL_OF_UNIT = {UnitLevel.CITY: LookbackLevel.CITY, UnitLevel.COUNTY: LookbackLevel.COUNTY,
                 UnitLevel.TOWNSHIP: LookbackLevel.TOWNSHIP}  # fmt: skip


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _require(errors: dict, key: str, value, message: str | None = None) -> None:
    if _blank(value):
        errors.setdefault(key, []).append(message or _("此项为必填项。"))


def _raise_if(errors: dict) -> None:
    if errors:
        raise InvalidInput(errors)


def _reviewer(actor, petition: Petition) -> Unit:
    """The acting unit of a reviewer on a petition they can see; 404 outside scope, refusal without role."""
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该信访事项。"))
    unit = selectors.review_unit(actor)
    if unit is None:
        raise PermissionDenied(_("只有评查员、督办员、部门负责人或领导可以进行案件评查和责任追究。"))
    return unit


def _locked_review(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("petition").get(pk=review.pk)


def _open_review(actor, review: Review) -> tuple[Review, Unit]:
    review = _locked_review(review)
    unit = _reviewer(actor, review.petition)
    if review.status != ReviewStatus.OPEN:
        raise DomainError(_("该评查已结束，不能再修改。"), code="review_closed")
    return review, unit


# ---------------------------------------------------------------------------------------------- 评查


@transaction.atomic
def review_open(
    *, actor, petition: Petition, subject: str, instances=(), cases: list[dict] | None = None
) -> Review:
    """Open a 评查 of the original cases behind ``petition``: the petition's recorded court instances
    (``instances``, ids of its ``CourtInstance`` rows) and/or further cases (执行, 复查 …) given as dicts with
    stage, unit, unit_name, case_number, handler."""
    unit = _reviewer(actor, petition)
    errors: dict = {}
    _require(errors, "subject", subject, _("请填写评查事由。"))
    chosen = list(CourtInstance.objects.filter(petition=petition, pk__in=[int(i) for i in instances]))
    if len(chosen) != len(set(instances)):
        errors.setdefault("instances", []).append(_("所选原案不属于该信访事项。"))
    others = [c for c in (cases or []) if not _blank(c.get("case_number"))]
    for case in others:
        if case.get("stage") not in CaseStage.values:
            errors.setdefault("stage", []).append(_("请选择审级/阶段（一审、二审、再审、执行、复查）。"))
        if case.get("unit") is None and _blank(case.get("unit_name")):
            errors.setdefault("unit_name", []).append(_("请选择或填写办案单位。"))
    if not chosen and not others:
        errors.setdefault("instances", []).append(_("请至少选择或填写一件被评查的原案。"))
    _raise_if(errors)
    now = timezone.now()
    review = Review.objects.create(
        petition=petition,
        kind=ReviewKind.QUALITY,
        unit=unit,
        subject=subject.strip(),
        opened_by=actor,
        opened_at=now,
    )
    rows = []
    for instance in chosen:
        court = Unit.objects.filter(name=instance.court_name).order_by("path").first()
        rows.append(
            ReviewedCase(
                review=review,
                source=instance,
                stage=INSTANCE_STAGE.get(instance.instance, CaseStage.FIRST),
                unit=court,
                unit_name=instance.court_name,
                case_number=instance.case_number,
                handler=instance.judge,
            )
        )
    for case in others:
        rows.append(
            ReviewedCase(
                review=review,
                stage=case["stage"],
                unit=case.get("unit"),
                unit_name=(case.get("unit_name") or "").strip() or case["unit"].name,
                case_number=case["case_number"].strip(),
                handler=(case.get("handler") or "").strip(),
            )
        )
    ReviewedCase.objects.bulk_create(rows)
    record_event(
        petition,
        "quality_review_opened",
        actor=actor,
        unit=unit,
        at=now,
        note=review.subject,
        data={"review": review.pk, "cases": [f"{r.get_stage_display()} {r.case_number}" for r in rows]},
    )
    return review


@transaction.atomic
def review_grade_case(
    *, actor, case: ReviewedCase, grade: str, findings: dict[str, dict], conclusion: str
) -> ReviewedCase:
    """Grade one reviewed case 一类/二类/三类 with findings by aspect ({aspect: {"text", "has_problem"}})."""
    review, unit = _open_review(actor, case.review)
    case = ReviewedCase.objects.select_for_update().get(pk=case.pk, review=review)
    errors: dict = {}
    if grade not in Grade.values:
        errors.setdefault("grade", []).append(_("评查等次只能是一类、二类或三类。"))
    _require(errors, "conclusion", conclusion, _("请填写评查意见。"))
    unknown = set(findings) - set(Aspect.values)
    if unknown:
        errors.setdefault("findings", []).append(
            _("评查项目只能是事实认定、证据采信、适用法律、办案程序、法律文书、执行。")
        )
    filled = {a: f for a, f in findings.items() if a in Aspect.values and not _blank(f.get("text"))}
    if not filled:
        errors.setdefault("findings", []).append(_("请至少填写一个评查项目的评查情况。"))
    for aspect, finding in findings.items():
        if finding.get("has_problem") and _blank(finding.get("text")):
            errors.setdefault(f"finding_{aspect}", []).append(_("存在问题的项目请写明评查情况。"))
    if grade == Grade.FIRST and any(f.get("has_problem") for f in filled.values()):
        errors.setdefault("grade", []).append(_("存在问题的案件不能评为一类。"))
    _raise_if(errors)
    now = timezone.now()
    regrade = bool(case.grade)
    case.grade, case.conclusion, case.graded_by, case.graded_at = grade, conclusion.strip(), actor, now
    case.save(update_fields=["grade", "conclusion", "graded_by", "graded_at"])
    Finding.objects.filter(case=case).delete()
    Finding.objects.bulk_create(
        [Finding(case=case, aspect=a, has_problem=bool(f.get("has_problem")), text=f["text"].strip())
         for a, f in filled.items()]
    )  # fmt: skip
    record_event(
        review.petition, "quality_case_graded", actor=actor, unit=unit, at=now, note=case.conclusion,
        data={"review": review.pk, "case": case.case_number, "grade": case.get_grade_display(),
              "regrade": regrade, "problems": [str(Aspect(a).label) for a, f in filled.items()
                                               if f.get("has_problem")]},
    )  # fmt: skip
    return case


@transaction.atomic
def review_add_task(
    *,
    actor,
    review: Review,
    description: str,
    owner_unit: Unit | None,
    deadline: dt.date | None,
    owner=None,
    case: ReviewedCase | None = None,
) -> RectificationTask:
    review, unit = _open_review(actor, review)
    errors: dict = {}
    _require(errors, "description", description, _("请写明整改要求。"))
    if owner_unit is None:
        errors.setdefault("owner_unit", []).append(_("请选择整改责任单位。"))
    if deadline is None:
        errors.setdefault("deadline", []).append(_("请填写整改期限。"))
    elif deadline < timezone.localdate():
        errors.setdefault("deadline", []).append(_("整改期限不能早于今天。"))
    member = (
        owner is None or owner_unit is None or Membership.objects.filter(user=owner, unit=owner_unit).exists()
    )
    if not member:
        errors.setdefault("owner", []).append(_("责任人须是整改责任单位的工作人员。"))
    if case is not None and case.review_id != review.pk:
        errors.setdefault("case", []).append(_("所选案件不属于本次评查。"))
    _raise_if(errors)
    now = timezone.now()
    task = RectificationTask.objects.create(
        review=review,
        case=case,
        description=description.strip(),
        owner_unit=owner_unit,
        owner=owner,
        deadline=deadline,
        created_by=actor,
        created_at=now,
    )
    grant_access(review.petition, reason=AccessReason.ASSIGNED, unit=owner_unit)  # the owner works on it
    record_event(
        review.petition, "quality_task_set", actor=actor, unit=unit, at=now, note=task.description,
        data={"review": review.pk, "task": task.pk, "owner_unit": owner_unit.name,
              "owner": str(owner) if owner else "", "deadline": deadline.isoformat()},
    )  # fmt: skip
    title = _("整改任务：%(number)s") % {"number": review.petition.number}
    if owner is not None:
        notify_users(users=[owner], unit=owner_unit, title=title, body=task.description, kind=Kind.ASSIGNED,
                     petition=review.petition)  # fmt: skip
    else:
        notify_unit(unit=owner_unit, roles=(Role.UNIT_HEAD,), title=title, body=task.description,
                    kind=Kind.ASSIGNED, petition=review.petition)  # fmt: skip
    return task


def can_complete(user, task: RectificationTask) -> bool:
    if task.owner_id == user.pk:
        return True
    return any(
        u.pk == task.owner_unit_id for u in selectors.staff_context(user).units_with(*selectors.TASK_ROLES)
    )


@transaction.atomic
def task_complete(*, actor, task: RectificationTask, note: str) -> RectificationTask:
    task = RectificationTask.objects.select_for_update().select_related("review__petition").get(pk=task.pk)
    petition = task.review.petition
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该信访事项。"))
    if not can_complete(actor, task):
        raise PermissionDenied(_("只有责任人或责任单位的工作人员可以报告整改完成。"))
    if task.completed_at is not None:
        raise DomainError(_("该整改任务已完成。"), code="task_done")
    if _blank(note):
        raise InvalidInput({"note": [_("请写明整改情况。")]})
    now = timezone.now()
    task.completed_at, task.completed_by, task.completion_note = now, actor, note.strip()
    task.save(update_fields=["completed_at", "completed_by", "completion_note"])
    record_event(
        petition,
        "quality_task_done",
        actor=actor,
        unit=task.owner_unit,
        at=now,
        note=task.completion_note,
        data={"task": task.pk, "on_time": timezone.localdate(now) <= task.deadline},
    )
    return task


@transaction.atomic
def review_conclude(*, actor, review: Review, conclusion: str) -> Review:
    review, unit = _open_review(actor, review)
    errors: dict = {}
    _require(errors, "conclusion", conclusion, _("请填写评查结论。"))
    if review.kind == ReviewKind.QUALITY and review.cases.filter(grade="").exists():
        errors.setdefault("conclusion", []).append(_("还有被评查案件未评定等次，不能结束评查。"))
    if review.kind == ReviewKind.LOOKBACK and any(not c.cleared for c in review.checks.all()):
        errors.setdefault("conclusion", []).append(_("还有层级未做到事实清、责任清、问题清，不能结束倒查。"))
    _raise_if(errors)
    now = timezone.now()
    review.status, review.conclusion, review.concluded_at = ReviewStatus.CONCLUDED, conclusion.strip(), now
    review.save(update_fields=["status", "conclusion", "concluded_at"])
    record_event(review.petition, "quality_review_concluded", actor=actor, unit=unit, at=now,
                 note=review.conclusion, data={"review": review.pk, "kind": review.kind})  # fmt: skip
    return review


# ---------------------------------------------------------------------------------------------- 逢访必查


@transaction.atomic
def lookback_open(*, actor, petition: Petition, subject: str, units: list[Unit]) -> Review:
    """逢访必查: look back at the levels (市/县/乡) that handled a new petition; one responsible unit per level."""
    unit = _reviewer(actor, petition)
    errors: dict = {}
    _require(errors, "subject", subject, _("请填写倒查事由。"))
    levels: dict[str, Unit] = {}
    for u in units:
        level = LEVEL_OF_UNIT.get(u.level)
        if level is None:
            errors.setdefault("units", []).append(
                _("只能倒查市、县、乡三级的办理单位：%(unit)s 不在其列。") % {"unit": u.name}
            )
        elif level in levels:
            errors.setdefault("units", []).append(
                _("每一层级只选一个责任单位（%(level)s重复）。") % {"level": LookbackLevel(level).label}
            )
        else:
            levels[level] = u
    if not units:
        errors.setdefault("units", []).append(_("请选择要倒查的层级及其办理单位。"))
    _raise_if(errors)
    now = timezone.now()
    review = Review.objects.create(
        petition=petition,
        kind=ReviewKind.LOOKBACK,
        unit=unit,
        subject=subject.strip(),
        opened_by=actor,
        opened_at=now,
    )
    LookbackCheck.objects.bulk_create(
        [LookbackCheck(review=review, level=lv, unit=u) for lv, u in levels.items()]
    )
    record_event(
        petition,
        "quality_lookback_opened",
        actor=actor,
        unit=unit,
        at=now,
        note=review.subject,
        data={
            "review": review.pk,
            "levels": {str(LookbackLevel(lv).label): u.name for lv, u in levels.items()},
        },
    )
    for u in levels.values():
        notify_unit(unit=u, roles=(Role.UNIT_HEAD,), title=_("逢访必查：%(number)s") % {"number": petition.number},
                    body=review.subject, kind=Kind.INFO, petition=petition)  # fmt: skip
    return review


@transaction.atomic
def lookback_check(
    *,
    actor,
    check: LookbackCheck,
    facts_clear: bool,
    responsibility_clear: bool,
    problem_clear: bool,
    note: str,
) -> LookbackCheck:
    review, unit = _open_review(actor, check.review)
    check = LookbackCheck.objects.select_for_update().get(pk=check.pk, review=review)
    if _blank(note):
        raise InvalidInput({"note": [_("请写明倒查情况。")]})
    now = timezone.now()
    check.facts_clear, check.responsibility_clear, check.problem_clear = (
        facts_clear,
        responsibility_clear,
        problem_clear,
    )
    check.note, check.updated_by, check.updated_at = note.strip(), actor, now
    check.save(
        update_fields=[
            "facts_clear",
            "responsibility_clear",
            "problem_clear",
            "note",
            "updated_by",
            "updated_at",
        ]
    )
    record_event(
        review.petition, "quality_lookback_checked", actor=actor, unit=unit, at=now, note=check.note,
        data={"review": review.pk, "level": check.get_level_display(), "unit": check.unit.name,
              "事实清": facts_clear, "责任清": responsibility_clear, "问题清": problem_clear},
    )  # fmt: skip
    return check


# ---------------------------------------------------------------------------------------------- 责任追究


@transaction.atomic
def accountability_record(
    *,
    actor,
    officer,
    unit: Unit | None,
    error: str,
    sanction: str,
    decision_body: str,
    decided_on: dt.date | None,
    review: Review | None = None,
    case: ReviewedCase | None = None,
) -> Accountability:
    """A 责任追究 record for an officer of the reviewed unit, linked to a review or one of its cases."""
    if case is not None:
        review = case.review
    if review is None:
        raise InvalidInput({"review": [_("责任追究须关联一次评查或一件被评查案件。")]})
    review = Review.objects.select_related("petition").get(pk=review.pk)
    acting = _reviewer(actor, review.petition)
    errors: dict = {}
    if officer is None:
        errors.setdefault("officer", []).append(_("请选择责任人。"))
    if unit is None:
        errors.setdefault("unit", []).append(_("请选择责任单位。"))
    _require(errors, "error", error, _("请写明错误事实。"))
    if sanction not in Sanction.values:
        errors.setdefault("sanction", []).append(_("请选择处理方式。"))
    _require(errors, "decision_body", decision_body, _("请填写决定机关。"))
    if decided_on is None:
        errors.setdefault("decided_on", []).append(_("请填写处理决定日期。"))
    elif decided_on > timezone.localdate():
        errors.setdefault("decided_on", []).append(_("决定日期不能晚于今天。"))
    if unit is not None:
        allowed = [case.unit] if case is not None and case.unit_id else selectors.reviewed_units(review)
        if unit.pk not in {u.pk for u in allowed if u is not None}:
            names = "、".join(u.name for u in allowed if u is not None) or _("（无）")
            errors.setdefault("unit", []).append(
                _("责任单位须是被评查的单位：%(names)s。") % {"names": names}
            )
        elif officer is not None and not Membership.objects.filter(user=officer, unit=unit).exists():
            errors.setdefault("officer", []).append(
                _("%(officer)s 不是被评查单位“%(unit)s”的工作人员，不能对其追究责任。")
                % {"officer": officer, "unit": unit.name}
            )
    _raise_if(errors)
    now = timezone.now()
    record = Accountability.objects.create(
        petition=review.petition,
        review=review,
        case=case,
        officer=officer,
        unit=unit,
        error=error.strip(),
        sanction=sanction,
        decision_body=decision_body.strip(),
        decided_on=decided_on,
        recorded_by=actor,
        recorded_at=now,
    )
    record_event(
        review.petition, "quality_accountability", actor=actor, unit=acting, at=now, note=record.error,
        data={"record": record.pk, "officer": str(officer), "unit": unit.name,
              "sanction": record.get_sanction_display(), "decision_body": record.decision_body,
              "decided_on": decided_on.isoformat()},
    )  # fmt: skip
    return record
