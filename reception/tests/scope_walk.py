"""Reception's part of the scope walk (core/testing/scope_walk.py)."""

import datetime as dt

from django.utils import timezone

from core.testing.world import MARK
from reception import services
from reception.models import Period

PK_OF = {
    "reception:duty_remove": "duty_shifts",
    "reception:reception_detail": "receptions",
    "reception:lawyer_detail": "lawyers",
    "reception:assign": "petitions",
    "reception:unassign": "lawyer_assignments",
    "reception:advice": "lawyer_assignments",
    "reception-duty-detail": "duty_shifts",
    "reception-reception-detail": "receptions",
    "reception-booking-detail": "bookings",
    "reception-lawyer-detail": "lawyers",
}

PUBLIC = {
    "appointments:list": "公开的接访安排（领导接待日、点名约访、视频接访、巡回下访）：群众无需登录即可查看",
    "appointments:reception": "公开接访安排的预约页：只显示公开的时段，不显示任何预约人的信息",
    "appointments:booked": "预约成功页：只显示本会话刚刚提交的预约",
    "appointments:cancel": "凭预约码取消预约：不显示预约人信息，按客户端限制尝试次数",
}


def build(world) -> dict[str, list[int]]:
    p = world.province
    actor = world.insider
    day = timezone.localdate() + dt.timedelta(days=7)
    lawyer = services.lawyer_create(
        actor=actor,
        unit=p.minqin_center,
        name=f"律师{MARK}",
        firm=f"民勤律师事务所{MARK}",
        licence_number="16206202010123456",
    )
    duty = services.duty_add(
        actor=actor,
        unit=p.minqin_center,
        date=day,
        period=Period.MORNING,
        system="court",
        person=p.minqin_clerk,
    )
    lawyer_duty = services.duty_add(
        actor=actor, unit=p.minqin_center, date=day, period=Period.MORNING, system="lawyer", lawyer=lawyer
    )
    officer = services.officer_create(
        actor=actor, unit=p.minqin_center, name=f"约访{MARK}", title="主任", bio=f"简介{MARK}"
    )
    reception = services.reception_create(
        actor=actor,
        unit=p.minqin_center,
        kind="named",
        host="",
        officer=officer,
        date=day,
        start_time=dt.time(9),
        end_time=dt.time(10),
        place=f"民勤县联合接访中心{MARK}",
        topics=f"事项{MARK}",
        published=False,
    )
    reception.published = True  # booked while published, then withdrawn: the staff still see its bookings
    reception.save(update_fields=["published"])
    booking = services.booking_create(
        slot_id=reception.slots.first().pk, name=f"预约人{MARK}", phone="13912345678", summary=f"反映{MARK}"
    )
    assignment = services.lawyer_assign(actor=actor, lawyer=lawyer, petition=world.petition, role="adviser")
    services.advice_record(actor=actor, assignment=assignment, date=day, persons=1, content=f"意见{MARK}")
    return {
        "duty_shifts": [duty.pk, lawyer_duty.pk],
        "receptions": [reception.pk],
        "bookings": [booking.pk],
        "lawyers": [lawyer.pk],
        "lawyer_assignments": [assignment.pk],
    }
