"""Demo data for 专项活动 through the services: phases of the city's campaign, an inspection with a rectification
task, and typical cases submitted by county units (one selected); a campaign whose scope is set by filter (积案
unresolved since the start of the year and supervised at city level or above) and one of chosen cases."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from analytics.models import Campaign, CampaignTarget
from campaigns import selectors, services
from campaigns.models import Inspection
from core.errors import DomainError
from deadlines.calendar import local_date
from organisations.models import Membership, Role, UnitLevel, UnitType
from petitions.models import SettlementState
from petitions.scope import visible_petitions

CAMPAIGN = "武威市涉法涉诉信访积案化解专项活动"
FILTERED = "武威市督办积案清零行动"
CHOSEN = "武威市重点积案攻坚行动"
CHOSEN_CASES = 8


def _phases(campaign: Campaign) -> list[dict]:
    start, end = campaign.starts_on, campaign.ends_on
    days = (end - start).days + 1
    cuts = [start + dt.timedelta(days=round(days * share)) for share in (0.1, 0.6, 0.85)]
    bounds = [start, *cuts, end + dt.timedelta(days=1)]
    kinds = ["mobilise", "resolve", "inspect", "commend"]
    return [{"kind": kind, "starts_on": bounds[i], "ends_on": bounds[i + 1] - dt.timedelta(days=1)}
            for i, kind in enumerate(kinds)]  # fmt: skip


def _campaign(name: str, like: Campaign, description: str) -> tuple[Campaign, bool]:
    """A campaign of the same committee and dates as the city's (the row itself: campaigns are created in the
    admin; their scope and cases are set through the services), with a final target so the dashboard shows it."""
    campaign, created = Campaign.objects.get_or_create(
        name=name,
        defaults={"description": description, "starts_on": like.starts_on, "ends_on": like.ends_on,
                  "unit": like.unit, "backlog_only": True},
    )  # fmt: skip
    if created:
        CampaignTarget.objects.create(
            campaign=campaign, due_on=campaign.ends_on, metric="settled_rate", target=80
        )
    return campaign, created


def seed_scopes(like: Campaign, actor, log=print) -> None:
    """A campaign scoped by filter and one of chosen cases (both once)."""
    filtered, created = _campaign(FILTERED, like, "上级督办、年初前未化解的积案限期清零。")
    if created:
        cutoff = dt.date(like.starts_on.year, 1, 1)  # the backlog carried into the campaign's year
        try:
            filtered = services.campaign_scope_set(
                campaign=filtered,
                actor=actor,
                backlog_only=True,
                unresolved_before=cutoff,
                supervised_level="city",
            )
            size = selectors.cohort_size(actor, filtered)
            log(f"专项活动：{FILTERED}按条件确定范围，{size} 件。")
        except DomainError as exc:
            log(f"专项活动：{exc.message}")
    chosen, created = _campaign(CHOSEN, like, "市委政法委逐案选定的重点积案，领导包案攻坚。")
    if created:
        ids = list(
            selectors.candidate_petitions(actor, chosen)
            .filter(is_backlog=True, closed_at__isnull=True)
            .order_by("registered_at", "id")
            .values_list("pk", flat=True)[:CHOSEN_CASES]
        )
        try:
            picked = (
                services.campaign_choose_cases(campaign=chosen, actor=actor, petition_ids=ids) if ids else []
            )
            log(f"专项活动：{CHOSEN}选定案件 {len(picked)} 件。")
        except DomainError as exc:
            log(f"专项活动：{exc.message}")


def seed(log=print) -> int:
    campaign = Campaign.objects.filter(name=CAMPAIGN).select_related("unit").first()
    actor = get_user_model().objects.filter(username="duban").first()
    if campaign is None or actor is None or campaign.unit is None:
        log("专项活动：没有演示用的专项活动或督办员，未生成检查和典型案例。")
        return 0
    seed_scopes(campaign, actor, log)
    if Inspection.objects.filter(campaign=campaign).exists():
        return 0
    try:
        services.phases_set(campaign=campaign, actor=actor, phases=_phases(campaign))
    except DomainError as exc:
        log(f"专项活动：{exc.message}")
    heads = (
        Membership.objects.filter(
            role=Role.UNIT_HEAD,
            unit__level=UnitLevel.COUNTY,
            unit__type=UnitType.COURT,
            unit__region__code__startswith=campaign.unit.region_id[:4],
        )  # fmt: skip
        .select_related("unit", "user")
        .order_by("unit__path", "user_id")[:3]
    )
    today = local_date(timezone.now())
    day = min(max(today, campaign.starts_on), campaign.ends_on)
    inspections = cases = 0
    for index, head in enumerate(heads):
        petitions = (
            visible_petitions(head.user).filter(settlement_state=SettlementState.SETTLED).order_by("id")
        )
        petition = petitions.first()
        try:
            services.inspection_record(
                campaign=campaign, actor=actor, kind=("unannounced", "cross", "spot")[index % 3],
                inspecting_unit=campaign.unit, inspected_unit=head.unit, inspected_on=day,
                findings="部分积案化解方案不具体，回访记录不全。", petition_id=petition.pk if petition else None,
                tasks=[{"description": "细化化解方案，补齐回访记录。", "owner": head.user, "owner_unit": head.unit,
                        "deadline": day + dt.timedelta(days=15)}],
            )  # fmt: skip
            inspections += 1
            if petition is not None:
                case = services.typical_case_submit(
                    campaign=campaign, actor=head.user, unit=head.unit, petition_id=petition.pk,
                    title=f"{head.unit.name}领导包案化解多年积案", summary="信访人多年反映执行款未到位，多次进京上访。",
                    what_worked="院长包案、公开听证、司法救助与释法明理相结合。",
                )  # fmt: skip
                cases += 1
                if index == 0:
                    services.typical_case_review(case=case, actor=actor, selected=True)
        except DomainError as exc:
            log(f"专项活动：{exc.message}")
    log(f"专项活动：检查 {inspections} 次，典型案例 {cases} 件。")
    return inspections
