"""Reception actions: one function per action, one transaction each; those about a petition write one
timeline event."""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.crypto import keyed_hash
from core.errors import DomainError, InvalidInput, NotVisible
from core.filecrypt import EncryptingFile
from core.text import clean_text
from core.validators import validate_phone
from petitions.events import record_event
from petitions.models import AccessReason, PetitionAccess
from petitions.scope import can_see
from petitions.services import grant_access
from reception import access
from reception.models import (
    Advice,
    AssignmentRole,
    Booking,
    BookingStatus,
    DutyShift,
    Lawyer,
    LawyerAssignment,
    LawyerStatus,
    Officer,
    Reception,
    ReceptionKind,
    ReceptionPetition,
    Slot,
)
from reception.senders import sender

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
CODE_LENGTH = 12
MAX_AGENTS = 2  # 信访代理人 per petitioner
REMIND_BEFORE = dt.timedelta(hours=24)


def _require_manage(actor, unit) -> None:
    if not access.can_manage(actor, unit):
        raise NotVisible(_("未找到该单位。"))


# ---------------------------------------------------------------------------------------------- duty roster


@transaction.atomic
def duty_add(*, actor, unit, date, period, system, person=None, lawyer=None, from_unit=None) -> DutyShift:
    """Put a person (or a lawyer) on duty for a half-day. One person twice at once is refused."""
    _require_manage(actor, unit)
    if (person is None) == (lawyer is None):
        raise InvalidInput({"person": [_("请选择一名值班人员或一名值班律师。")]})
    if lawyer is not None and lawyer.status != LawyerStatus.ACTIVE:
        raise InvalidInput({"lawyer": [_("该律师不在册，不能排班。")]})
    clash = DutyShift.objects.filter(date=date, period=period)
    clash = clash.filter(person=person) if person is not None else clash.filter(lawyer=lawyer)
    if clash.exists():
        field = "person" if person is not None else "lawyer"
        raise InvalidInput({field: [_("该人员此时段已有值班安排，不能重复排班。")]})
    try:
        with transaction.atomic():
            return DutyShift.objects.create(
                unit=unit,
                date=date,
                period=period,
                system="lawyer" if lawyer is not None else system,
                person=person,
                lawyer=lawyer,
                from_unit=from_unit,
                created_by=actor,
            )
    except IntegrityError:  # a concurrent booking of the same person won
        raise InvalidInput({"person": [_("该人员此时段已有值班安排，不能重复排班。")]}) from None


@transaction.atomic
def duty_remove(*, actor, shift: DutyShift) -> None:
    _require_manage(actor, shift.unit)
    shift.delete()


@transaction.atomic
def duty_set_received(*, actor, shift: DutyShift, persons: int) -> DutyShift:
    _require_manage(actor, shift.unit)
    if persons < 0 or persons > 10000:
        raise InvalidInput({"persons": [_("接待人次应在 0 至 10000 之间。")]})
    shift.persons_received = persons
    shift.save(update_fields=["persons_received"])
    return shift


# ---------------------------------------------------------------------------------------------- receptions


@transaction.atomic
def officer_create(*, actor, unit, name, title, bio="", photo=None, published=True) -> Officer:
    _require_manage(actor, unit)
    officer = Officer(unit=unit, name=clean_text(name), title=clean_text(title), bio=bio, published=published)
    if photo is not None:
        officer.photo.save("photo", EncryptingFile(photo), save=False)
    officer.save()
    return officer


@transaction.atomic
def reception_create(
    *,
    actor,
    unit,
    kind,
    host,
    date,
    start_time,
    end_time,
    host_title="",
    officer=None,
    place="",
    topics="",
    meeting_link="",
    published=True,
    slot_minutes: int | None = 30,
) -> Reception:
    """Schedule a reception; with ``slot_minutes`` its time is cut into bookable slots (none for 巡回下访,
    which is announced, not booked)."""
    _require_manage(actor, unit)
    errors: dict[str, list[str]] = {}
    if end_time <= start_time:
        errors["end_time"] = [_("结束时间应晚于开始时间。")]
    if kind == ReceptionKind.NAMED and officer is None:
        errors["officer"] = [_("点名约访须选择约访对象。")]
    if kind == ReceptionKind.VIDEO and not meeting_link:
        errors["meeting_link"] = [_("视频接访须填写视频会议链接。")]
    if kind in (ReceptionKind.LEADER_DAY, ReceptionKind.TRAVELLING) and not place:
        errors["place"] = [_("请填写地点。")]
    if officer is not None and not access.can_manage(actor, officer.unit):
        errors["officer"] = [_("未找到该约访对象。")]
    if errors:
        raise InvalidInput(errors)
    reception = Reception.objects.create(
        unit=unit,
        kind=kind,
        host=officer.name if officer else host,
        host_title=officer.title if officer else host_title,
        officer=officer,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        topics=topics,
        meeting_link=meeting_link,
        published=published,
        created_by=actor,
    )
    if slot_minutes and kind != ReceptionKind.TRAVELLING:
        tz = timezone.get_current_timezone()
        at = dt.datetime.combine(date, start_time, tzinfo=tz)
        end = dt.datetime.combine(date, end_time, tzinfo=tz)
        slots = []
        while at + dt.timedelta(minutes=slot_minutes) <= end:
            slots.append(Slot(reception=reception, starts_at=at))
            at += dt.timedelta(minutes=slot_minutes)
        Slot.objects.bulk_create(slots)
    return reception


@transaction.atomic
def reception_link_petition(*, actor, reception: Reception, petition, booking: Booking | None = None) -> None:
    """Record that a petition was registered at a reception (and, from a booking, that the person came)."""
    if not can_see(actor, petition) or not access.can_manage(actor, reception.unit):
        raise NotVisible(_("未找到该事项。"))
    __, created = ReceptionPetition.objects.get_or_create(reception=reception, petition=petition)
    if booking is not None:
        Booking.objects.filter(pk=booking.pk).update(petition=petition, status=BookingStatus.RECEIVED)
    if created:
        record_event(
            petition,
            "reception_linked",
            actor=actor,
            unit=reception.unit,
            note=str(reception),
            data={"reception": reception.pk, "booking": booking.pk if booking else None},
        )


# ---------------------------------------------------------------------------------------------- bookings


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())[:CODE_LENGTH]


@transaction.atomic
def booking_create(*, slot_id, name: str, phone: str, summary: str, reception=None, now=None) -> Booking:
    """Book a slot. The slot row is locked, and a partial unique constraint keeps one live booking per slot, so
    two people pressing at once get one booking and one refusal. A past or taken slot is refused."""
    now = now or timezone.now()
    name, summary = clean_text(name or "", multiline=False).strip(), clean_text(summary or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("请填写姓名。")]
    if len(name) > 50:
        errors["name"] = [_("姓名不能超过 50 个字。")]
    try:
        phone = validate_phone(phone or "")
    except ValidationError:
        errors["phone"] = [_("请填写正确的手机或固定电话号码。")]
    if not summary:
        errors["summary"] = [_("请简要说明反映的事项。")]
    if len(summary) > 1000:
        errors["summary"] = [_("反映事项不能超过 1000 个字。")]
    slot = (
        Slot.objects.select_for_update()
        .select_related("reception")
        .filter(pk=slot_id, reception__published=True)
        .first()
    )
    if slot is not None and reception is not None and slot.reception_id != reception.pk:
        slot = None
    if slot is None:
        errors["slot"] = [_("该时段不存在或未公开。")]
    elif slot.starts_at <= now:
        errors["slot"] = [_("该时段已过，请选择其他时段。")]
    elif slot.bookings.exclude(status=BookingStatus.CANCELLED).exists():
        errors["slot"] = [_("该时段已被预约，请选择其他时段。")]
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                slot=slot,
                code=_new_code(),
                name=name,
                phone=phone,
                phone_hash=keyed_hash(phone),
                summary=summary,
            )
    except IntegrityError:
        raise InvalidInput({"slot": [_("该时段已被预约，请选择其他时段。")]}) from None
    r = slot.reception
    sender().send(
        booking.phone,
        _("您已预约%(kind)s：%(when)s，预约码 %(code)s。如需取消，请凭预约码办理。")
        % {
            "kind": r.get_kind_display(),
            "when": timezone.localtime(slot.starts_at).strftime("%m-%d %H:%M"),
            "code": booking.code,
        },
    )
    return booking


@transaction.atomic
def booking_cancel(*, code: str, now=None) -> Booking:
    now = now or timezone.now()
    booking = Booking.objects.select_for_update().filter(code=normalise_code(code)).first()
    if booking is None or booking.status != BookingStatus.BOOKED:
        raise InvalidInput({"code": [_("没有找到可以取消的预约，请核对预约码。")]})
    if booking.slot.starts_at <= now:
        raise InvalidInput({"code": [_("预约时间已过，不能取消。")]})
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at"])
    return booking


def booking_send_reminders(*, now=None) -> int:
    """Remind everyone whose appointment starts within a day (once)."""
    now = now or timezone.now()
    due = Booking.objects.select_related("slot__reception").filter(
        status=BookingStatus.BOOKED,
        reminded_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + REMIND_BEFORE,
    )
    sent = 0
    for booking in due:
        with transaction.atomic():
            if not Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            r = booking.slot.reception
            where = r.meeting_link if r.kind == ReceptionKind.VIDEO else r.place
            sender().send(
                booking.phone,
                _("提醒：您预约的%(kind)s将于 %(when)s 开始，地点/链接：%(where)s。")
                % {
                    "kind": r.get_kind_display(),
                    "when": timezone.localtime(booking.slot.starts_at).strftime("%m-%d %H:%M"),
                    "where": where,
                },
            )
            sent += 1
    return sent


# ---------------------------------------------------------------------------------------------- lawyers


@transaction.atomic
def lawyer_create(*, actor, unit, name, firm, licence_number, specialities="", user=None) -> Lawyer:
    _require_manage(actor, unit)
    licence_number = clean_text(licence_number).strip()
    if not (licence_number.isdigit() and len(licence_number) == 17):
        raise InvalidInput({"licence_number": [_("执业证号应为 17 位数字。")]})
    if Lawyer.objects.filter(licence_number=licence_number).exists():
        raise InvalidInput({"licence_number": [_("该执业证号已在名册中。")]})
    if user is not None and Lawyer.objects.filter(user=user).exists():
        raise InvalidInput({"user": [_("该账号已关联其他律师。")]})
    return Lawyer.objects.create(
        unit=unit, name=name, firm=firm, licence_number=licence_number, specialities=specialities, user=user
    )


@transaction.atomic
def lawyer_set_status(*, actor, lawyer: Lawyer, status: str) -> Lawyer:
    _require_manage(actor, lawyer.unit)
    if status not in LawyerStatus.values:
        raise InvalidInput({"status": [_("状态无效。")]})
    lawyer.status = status
    lawyer.save(update_fields=["status"])
    return lawyer


@transaction.atomic
def lawyer_assign(*, actor, lawyer: Lawyer, petition, role: str, petitioner=None) -> LawyerAssignment:
    """Assign a lawyer to a petition as adviser or agent (信访代理人, at most two per petitioner). The lawyer's
    login gets a personal grant, which is the one way a lawyer sees a petition (``petitions.scope``)."""
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该事项。"))
    if not access.can_manage(actor, lawyer.unit):
        raise InvalidInput({"lawyer": [_("未找到该律师。")]})
    if lawyer.status != LawyerStatus.ACTIVE:
        raise InvalidInput({"lawyer": [_("该律师不在册，不能指派。")]})
    if role not in AssignmentRole.values:
        raise InvalidInput({"role": [_("请选择参与方式。")]})
    if LawyerAssignment.objects.filter(lawyer=lawyer, petition=petition, active=True).exists():
        raise InvalidInput({"lawyer": [_("该律师已指派到本事项。")]})
    if role == AssignmentRole.AGENT:
        if petitioner is None:
            party = petition.parties.order_by("position").first()
            petitioner = party.petitioner if party else None
        if petitioner is None or not petition.parties.filter(petitioner=petitioner).exists():
            raise InvalidInput({"petitioner": [_("请选择本事项的信访人作为代理对象。")]})
        agents = LawyerAssignment.objects.select_for_update().filter(
            petitioner=petitioner, role=AssignmentRole.AGENT, active=True
        )
        if len(agents) >= MAX_AGENTS:
            raise InvalidInput({"role": [_("每名信访人至多委托两名信访代理人。")]})
    else:
        petitioner = None
    assignment = LawyerAssignment.objects.create(
        lawyer=lawyer, petition=petition, petitioner=petitioner, role=role, assigned_by=actor
    )
    if lawyer.user_id:
        grant_access(petition, reason=AccessReason.PERSONAL, user=lawyer.user)
    record_event(
        petition,
        "lawyer_assigned",
        actor=actor,
        note=_("%(lawyer)s（%(role)s）") % {"lawyer": lawyer.name, "role": assignment.get_role_display()},
        data={"lawyer": lawyer.pk, "role": role},
    )
    return assignment


@transaction.atomic
def lawyer_unassign(*, actor, assignment: LawyerAssignment) -> None:
    petition = assignment.petition
    if not can_see(actor, petition) or not access.can_manage(actor, assignment.lawyer.unit):
        raise NotVisible(_("未找到该事项。"))
    if not assignment.active:
        raise DomainError(_("该指派已结束。"))
    assignment.active = False
    assignment.save(update_fields=["active"])
    lawyer = assignment.lawyer
    if (
        lawyer.user_id
        and not LawyerAssignment.objects.filter(
            lawyer__user=lawyer.user, petition=petition, active=True
        ).exists()
    ):
        PetitionAccess.objects.filter(
            petition=petition, user=lawyer.user, reason=AccessReason.PERSONAL
        ).delete()
    record_event(petition, "lawyer_unassigned", actor=actor, note=lawyer.name, data={"lawyer": lawyer.pk})


@transaction.atomic
def advice_record(*, actor, assignment: LawyerAssignment, date, persons: int, content: str) -> Advice:
    """The assigned lawyer (or the center's staff) records advice given on the petition."""
    petition = assignment.petition
    if not assignment.active or not can_see(actor, petition):
        raise NotVisible(_("未找到该事项。"))
    is_lawyer = assignment.lawyer.user_id == actor.pk
    if not is_lawyer and not access.can_manage(actor, assignment.lawyer.unit):
        raise NotVisible(_("未找到该事项。"))
    content = clean_text(content or "").strip()
    errors = {}
    if not content:
        errors["content"] = [_("请填写咨询意见。")]
    if persons < 1 or persons > 1000:
        errors["persons"] = [_("接待人数应在 1 至 1000 之间。")]
    if errors:
        raise InvalidInput(errors)
    advice = Advice.objects.create(
        assignment=assignment, date=date, persons=persons, content=content, created_by=actor
    )
    record_event(
        petition,
        "lawyer_advice",
        actor=actor,
        note=assignment.lawyer.name,
        data={"lawyer": assignment.lawyer_id, "advice": advice.pk},
    )
    return advice
