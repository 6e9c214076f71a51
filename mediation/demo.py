"""Demo data of mediation: one agreement with 司法确认, one in progress, one failed — through the services."""

from django.utils import timezone

from aid.demo import demo_desk
from mediation import services
from mediation.models import Mediation


def seed(log=print) -> int:
    if Mediation.objects.exists():
        return 0
    desk = demo_desk()
    if desk is None:
        return 0
    unit, _head, handler, petitions = desk
    today = timezone.localdate()
    plans = [
        ("people", "人民调解委员会", "马调解", "agreed"),
        ("judicial", unit.name, "承办法官", "in_progress"),
        ("administrative", "司法局行政调解室", "周调解", "failed"),
    ]
    count = 0
    for (kind, org, mediator, outcome), petition in zip(plans, petitions[-3:], strict=False):
        m = services.mediation_open(
            actor=handler, petition=petition, kind=kind, organisation=org, mediator=mediator
        )
        services.mediation_add_session(
            actor=handler,
            mediation=m,
            held_on=today,
            place="调解室",
            participants="双方当事人",
            notes="听取双方意见",
        )
        count += 1
        if outcome == "agreed":
            services.mediation_conclude(
                actor=handler, mediation=m, agreed=True, agreement="被申请人于三个月内分两期支付欠款 20,000 元。",
                result="达成调解协议", concluded_on=today,
            )  # fmt: skip
            services.mediation_confirm(
                actor=handler,
                mediation=m,
                court=unit.name,
                number=f"({today.year})民特1号",
                confirmed_on=today,
            )
        elif outcome == "failed":
            services.mediation_conclude(
                actor=handler, mediation=m, agreed=False, agreement="", result="双方分歧较大，调解不成，告知诉讼途径",
                concluded_on=today,
            )  # fmt: skip
    log(f"调解：{count} 件（含司法确认 1 件）。")
    return count
