"""Every write of hearings (听证) and joint consultations (会诊), one function per action (DOMAIN §7).

Each function runs in one transaction, checks scope and role, writes its rows and one timeline event. A
hearing held while the petition is in 复核 is recorded through ``handling.services.petition_record_hearing``,
the one place that moves the 复核 deadline: its event is the hearing's event, and its days stop the clock.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidInput, NotVisible, PermissionDenied
from handling.models import ReviewRequest
from handling.services import petition_record_hearing
from hearings import selectors
from hearings.models import (
    Consultation,
    ConsultationStatus,
    ConsultationTask,
    Hearing,
    HearingOutcome,
    HearingStatus,
    Participant,
    ParticipantKind,
)
from notifications.models import Kind
from notifications.services import notify_unit, notify_users
from organisations.models import Membership, Role, Unit
from petitions.events import record_event
from petitions.models import AccessReason, Petition, State
from petitions.scope import can_see
from petitions.services import grant_access


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _organiser(actor, petition: Petition) -> Unit:
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该信访事项。"))
    unit = selectors.organiser_unit(actor)
    if unit is None:
        raise PermissionDenied(_("只有承办人、部门负责人、督办员或领导可以组织听证和会诊。"))
    return unit


# ---------------------------------------------------------------------------------------------- 听证


@transaction.atomic
def hearing_schedule(
    *,
    actor,
    petition: Petition,
    subject: str,
    starts_at: dt.datetime | None,
    ends_on: dt.date | None = None,
    place: str = "",
    video_link: str = "",
    participants: list[tuple[str, str, str]] = (),
) -> Hearing:
    """Schedule a hearing: when, where (a place or a video link) and who takes part (kind, name, organisation)."""
    unit = _organiser(actor, petition)
    errors: dict = {}
    now = timezone.now()
    if _blank(subject):
        errors.setdefault("subject", []).append(_("请填写听证事项。"))
    if starts_at is None:
        errors.setdefault("starts_at", []).append(_("请填写听证时间。"))
    elif starts_at < now:
        errors.setdefault("starts_at", []).append(_("听证时间不能早于当前时间：不能安排过去的听证。"))
    start_day = timezone.localtime(starts_at).date() if starts_at else None
    ends_on = ends_on or start_day
    if start_day and ends_on and ends_on < start_day:
        errors.setdefault("ends_on", []).append(_("结束日期不能早于听证开始日期。"))
    if _blank(place) and _blank(video_link):
        errors.setdefault("place", []).append(_("请填写听证地点或视频会议链接。"))
    people = [(k, (n or "").strip(), (o or "").strip()) for k, n, o in participants if not _blank(n)]
    if any(k not in ParticipantKind.values for k, _n, _o in people):
        errors.setdefault("participants", []).append(
            _("参加人类别只能是人大代表、政协委员、律师、专家学者、群众代表、当事人或办案单位。")
        )
    if not people:
        errors.setdefault("participants", []).append(_("请至少填写一名参加人。"))
    if errors:
        raise InvalidInput(errors)
    hearing = Hearing.objects.create(
        petition=petition,
        unit=unit,
        subject=subject.strip(),
        starts_at=starts_at,
        ends_on=ends_on,
        place=(place or "").strip(),
        video_link=(video_link or "").strip(),
        scheduled_by=actor,
        scheduled_at=now,
    )
    Participant.objects.bulk_create(
        [Participant(hearing=hearing, kind=k, name=n, organisation=o) for k, n, o in people]
    )
    record_event(
        petition, "hearing_scheduled", actor=actor, unit=unit, at=now, note=hearing.subject,
        data={"hearing": hearing.pk, "starts_at": timezone.localtime(starts_at).isoformat(timespec="minutes"),
              "place": hearing.place or hearing.video_link,
              "participants": [f"{ParticipantKind(k).label}：{n}" for k, n, _o in people]},
    )  # fmt: skip
    return hearing


def _rereview_request(petition: Petition) -> ReviewRequest | None:
    if petition.state != State.UNDER_REREVIEW:
        return None
    return ReviewRequest.objects.filter(petition=petition, level=2).first()


@transaction.atomic
def hearing_record(
    *,
    actor,
    hearing: Hearing,
    minutes: str,
    panel_opinion: str,
    outcome: str,
    petitioner_accepted: bool | None,
) -> Hearing:
    """Record a held hearing: minutes, the panel's opinion, the outcome and whether the petitioner accepted it.
    During 复核 the hearing's days (start to end, inclusive) do not count towards the 复核 deadline."""
    hearing = Hearing.objects.select_for_update().select_related("petition").get(pk=hearing.pk)
    petition = hearing.petition
    unit = _organiser(actor, petition)
    if hearing.status != HearingStatus.SCHEDULED:
        raise DomainError(
            _("该听证已%(status)s，不能再登记。") % {"status": hearing.get_status_display()},
            code="hearing_done",
        )
    errors: dict = {}
    now = timezone.now()
    today = timezone.localdate(now)
    if hearing.starts_at > now:
        errors.setdefault("minutes", []).append(_("听证尚未举行，举行后才能登记听证结果。"))
    if _blank(minutes):
        errors.setdefault("minutes", []).append(_("请填写听证笔录。"))
    if _blank(panel_opinion):
        errors.setdefault("panel_opinion", []).append(_("请填写听证员评议意见。"))
    if outcome not in HearingOutcome.values:
        errors.setdefault("outcome", []).append(_("请选择听证结论。"))
    if petitioner_accepted is None:
        errors.setdefault("petitioner_accepted", []).append(_("请选择信访人是否接受听证结论。"))
    if errors:
        raise InvalidInput(errors)
    start_day = timezone.localtime(hearing.starts_at).date()
    end_day = min(hearing.ends_on, today)
    hearing.status, hearing.minutes, hearing.panel_opinion = (
        HearingStatus.HELD,
        minutes.strip(),
        panel_opinion.strip(),
    )
    hearing.outcome, hearing.petitioner_accepted = outcome, petitioner_accepted
    hearing.held_recorded_by, hearing.held_recorded_at = actor, now
    data = {"hearing": hearing.pk, "outcome": hearing.get_outcome_display(), "accepted": petitioner_accepted}
    request = _rereview_request(petition)
    if request is not None and start_day >= request.requested_on:
        # the one deadline code: the hearing's days are added to the 复核 clock's excluded days
        hearing.clock_days = (end_day - start_day).days + 1
        hearing.save()
        petition_record_hearing(
            actor=actor,
            petition=petition,
            held_from=start_day,
            held_to=end_day,
            note=f"{hearing.subject}：{hearing.panel_opinion}",
            data=data,
        )
        return hearing
    hearing.save()
    record_event(
        petition, "hearing_held", actor=actor, unit=unit, at=now, note=hearing.panel_opinion, data=data
    )
    return hearing


@transaction.atomic
def hearing_cancel(*, actor, hearing: Hearing, reason: str) -> Hearing:
    hearing = Hearing.objects.select_for_update().select_related("petition").get(pk=hearing.pk)
    unit = _organiser(actor, hearing.petition)
    if hearing.status != HearingStatus.SCHEDULED:
        raise DomainError(_("只能取消尚未举行的听证。"), code="hearing_done")
    if _blank(reason):
        raise InvalidInput({"reason": [_("请写明取消原因。")]})
    hearing.status = HearingStatus.CANCELLED
    hearing.save(update_fields=["status"])
    record_event(hearing.petition, "hearing_cancelled", actor=actor, unit=unit, note=reason.strip(),
                 data={"hearing": hearing.pk})  # fmt: skip
    return hearing


# ---------------------------------------------------------------------------------------------- 会诊


@transaction.atomic
def consultation_open(
    *,
    actor,
    petition: Petition,
    subject: str,
    held_on: dt.date | None,
    units: list[Unit],
    attendees: str = "",
) -> Consultation:
    """Convene a 会诊 of several units on a hard case."""
    unit = _organiser(actor, petition)
    errors: dict = {}
    if _blank(subject):
        errors.setdefault("subject", []).append(_("请填写会诊议题。"))
    if held_on is None:
        errors.setdefault("held_on", []).append(_("请填写会诊日期。"))
    others = {u.pk: u for u in units if u.pk != unit.pk}
    if not others:
        errors.setdefault("units", []).append(_("会诊须有召集单位以外的至少一个参加单位。"))
    if errors:
        raise InvalidInput(errors)
    now = timezone.now()
    consultation = Consultation.objects.create(
        petition=petition,
        unit=unit,
        subject=subject.strip(),
        held_on=held_on,
        attendees=(attendees or "").strip(),
        created_by=actor,
        created_at=now,
    )
    consultation.units.set([unit, *others.values()])
    for u in others.values():  # the participating units work on the case
        grant_access(petition, reason=AccessReason.ASSIGNED, unit=u)
    record_event(
        petition, "consultation_opened", actor=actor, unit=unit, at=now, note=consultation.subject,
        data={"consultation": consultation.pk, "held_on": held_on.isoformat(),
              "units": [unit.name, *(u.name for u in others.values())]},
    )  # fmt: skip
    for u in others.values():
        notify_unit(unit=u, roles=(Role.UNIT_HEAD,), title=_("会诊通知：%(s)s") % {"s": consultation.subject},
                    body=_("会诊日期：%(d)s") % {"d": held_on.isoformat()}, kind=Kind.INFO, petition=petition)  # fmt: skip
    return consultation


def _open_consultation(actor, consultation: Consultation) -> tuple[Consultation, Unit]:
    consultation = Consultation.objects.select_for_update().select_related("petition").get(pk=consultation.pk)
    unit = _organiser(actor, consultation.petition)
    if consultation.status != ConsultationStatus.OPEN:
        raise DomainError(_("该会诊已形成结论，不能再修改。"), code="consultation_closed")
    return consultation, unit


@transaction.atomic
def consultation_add_task(
    *,
    actor,
    consultation: Consultation,
    description: str,
    owner_unit: Unit | None,
    deadline: dt.date | None,
    owner=None,
) -> ConsultationTask:
    consultation, unit = _open_consultation(actor, consultation)
    errors: dict = {}
    if _blank(description):
        errors.setdefault("description", []).append(_("请写明任务内容。"))
    if owner_unit is None:
        errors.setdefault("owner_unit", []).append(_("请选择责任单位。"))
    elif not consultation.units.filter(pk=owner_unit.pk).exists():
        errors.setdefault("owner_unit", []).append(_("责任单位须是参加会诊的单位。"))
    if deadline is None:
        errors.setdefault("deadline", []).append(_("请填写完成期限。"))
    elif deadline < timezone.localdate():
        errors.setdefault("deadline", []).append(_("完成期限不能早于今天。"))
    if (
        owner is not None
        and owner_unit is not None
        and not Membership.objects.filter(user=owner, unit=owner_unit).exists()
    ):
        errors.setdefault("owner", []).append(_("责任人须是责任单位的工作人员。"))
    if errors:
        raise InvalidInput(errors)
    now = timezone.now()
    task = ConsultationTask.objects.create(
        consultation=consultation,
        description=description.strip(),
        owner_unit=owner_unit,
        owner=owner,
        deadline=deadline,
        created_at=now,
    )
    record_event(
        consultation.petition, "consultation_task_set", actor=actor, unit=unit, at=now, note=task.description,
        data={"consultation": consultation.pk, "task": task.pk, "owner_unit": owner_unit.name,
              "owner": str(owner) if owner else "", "deadline": deadline.isoformat()},
    )  # fmt: skip
    title = _("会诊任务：%(number)s") % {"number": consultation.petition.number}
    if owner is not None:
        notify_users(users=[owner], unit=owner_unit, title=title, body=task.description, kind=Kind.ASSIGNED,
                     petition=consultation.petition)  # fmt: skip
    else:
        notify_unit(unit=owner_unit, roles=(Role.UNIT_HEAD,), title=title, body=task.description,
                    kind=Kind.ASSIGNED, petition=consultation.petition)  # fmt: skip
    return task


@transaction.atomic
def consultation_conclude(*, actor, consultation: Consultation, conclusions: str) -> Consultation:
    consultation, unit = _open_consultation(actor, consultation)
    if _blank(conclusions):
        raise InvalidInput({"conclusions": [_("请填写会诊结论。")]})
    now = timezone.now()
    consultation.status, consultation.conclusions, consultation.concluded_at = (
        ConsultationStatus.CONCLUDED,
        conclusions.strip(),
        now,
    )
    consultation.save(update_fields=["status", "conclusions", "concluded_at"])
    record_event(consultation.petition, "consultation_concluded", actor=actor, unit=unit, at=now,
                 note=consultation.conclusions, data={"consultation": consultation.pk})  # fmt: skip
    return consultation


def can_complete(user, task: ConsultationTask) -> bool:
    if task.owner_id == user.pk:
        return True
    return any(
        u.pk == task.owner_unit_id for u in selectors.staff_context(user).units_with(*selectors.TASK_ROLES)
    )


@transaction.atomic
def consultation_task_complete(*, actor, task: ConsultationTask, note: str) -> ConsultationTask:
    task = (
        ConsultationTask.objects.select_for_update().select_related("consultation__petition").get(pk=task.pk)
    )
    petition = task.consultation.petition
    if not can_see(actor, petition):
        raise NotVisible(_("未找到该信访事项。"))
    if not can_complete(actor, task):
        raise PermissionDenied(_("只有责任人或责任单位的工作人员可以报告任务完成。"))
    if task.completed_at is not None:
        raise DomainError(_("该任务已完成。"), code="task_done")
    if _blank(note):
        raise InvalidInput({"note": [_("请写明完成情况。")]})
    now = timezone.now()
    task.completed_at, task.completed_by, task.completion_note = now, actor, note.strip()
    task.save(update_fields=["completed_at", "completed_by", "completion_note"])
    record_event(petition, "consultation_task_done", actor=actor, unit=task.owner_unit, at=now,
                 note=task.completion_note, data={"task": task.pk})  # fmt: skip
    return task
