"""Demo data of circulars and assessment, through the app's own services, over the seeded province: the default
praise/criticism rules and assessment scheme, a running backlog campaign of 武威市 with two circulars, and a case
conference whose task sits in a unit head's worklist, and 两查一访一满意 return visits (one found unsettled)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from analytics.models import Campaign, CampaignTarget
from circulars import services
from circulars.models import (
    AssessmentScheme,
    CircularRule,
    CountKind,
    Deduction,
    Indicator,
    Meeting,
    ReturnVisit,
    ReturnVisitVerdict,
    Veto,
)
from core.errors import DomainError
from deadlines.calendar import local_date
from organisations.models import Role, Unit, UnitType, User, region_code_range
from petitions.models import Petition

RULES = [
    ("息诉罢访率排名第一", "rank_top", "praise", 1, 15),
    ("息诉罢访率低于60%", "rate_below", "criticise", 60, 15),
    ("超期未结10件以上", "overdue_open", "criticise", 10, 15),
    ("督办案件超期", "overdue_supervised", "criticise", 1, 15),
    ("督办案件15天无进展", "stale_supervised", "criticise", 1, 15),
    ("回访发现报结未息", "found_unsettled", "criticise", 1, 15),
]


def default_rules() -> None:
    if CircularRule.objects.exists():
        return
    for name, kind, verdict, threshold, days in RULES:
        CircularRule.objects.create(name=name, kind=kind, verdict=verdict, threshold=threshold, days=days)


def default_scheme() -> AssessmentScheme:
    scheme = AssessmentScheme.objects.filter(name="涉法涉诉信访工作考核").first()
    if scheme:
        return scheme
    scheme = AssessmentScheme.objects.create(name="涉法涉诉信访工作考核", level="county")
    for metric, weight in (("settled_rate", 40), ("on_time_reply_rate", 20), ("timely_acceptance_rate", 20),
                           ("satisfaction_rate", 20)):  # fmt: skip
        Indicator.objects.create(scheme=scheme, metric=metric, weight=weight)
    Deduction.objects.create(scheme=scheme, kind=CountKind.TO_BEIJING, points_each=2, cap=10)
    Deduction.objects.create(scheme=scheme, kind=CountKind.SKIP_LEVEL, points_each=0.5, cap=5)
    Veto.objects.create(scheme=scheme, kind=CountKind.ABNORMAL, threshold=50)
    return scheme


def seed(log=print) -> int:
    default_rules()
    default_scheme()
    supervisor = User.objects.filter(username="duban").first()
    city = Unit.objects.filter(code="620600-committee").first()
    if supervisor is None or city is None:
        log("通报：演示省份中没有武威市委政法委督办员，未生成通报。")
        return 0
    today = local_date(timezone.now())
    this_month = today.replace(day=1)
    last_end = this_month - dt.timedelta(days=1)
    before_end = last_end.replace(day=1) - dt.timedelta(days=1)
    campaign = Campaign.objects.filter(name="武威市涉法涉诉信访积案化解专项活动").first()
    if campaign is None:
        campaign = Campaign.objects.create(
            name="武威市涉法涉诉信访积案化解专项活动", starts_on=before_end.replace(day=1),
            ends_on=last_end + dt.timedelta(days=92),
            backlog_only=True, unit=city,
        )  # fmt: skip
        for due, target in ((last_end, 40), (campaign.ends_on, 85)):
            CampaignTarget.objects.create(campaign=campaign, due_on=due, metric="settled_rate", target=target)
    issued = 0
    for end in (before_end, last_end):
        try:
            services.circular_issue(issuer=city, kind="campaign", campaign=campaign, date_from=campaign.starts_on,
                                    date_to=end, actor=supervisor)  # fmt: skip
            issued += 1
        except DomainError as exc:
            log(f"通报：{exc.message}")
    lo, hi = region_code_range(city.region_id)
    head = (
        User.objects.filter(memberships__role=Role.UNIT_HEAD, memberships__unit__type=UnitType.COURT,
                            memberships__unit__region_id__gte=lo, memberships__unit__region_id__lte=hi)
        .order_by("username").first()
    )  # fmt: skip
    cases = list(
        Petition.objects.filter(is_backlog=True, problem_region_id__gte=lo, problem_region_id__lte=hi)
        .order_by("pk").values_list("pk", flat=True)[:2]
    )  # fmt: skip
    if head and not Meeting.objects.filter(unit=city).exists():
        services.meeting_record(
            unit=city, actor=supervisor, title="积案化解周会商研判", held_on=last_end, place="市委政法委三楼会议室",
            decisions="对疑难积案逐案研判，明确化解责任和时限；法院牵头约见信访人。",
            attendees=[supervisor], petition_ids=cases,
            tasks=[{"description": "约见信访人，一周内报送化解进展", "owner": head, "deadline": today + dt.timedelta(days=7),
                    "petition_id": cases[0] if cases else None}],
        )  # fmt: skip
    visits, recorded = return_visits(city, supervisor, today)
    log(
        f"通报：武威市专项活动通报 {issued} 份，通报规则 {CircularRule.objects.count()} 条，考核方案 1 个，会商研判 1 次，"
        f"两查一访一满意抽取 {visits} 件、记录回访 {recorded} 件。"
    )
    return issued


def return_visits(city: Unit, supervisor: User, today: dt.date) -> tuple[int, int]:
    """两查一访一满意: 武威市委政法委 samples a fifth of the cases reported settled in the last half year and records
    three visits: two found settled, the last found unsettled (reopened for its unit and counted against it)."""
    if ReturnVisit.objects.filter(committee=city).exists():
        return 0, 0
    visits = services.return_visit_sample(committee=city, actor=supervisor, share=Decimal(20),
                                          date_from=today - dt.timedelta(days=180), date_to=today)  # fmt: skip
    chosen = sorted(visits, key=lambda v: v.pk)[:3]
    for i, visit in enumerate(chosen):
        unsettled = i == len(chosen) - 1 and len(chosen) > 1
        services.return_visit_record(
            visit=visit, actor=supervisor, visited_on=today,
            verdict=ReturnVisitVerdict.UNSETTLED if unsettled else ReturnVisitVerdict.SETTLED,
            note="信访人表示仍将继续上访，诉求未实际解决。" if unsettled else "电话回访，信访人对处理结果表示认可，已息诉罢访。",
        )  # fmt: skip
    return len(visits), len(chosen)
