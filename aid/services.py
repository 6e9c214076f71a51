"""司法救助 writes: apply → review → approval chain by amount → payment; refusal with reason at any step.

Each function runs in one transaction and writes one timeline event. The budget row of the unit and year is
locked (``select_for_update``) whenever an amount is checked against or added to it, so two approvals cannot
together overspend it."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aid.models import (
    AidApplication,
    AidApprovalLevel,
    AidBudget,
    AidDecision,
    AidDocument,
    AidPayment,
    AidStatus,
    PaymentMethod,
    Relation,
)
from aid.money import amount_errors, yuan
from audit.models import Act
from audit.services import audit_record
from core.errors import DomainError, InvalidInput, NotVisible, PermissionDenied
from core.filecrypt import EncryptingFile
from core.files import clean_filename, validate_upload
from organisations.models import Role, Unit
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.scope import can_see

APPLY_ROLES = (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD)
REVIEW_ROLES = (Role.HANDLER, Role.UNIT_HEAD)
PAY_ROLES = (Role.HANDLER, Role.UNIT_HEAD)


def _raise_if(errors: dict):
    if errors:
        raise InvalidInput(errors)


def _require_text(errors: dict, key: str, value: str, message: str):
    if not (value or "").strip():
        errors.setdefault(key, []).append(message)


def required_levels(unit: Unit, amount: Decimal) -> list[tuple[int, str]]:
    """The approval steps an amount needs at ``unit``: every configured level whose threshold it reaches."""
    rows = list(AidApprovalLevel.objects.filter(unit=unit, min_amount__lte=amount).order_by("level"))
    if not rows and not AidApprovalLevel.objects.filter(unit=unit).exists():
        return [(1, Role.UNIT_HEAD)]
    return [(r.level, r.role) for r in rows]


def next_level(application: AidApplication) -> tuple[int, str] | None:
    done = set(application.decisions.values_list("level", flat=True))
    amount = application.amount_granted or application.amount_requested
    for level, role in required_levels(application.unit, amount):
        if level not in done:
            return level, role
    return None


def locked_budget(unit: Unit, year: int) -> AidBudget | None:
    return AidBudget.objects.select_for_update().filter(unit=unit, year=year).first()


def _over_budget(budget: AidBudget | None, amount: Decimal, year: int) -> str:
    if budget is None:
        return _("本单位尚未设置 %(year)s 年度司法救助预算，不能受理救助申请。") % {"year": year}
    if amount > budget.remaining:
        return _("金额 %(amount)s 超过本单位 %(year)s 年度司法救助预算余额 %(remaining)s，不予救助。") % {
            "amount": yuan(amount),
            "year": year,
            "remaining": yuan(budget.remaining),
        }
    return ""


def _check_member(actor, unit: Unit, roles, message: str):
    ctx = staff_context(actor)
    if not any(ctx.has_role(r, unit) for r in roles):
        raise PermissionDenied(message)


def _locked_application(actor, application) -> AidApplication:
    app = (
        AidApplication.objects.select_for_update()
        .filter(pk=application.pk)
        .select_related("petition")
        .first()
    )
    if app is None or not can_see(actor, app.petition):
        raise NotVisible(_("未找到该司法救助申请。"))
    return app


@transaction.atomic
def aid_budget_set(*, actor, unit: Unit, year: int, amount) -> AidBudget:
    """Set a unit's yearly budget (its 部门负责人); never below what is already granted."""
    _check_member(actor, unit, (Role.UNIT_HEAD,), _("只有本单位部门负责人可以设置司法救助预算。"))
    value, errors = amount_errors(amount)
    if errors:
        raise InvalidInput({"amount": errors})
    budget, _created = AidBudget.objects.select_for_update().get_or_create(
        unit=unit, year=year, defaults={"amount": value}
    )
    if value < budget.granted:
        raise InvalidInput(
            {"amount": [_("预算不能低于已批准的金额 %(granted)s。") % {"granted": yuan(budget.granted)}]}
        )
    budget.amount = value
    budget.save(update_fields=["amount"])
    return budget


APPROVER_ROLES = (Role.UNIT_HEAD, Role.OWNER_LEADER, Role.LEADER)
MAX_LEVELS = 3


@transaction.atomic
def aid_levels_set(*, actor, unit: Unit, steps: list[tuple[str, str]]) -> list[AidApprovalLevel]:
    """Set the unit's approval chain (its 部门负责人): ``steps`` is ``[(min_amount, role), …]`` in order; the first
    step applies from 0 元 (its amount is ignored), each later one from a higher amount. The chain applies to the
    decisions taken from now on. Recorded in the audit log (who may approve public money is a permission)."""
    _check_member(actor, unit, (Role.UNIT_HEAD,), _("只有本单位部门负责人可以设置司法救助审批层级。"))
    errors: dict[str, list[str]] = {}
    if not steps:
        errors["role_1"] = [_("至少需要一级审批。")]
    if len(steps) > MAX_LEVELS:
        errors["__all__"] = [_("审批层级最多 %(n)s 级。") % {"n": MAX_LEVELS}]
    rows, previous = [], Decimal("0")
    for level, (amount, role) in enumerate(steps[:MAX_LEVELS], start=1):
        if role not in APPROVER_ROLES:
            errors.setdefault(f"role_{level}", []).append(_("请选择审批角色。"))
        value = Decimal("0")
        if level > 1:
            value, problems = amount_errors(amount)
            if problems:
                errors.setdefault(f"amount_{level}", []).extend(problems)
                continue
            if value <= previous:
                errors.setdefault(f"amount_{level}", []).append(
                    _("第%(level)s级的起始金额须高于上一级的 %(previous)s。")
                    % {"level": level, "previous": yuan(previous)}
                )
            previous = value
        rows.append(AidApprovalLevel(unit=unit, level=level, min_amount=value, role=role))
    _raise_if(errors)
    before = [str(level) for level in AidApprovalLevel.objects.filter(unit=unit).order_by("level")]
    AidApprovalLevel.objects.filter(unit=unit).delete()
    created = AidApprovalLevel.objects.bulk_create(rows)
    after = [str(level) for level in created]
    if before != after:
        audit_record(
            act=Act.PERMISSION_CHANGE,
            actor=actor,
            obj=unit,
            details={"司法救助审批层级": {"old": before, "new": after}},
        )
    return created


@transaction.atomic
def aid_apply(
    *,
    actor,
    petition,
    unit: Unit,
    applicant_name: str,
    relation: str,
    harm: str,
    hardship: str,
    amount,
    documents=(),
) -> AidApplication:
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该信访事项。"))
    _check_member(actor, unit, APPLY_ROLES, _("只有本单位接访员、承办人或部门负责人可以登记司法救助申请。"))
    errors: dict = {}
    _require_text(errors, "applicant_name", applicant_name, _("请填写申请人姓名。"))
    if relation not in Relation.values:
        errors.setdefault("relation", []).append(_("请选择申请人与被害人的关系。"))
    _require_text(errors, "harm", harm, _("请写明受到的损害。"))
    _require_text(errors, "hardship", hardship, _("请写明生活困难情况。"))
    value, amount_problems = amount_errors(amount)
    if amount_problems:
        errors["amount"] = amount_problems
    checked = []
    for upload in documents:
        try:
            checked.append((upload, *validate_upload(upload)))
        except ValidationError as exc:
            errors.setdefault("documents", []).extend(exc.messages)
    now = timezone.now()
    year = timezone.localdate(now).year
    if value is not None:
        problem = _over_budget(locked_budget(unit, year), value, year)
        if problem:
            errors.setdefault("amount", []).append(problem)
    _raise_if(errors)
    application = AidApplication.objects.create(
        petition=petition,
        unit=unit,
        year=year,
        applicant_name=applicant_name.strip(),
        relation=relation,
        harm=harm,
        hardship=hardship,
        amount_requested=value,
        created_by=actor,
        created_at=now,
    )
    stored = []
    try:
        for upload, content_type, _digest in checked:
            doc = AidDocument(
                application=application, original_name=clean_filename(upload.name), content_type=content_type
            )
            encrypted = EncryptingFile(upload)
            doc.file.save("aid", encrypted, save=False)
            stored.append(doc.file)
            doc.size, doc.sha256 = encrypted.size, encrypted.sha256
            doc.save()
        record_event(
            petition,
            "aid_applied",
            actor=actor,
            unit=unit,
            at=now,
            note=_("司法救助申请：%(name)s，申请金额 %(amount)s")
            % {"name": application.applicant_name, "amount": yuan(value)},
            data={"application": application.pk, "amount": str(value), "documents": len(checked)},
        )
    except Exception:
        for f in stored:
            f.delete(save=False)
        raise
    return application


def _refuse(app: AidApplication, actor, level: int, role: str, reason: str, now) -> None:
    AidDecision.objects.create(
        application=app, level=level, role=role, approve=False, comment=reason, by=actor, at=now
    )
    app.status = AidStatus.REFUSED
    app.refusal_reason = reason
    app.decided_at = now
    app.save(update_fields=["status", "refusal_reason", "decided_at"])
    record_event(
        app.petition,
        "aid_refused",
        actor=actor,
        unit=app.unit,
        at=now,
        note=reason,
        data={"application": app.pk, "level": level},
    )


@transaction.atomic
def aid_review(*, actor, application, approve: bool, opinion: str, amount_granted=None) -> AidApplication:
    """审查: the handler or head proposes the amount to grant (at most the amount asked) or refuses with reason."""
    app = _locked_application(actor, application)
    if app.status != AidStatus.SUBMITTED:
        raise DomainError(_("该申请已审查，不能重复审查。"))
    _check_member(actor, app.unit, REVIEW_ROLES, _("只有办理单位的承办人或部门负责人可以审查司法救助申请。"))
    now = timezone.now()
    errors: dict = {}
    if not approve:
        _require_text(errors, "opinion", opinion, _("不予救助须写明理由。"))
        _raise_if(errors)
        _refuse(app, actor, 0, Role.HANDLER, opinion.strip(), now)
        return app
    _require_text(errors, "opinion", opinion, _("请填写审查意见。"))
    value = app.amount_requested
    if amount_granted not in (None, ""):
        value, problems = amount_errors(amount_granted)
        if problems:
            errors["amount_granted"] = problems
        elif value > app.amount_requested:
            errors["amount_granted"] = [
                _("批准金额不能超过申请金额 %(amount)s。") % {"amount": yuan(app.amount_requested)}
            ]
    if value is not None and "amount_granted" not in errors:
        problem = _over_budget(locked_budget(app.unit, app.year), value, app.year)
        if problem:
            errors.setdefault("amount_granted", []).append(problem)
    _raise_if(errors)
    AidDecision.objects.create(
        application=app, level=0, role=Role.HANDLER, approve=True, comment=opinion, by=actor, at=now
    )
    app.amount_granted = value
    app.review_opinion = opinion
    app.status = AidStatus.APPROVING
    app.save(update_fields=["amount_granted", "review_opinion", "status"])
    record_event(
        app.petition,
        "aid_reviewed",
        actor=actor,
        unit=app.unit,
        at=now,
        note=opinion,
        data={"application": app.pk, "amount_granted": str(value)},
    )
    return app


@transaction.atomic
def aid_approve(*, actor, application, approve: bool, comment: str) -> AidApplication:
    """One step of the approval chain. The last step locks the budget row and adds the amount to ``granted``;
    an amount over the remaining budget is refused and nothing is saved."""
    app = _locked_application(actor, application)
    if app.status != AidStatus.APPROVING:
        raise DomainError(_("该申请当前不在审批环节。"))
    step = next_level(app)
    if step is None:
        raise DomainError(_("该申请的审批链已完成。"))
    level, role = step
    _check_member(
        actor,
        app.unit,
        (role,),
        _("本环节须由办理单位的%(role)s审批。") % {"role": Role(role).label},
    )
    if app.decisions.filter(by=actor).exists():
        raise PermissionDenied(_("同一人不能在司法救助审查审批中签署两个环节。"))
    now = timezone.now()
    if not (comment or "").strip():
        raise InvalidInput({"comment": [_("请填写审批意见（不予救助须写明理由）。")]})
    if not approve:
        _refuse(app, actor, level, role, comment.strip(), now)
        return app
    AidDecision.objects.create(
        application=app, level=level, role=role, approve=True, comment=comment, by=actor, at=now
    )
    final = next_level(app) is None
    if final:
        budget = locked_budget(app.unit, app.year)
        problem = _over_budget(budget, app.amount_granted, app.year)
        if problem:
            raise InvalidInput({"comment": [problem]}, message=problem)
        budget.granted += app.amount_granted
        budget.save(update_fields=["granted"])
        app.status = AidStatus.APPROVED
        app.decided_at = now
        app.save(update_fields=["status", "decided_at"])
    record_event(
        app.petition,
        "aid_approved",
        actor=actor,
        unit=app.unit,
        at=now,
        note=comment,
        data={"application": app.pk, "level": level, "final": final, "amount": str(app.amount_granted)},
    )
    return app


@transaction.atomic
def aid_pay(*, actor, application, paid_on: dt.date, method: str, voucher_number: str) -> AidPayment:
    app = _locked_application(actor, application)
    if app.status != AidStatus.APPROVED:
        raise DomainError(_("只有已批准的申请可以登记发放。"))
    _check_member(actor, app.unit, PAY_ROLES, _("只有办理单位的承办人或部门负责人可以登记发放。"))
    errors: dict = {}
    today = timezone.localdate()
    if paid_on is None:
        errors["paid_on"] = [_("请填写发放日期。")]
    elif paid_on > today:
        errors["paid_on"] = [_("发放日期不能晚于今天。")]
    elif paid_on < timezone.localdate(app.decided_at):
        errors["paid_on"] = [_("发放日期不能早于批准日期。")]
    if method not in PaymentMethod.values:
        errors["method"] = [_("请选择发放方式。")]
    _require_text(errors, "voucher_number", voucher_number, _("请填写凭证号。"))
    _raise_if(errors)
    budget = locked_budget(app.unit, app.year)
    budget.paid += app.amount_granted
    budget.save(update_fields=["paid"])
    now = timezone.now()
    payment = AidPayment.objects.create(
        application=app,
        amount=app.amount_granted,
        paid_on=paid_on,
        method=method,
        voucher_number=voucher_number.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    app.status = AidStatus.PAID
    app.save(update_fields=["status"])
    record_event(
        app.petition,
        "aid_paid",
        actor=actor,
        unit=app.unit,
        at=now,
        note=_("已发放司法救助金 %(amount)s（%(method)s，凭证号 %(voucher)s）")
        % {
            "amount": yuan(payment.amount),
            "method": payment.get_method_display(),
            "voucher": payment.voucher_number,
        },
        data={"application": app.pk, "amount": str(payment.amount), "paid_on": paid_on.isoformat()},
    )
    return payment
