"""调解 writes: open, record a session, conclude (agreement or not), record the 司法确认."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidInput, NotVisible, PermissionDenied
from mediation.models import Mediation, MediationKind, MediationSession, MediationStatus
from organisations.models import Role
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.scope import can_see

ROLES = (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR)


def _raise_if(errors: dict):
    if errors:
        raise InvalidInput(errors)


def _text(errors, key, value, message):
    if not (value or "").strip():
        errors.setdefault(key, []).append(message)


def _past(errors, key, value, label):
    if value is None:
        errors.setdefault(key, []).append(_("请填写%(label)s。") % {"label": label})
    elif value > timezone.localdate():
        errors.setdefault(key, []).append(_("%(label)s不能晚于今天。") % {"label": label})


def _locked(actor, mediation) -> Mediation:
    m = Mediation.objects.select_for_update().filter(pk=mediation.pk).select_related("petition").first()
    if m is None or not can_see(actor, m.petition):
        raise NotVisible(_("未找到该调解。"))
    if not any(staff_context(actor).has_role(r, m.unit) for r in ROLES):
        raise PermissionDenied(_("只有组织调解的单位可以登记调解情况。"))
    return m


@transaction.atomic
def mediation_open(*, actor, petition, kind: str, organisation: str, mediator: str) -> Mediation:
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该信访事项。"))
    units = staff_context(actor).units_with(*ROLES)
    if not units:
        raise PermissionDenied(_("只有接访员、承办人、部门负责人或督办员可以启动调解。"))
    errors: dict = {}
    if kind not in MediationKind.values:
        errors["kind"] = [_("请选择调解类型：人民调解、行政调解或司法调解。")]
    _text(errors, "organisation", organisation, _("请填写调解组织。"))
    _text(errors, "mediator", mediator, _("请填写调解员。"))
    _raise_if(errors)
    now = timezone.now()
    m = Mediation.objects.create(
        petition=petition,
        unit=units[0],
        kind=kind,
        organisation=organisation.strip(),
        mediator=mediator.strip(),
        created_by=actor,
        created_at=now,
    )
    record_event(
        petition,
        "mediation_opened",
        actor=actor,
        unit=units[0],
        at=now,
        note=_("%(kind)s：%(org)s，调解员 %(mediator)s")
        % {"kind": MediationKind(kind).label, "org": m.organisation, "mediator": m.mediator},
        data={"mediation": m.pk, "kind": kind},
    )
    return m


@transaction.atomic
def mediation_add_session(
    *, actor, mediation, held_on: dt.date, place: str, participants: str, notes: str
) -> MediationSession:
    m = _locked(actor, mediation)
    if m.status != MediationStatus.IN_PROGRESS:
        raise DomainError(_("调解已结束，不能再登记调解过程。"))
    errors: dict = {}
    _past(errors, "held_on", held_on, _("调解日期"))
    _text(errors, "place", place, _("请填写调解地点。"))
    _text(errors, "notes", notes, _("请填写调解情况。"))
    _raise_if(errors)
    session = MediationSession.objects.create(
        mediation=m,
        held_on=held_on,
        place=place,
        participants=participants,
        notes=notes,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    record_event(
        m.petition,
        "mediation_session",
        actor=actor,
        unit=m.unit,
        note=notes,
        data={"mediation": m.pk, "session": session.pk, "held_on": held_on.isoformat()},
    )
    return session


@transaction.atomic
def mediation_conclude(
    *, actor, mediation, agreed: bool, agreement: str, result: str, concluded_on: dt.date
) -> Mediation:
    m = _locked(actor, mediation)
    if m.status != MediationStatus.IN_PROGRESS:
        raise DomainError(_("调解已结束。"))
    errors: dict = {}
    _past(errors, "concluded_on", concluded_on, _("结束日期"))
    if agreed:
        _text(errors, "agreement", agreement, _("达成协议的，请填写调解协议内容。"))
    _text(errors, "result", result, _("请填写调解结果。"))
    _raise_if(errors)
    m.status = MediationStatus.AGREED if agreed else MediationStatus.FAILED
    m.agreement = agreement if agreed else ""
    m.result = result
    m.concluded_on = concluded_on
    m.save(update_fields=["status", "agreement", "result", "concluded_on"])
    record_event(
        m.petition,
        "mediation_concluded",
        actor=actor,
        unit=m.unit,
        note=result,
        data={"mediation": m.pk, "agreed": agreed},
    )
    return m


@transaction.atomic
def mediation_confirm(*, actor, mediation, court: str, number: str, confirmed_on: dt.date) -> Mediation:
    """司法确认 of an agreement by a court."""
    m = _locked(actor, mediation)
    if m.status != MediationStatus.AGREED:
        raise DomainError(_("只有达成调解协议的才能申请司法确认。"))
    if m.confirmed:
        raise DomainError(_("该调解协议已经司法确认。"))
    errors: dict = {}
    _text(errors, "court", court, _("请填写作出确认的法院。"))
    _text(errors, "number", number, _("请填写确认裁定书案号。"))
    _past(errors, "confirmed_on", confirmed_on, _("确认日期"))
    if confirmed_on and m.concluded_on and confirmed_on < m.concluded_on:
        errors.setdefault("confirmed_on", []).append(_("确认日期不能早于达成协议的日期。"))
    _raise_if(errors)
    m.confirmed = True
    m.confirmation_court = court.strip()
    m.confirmation_number = number.strip()
    m.confirmed_on = confirmed_on
    m.save(update_fields=["confirmed", "confirmation_court", "confirmation_number", "confirmed_on"])
    record_event(
        m.petition,
        "mediation_confirmed",
        actor=actor,
        unit=m.unit,
        note=_("%(court)s 司法确认（%(number)s）")
        % {"court": m.confirmation_court, "number": m.confirmation_number},
        data={"mediation": m.pk},
    )
    return m
