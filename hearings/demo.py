"""Demo data of hearings and consultations over the seeded province, through ``hearings.services``.

Hearings can only be scheduled in the future and recorded once they have begun: the demo schedules the ones
it records a moment ahead, waits for that moment (about two seconds), then records their results. Hearings of
petitions in 复核 stop the 复核 clock through the lifecycle, as in real use.
"""

import datetime as dt
import time

from django.utils import timezone

from core.errors import DomainError
from handling.models import Assignment, AssignmentKind, AssignmentStatus
from hearings import services
from organisations.models import Membership, Role, UnitType
from petitions.models import Petition, State
from petitions.scope import visible_petitions
from quality.demo import demo_actor

PEOPLE = [
    ("deputy", "张立平", "市人大代表"),
    ("cppcc", "李文华", "市政协委员"),
    ("lawyer", "王律师", "甘肃某律师事务所"),
    ("expert", "赵教授", "兰州大学法学院"),
    ("public", "刘大爷", "社区群众代表"),
]


def seed(log=print) -> int:
    actor = demo_actor()
    if actor is None:
        log("听证与会诊：没有督办员账号，跳过。")
        return 0
    visible = visible_petitions(actor, Petition.objects.all()).order_by("pk")
    to_record = []
    start = timezone.now() + dt.timedelta(seconds=2)
    # hearings during 复核, organised by the reviewing unit's own staff
    for assignment in (
        Assignment.objects.filter(
            kind=AssignmentKind.REREVIEW,
            status=AssignmentStatus.RECEIVED,
            petition__state=State.UNDER_REREVIEW,
        )
        .select_related("petition", "unit")
        .order_by("petition_id")[:3]
    ):
        m = Membership.objects.filter(unit=assignment.unit, role=Role.UNIT_HEAD).order_by("user_id").first()
        if m is not None:
            to_record.append(_schedule(m.user, assignment.petition, start, "复核案件公开听证"))
    for petition in visible.filter(state=State.IN_PROGRESS)[:4]:
        to_record.append(_schedule(actor, petition, start, "疑难信访事项听证"))
    upcoming = 0
    for k, petition in enumerate(visible.filter(state=State.IN_PROGRESS)[4:7]):
        _schedule(actor, petition, timezone.now() + dt.timedelta(days=7 + k, hours=1), "信访事项公开听证")
        upcoming += 1
    to_record = [h for h in to_record if h is not None]
    if to_record:
        time.sleep(max(0.0, (start - timezone.now()).total_seconds()) + 0.1)
    held = 0
    for k, hearing in enumerate(to_record):
        organiser = hearing.scheduled_by
        try:
            services.hearing_record(
                actor=organiser, hearing=hearing, minutes="听证主持人宣布听证纪律；信访人陈述诉求；办案单位说明处理情况；听证员提问；各方最后陈述。",
                panel_opinion="原处理意见认定事实清楚、适用法律正确，建议维持，并做好释法明理工作。",
                outcome="upheld" if k % 3 else "partial", petitioner_accepted=k % 4 != 3,
            )  # fmt: skip
            held += 1
        except DomainError as exc:
            log(f"听证：{hearing.petition.number} 未登记结果（{exc.message}）")
    # 会诊 on the next three petitions in handling; where the demo has fewer (the seed's dates move with the
    # calendar), on the last ones, which a hearing may also concern
    in_progress = list(visible.filter(state=State.IN_PROGRESS)[:10])
    consultations = _consultations(actor, in_progress[7:10] or in_progress[-3:])
    log(f"听证与会诊：已举行听证 {held} 场、待举行 {upcoming} 场、会诊 {consultations} 次。")
    return held


def _schedule(actor, petition, starts_at, subject):
    try:
        return services.hearing_schedule(
            actor=actor, petition=petition, subject=subject, starts_at=starts_at, place="联合接访中心听证室",
            participants=[*PEOPLE, ("party", petition.parties.first().petitioner.name, "信访人"),
                          ("case_unit", "承办法官", petition.handling_unit.name if petition.handling_unit else "")],
        )  # fmt: skip
    except DomainError:
        return None


def _consultations(actor, petitions) -> int:
    done = 0
    today = timezone.localdate()
    for k, petition in enumerate(petitions):
        if petition.handling_unit is None:
            continue
        police = (
            petition.handling_unit.parent.children.filter(type=UnitType.POLICE).first()
            if petition.handling_unit.parent_id
            else None
        )
        units = [u for u in (petition.handling_unit, police) if u is not None]
        consultation = services.consultation_open(
            actor=actor, petition=petition, subject="疑难复杂案件会诊", held_on=today - dt.timedelta(days=k),
            units=units, attendees="政法委、法院、公安分管领导及承办人",
        )  # fmt: skip
        task = services.consultation_add_task(
            actor=actor, consultation=consultation, description="补充调查取证，十五日内报送结果。",
            owner_unit=petition.handling_unit, deadline=today + dt.timedelta(days=15),
        )  # fmt: skip
        if k == 0:
            head = (
                Membership.objects.filter(unit=task.owner_unit, role=Role.UNIT_HEAD)
                .order_by("user_id")
                .first()
            )
            if head is not None:
                services.consultation_task_complete(actor=head.user, task=task, note="已补充调查并报送。")
            services.consultation_conclude(
                actor=actor, consultation=consultation, conclusions="原处理正确，依法维持。"
            )
        done += 1
    return done
