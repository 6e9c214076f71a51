"""Demo data of reception: this week's duty roster at 凉州区联合接访中心, leader reception days, named officers
with open slots, a video session, a travelling reception, a few public bookings, and lawyers with duties,
assignments and advice — all through the services, over the seeded province."""

import datetime as dt

from django.utils import timezone

from organisations.models import Membership, Role, Unit, User
from petitions.scope import visible_petitions
from reception import services
from reception.models import Lawyer

SYSTEM_TYPES = {"court": "court", "procuratorate": "procuratorate", "police": "police", "justice": "justice"}


def seed(log=print) -> int:
    clerk = User.objects.filter(username="jiefang").first()
    if clerk is None or Lawyer.objects.exists():
        log("接访安排：跳过（没有演示接访员或已生成）。")
        return 0
    center = Membership.objects.filter(user=clerk, role=Role.RECEPTION).select_related("unit").first().unit
    county = center.region_id
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())

    lawyer_user = User.objects.filter(username="lvshi").first()
    lawyers = [
        services.lawyer_create(
            actor=clerk,
            unit=center,
            name=name,
            firm=firm,
            licence_number=number,
            specialities=spec,
            user=user,
        )
        for name, firm, number, spec, user in [
            ("周文斌", "甘肃明德律师事务所", "16206201510010001", "民事、执行", lawyer_user),
            ("韩雪", "甘肃正方律师事务所", "16206201710010002", "行政、国家赔偿", None),
            ("马国庆", "凉州区法律援助中心", "16206201910010003", "刑事申诉", None),
        ]
    ]

    people = {}
    for system, unit_type in SYSTEM_TYPES.items():
        units = Unit.objects.filter(region_id=county, type=unit_type)
        people[system] = list(
            User.objects.filter(memberships__unit__in=units)
            .exclude(memberships__role__in=(Role.LAWYER, Role.SYSADMIN))
            .distinct()
            .order_by("username")[:3]
        )
    shifts = 0
    for offset in range(5):
        day = monday + dt.timedelta(days=offset)
        for index, period in enumerate(("am", "pm")):
            turn = offset * 2 + index
            for system, persons in people.items():
                if persons:
                    services.duty_add(
                        actor=clerk,
                        unit=center,
                        date=day,
                        period=period,
                        system=system,
                        person=persons[turn % len(persons)],
                    )
                    shifts += 1
            shift = services.duty_add(
                actor=clerk,
                unit=center,
                date=day,
                period=period,
                system="lawyer",
                lawyer=lawyers[turn % len(lawyers)],
            )
            if day < today:
                services.duty_set_received(actor=clerk, shift=shift, persons=2 + turn % 4)
            shifts += 1

    leader = User.objects.filter(username="baoan").first()
    officers = [
        services.officer_create(
            actor=clerk,
            unit=center,
            name="杨建华",
            title="凉州区人民法院副院长",
            bio="分管立案、执行工作，接待涉诉信访群众。",
        ),
        services.officer_create(
            actor=clerk,
            unit=center,
            name="徐丽",
            title="凉州区人民检察院控告申诉检察部主任",
            bio="负责控告申诉、国家司法救助案件。",
        ),
    ]
    start = max(today + dt.timedelta(days=1), monday + dt.timedelta(days=1))
    receptions = [
        services.reception_create(
            actor=clerk,
            unit=center,
            kind="leader_day",
            host=leader.full_name if leader else "陈永福",
            host_title="区委政法委常务副书记",
            date=start,
            start_time=dt.time(9),
            end_time=dt.time(11, 30),
            place="凉州区联合接访中心一楼接待室",
            topics="涉法涉诉信访、久拖不决案件",
        ),
        services.reception_create(
            actor=clerk,
            unit=center,
            kind="named",
            host="",
            officer=officers[0],
            date=start + dt.timedelta(days=1),
            start_time=dt.time(14, 30),
            end_time=dt.time(16, 30),
            place="凉州区联合接访中心二楼",
            topics="执行问题",
        ),
        services.reception_create(
            actor=clerk,
            unit=center,
            kind="named",
            host="",
            officer=officers[1],
            date=start + dt.timedelta(days=2),
            start_time=dt.time(9),
            end_time=dt.time(11),
            place="凉州区联合接访中心二楼",
            topics="司法救助",
        ),
        services.reception_create(
            actor=clerk,
            unit=center,
            kind="video",
            host="杨建华",
            host_title="副院长",
            date=start + dt.timedelta(days=3),
            start_time=dt.time(15),
            end_time=dt.time(16),
            meeting_link="https://video.example.gov.cn/room/liangzhou-0615",
            topics="不便来访群众的视频接访",
        ),
        services.reception_create(
            actor=clerk,
            unit=center,
            kind="travelling",
            host="陈永福",
            host_title="区委政法委常务副书记",
            date=start + dt.timedelta(days=4),
            start_time=dt.time(9),
            end_time=dt.time(12),
            place="凉州区清源镇人民政府",
            topics="巡回下访：就地接待、就地化解",
        ),
    ]
    bookings = 0
    for reception, names in zip(receptions[:2], (["刘某某", "张某某"], ["王某某"]), strict=True):
        for slot, name in zip(reception.slots.all(), names, strict=False):
            services.booking_create(
                slot_id=slot.pk,
                name=name,
                phone=f"1389351{bookings:04d}",
                summary="判决生效后长期未执行到位，请求督促执行。",
            )
            bookings += 1

    assignments = 0
    head = User.objects.filter(memberships__unit=center, memberships__role=Role.UNIT_HEAD).first() or clerk
    for petition in visible_petitions(head).filter(registered_unit=center).order_by("-pk")[:5]:
        assignment = services.lawyer_assign(actor=head, lawyer=lawyers[0], petition=petition, role="adviser")
        assignments += 1
        if assignments <= 2:
            services.advice_record(
                actor=lawyer_user,
                assignment=assignment,
                date=today,
                persons=1,
                content="已向信访人释明申请再审的条件与期限，建议准备新证据。",
            )
    log(
        f"接访安排：值班 {shifts} 班次，接访 {len(receptions)} 场，预约 {bookings} 个，律师 {len(lawyers)} 名，"
        f"指派 {assignments} 件。"
    )
    return shifts
