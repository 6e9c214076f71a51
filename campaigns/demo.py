"""Demo data for 专项活动 through the services: phases of the city's campaign, an inspection with a rectification
task, and typical cases submitted by county units (one selected)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from analytics.models import Campaign
from campaigns import services
from campaigns.models import Inspection
from core.errors import DomainError
from deadlines.calendar import local_date
from organisations.models import Membership, Role, UnitLevel, UnitType
from petitions.models import SettlementState
from petitions.scope import visible_petitions

CAMPAIGN = "武威市涉法涉诉信访积案化解专项活动"


def _phases(campaign: Campaign) -> list[dict]:
    start, end = campaign.starts_on, campaign.ends_on
    days = (end - start).days + 1
    cuts = [start + dt.timedelta(days=round(days * share)) for share in (0.1, 0.6, 0.85)]
    bounds = [start, *cuts, end + dt.timedelta(days=1)]
    kinds = ["mobilise", "resolve", "inspect", "commend"]
    return [{"kind": kind, "starts_on": bounds[i], "ends_on": bounds[i + 1] - dt.timedelta(days=1)}
            for i, kind in enumerate(kinds)]  # fmt: skip


def seed(log=print) -> int:
    campaign = Campaign.objects.filter(name=CAMPAIGN).select_related("unit").first()
    actor = get_user_model().objects.filter(username="duban").first()
    if campaign is None or actor is None or campaign.unit is None:
        log("专项活动：没有演示用的专项活动或督办员，未生成检查和典型案例。")
        return 0
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
