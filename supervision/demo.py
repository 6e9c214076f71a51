"""Demo data of 包案 and 督办: open backlog cases get ownership plans, some get supervision with reports; a city
leader oversees two county courts (包片)."""

import datetime as dt

from core.errors import DomainError
from organisations.models import Membership, Role, Unit, UnitLevel, UnitType, User
from petitions.models import Petition, State
from supervision import documents, selectors, services
from supervision.forms import owner_candidates
from supervision.models import AreaAssignment, OwnershipPlan

WORKING = (State.IN_PROGRESS, State.UNDER_REVIEW, State.UNDER_REREVIEW)


def _member(units, roles, *, exclude=None):
    return (
        Membership.objects.filter(unit__in=units, role__in=roles, user__is_active=True)
        .exclude(unit=exclude)
        .select_related("user", "unit")
        .order_by("unit__path", "user_id")
        .first()
    )


def seed(log=print, limit: int = 24) -> int:
    today = services.today()
    cases = list(
        Petition.objects.filter(state__in=WORKING, handling_unit__isnull=False)
        .exclude(pk__in=OwnershipPlan.objects.values("petition_id"))
        .order_by("-is_backlog", "registered_at", "id")[:limit]
    )
    plans = sups = 0
    for index, petition in enumerate(cases):
        units = services.owner_units(petition)
        unit = services.case_unit(petition)
        planner = _member(units, services.PLANNERS)
        people = list(owner_candidates(petition)[:2])
        if planner is None or len(people) < 2:
            continue
        try:
            plan = services.plan_create(
                actor=planner.user, petition=petition, owner_leader=people[0], owner_officer=people[1],
                measures="释法明理、依法处理；协调相关部门落实救助；定期回访稳控。",
                target_date=today + dt.timedelta(days=30 + index), analysis={
                    "history_facts": "原案经一审、二审，判决已生效。", "petition_demands": "请求依法纠正、给予救助。",
                    "crux": "执行款未到位，信访人生活困难。",
                },
            )  # fmt: skip
            plans += 1
            if index % 3 == 0:
                services.owner_log_action(
                    actor=people[0], plan=plan, kind="reception", on=today, note="亲自接待信访人，听取诉求。"
                )
            supervisor = _member([u for u in units if u.pk != unit.pk], services.SUPERVISORS, exclude=unit)
            reporter = _member([unit], services.REPORTERS)
            if index % 2 or supervisor is None or reporter is None:
                continue
            sup = services.supervision_open(
                actor=supervisor.user, petition=petition, level="city" if index % 4 else "province",
                source=("assigned", "instruction", "own")[index % 3], instructions="请依法化解，按期报告进展。",
                deadline=today + dt.timedelta(days=10 + index), report_interval_days=7,
                rectification=index % 8 == 0, on_site=index % 6 == 0,
            )  # fmt: skip
            sups += 1
            report = services.report_submit(
                actor=reporter.user, supervision=sup, kind="progress", period_start=today, period_end=today,
                text="已约见信访人，正在协调有关部门。",
            )  # fmt: skip
            if index % 4 == 0:
                services.report_review(actor=supervisor.user, report=report, accept=True)
                documents.sheet_generate(actor=supervisor.user, supervision=sup, kind="supervision")
            else:
                services.urge_send(actor=supervisor.user, supervision=sup, text="请加快办理进度。")
        except DomainError as exc:
            log(f"包案督办演示数据：跳过 {petition.number}（{exc.message}）")
    areas = seed_areas()
    log(f"包案督办：包案 {plans} 件，督办 {sups} 件，包片 {areas} 个。")
    return plans


def seed_areas(*, city_code: str = "620600-committee", username: str = "duban") -> int:
    """包片: 武威市委政法委's supervisor assigns a court leader of the city up to two county courts."""
    city = Unit.objects.filter(code=city_code).first()
    actor = User.objects.filter(username=username).first()
    if city is None or actor is None or AreaAssignment.objects.filter(committee=city).exists():
        return 0
    leader = selectors.area_leader_candidates([city]).filter(memberships__unit__type=UnitType.COURT).first()
    courts = list(selectors.area_region_units([city]).filter(type=UnitType.COURT, level=UnitLevel.COUNTY)[:2])
    if leader is None or not courts:
        return 0
    try:
        services.area_assign(
            actor=actor, leader=leader, units=courts, committee=city, note="分管县区法院涉诉信访工作"
        )
    except DomainError:
        return 0
    return 1


__all__ = ["seed", "Role"]
