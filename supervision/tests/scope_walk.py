"""What the supervision app adds to the scope walk: 民勤县's ownership plan, supervision, report, 催办 and 包片."""

import datetime as dt

from core.testing.world import MARK
from organisations.models import User
from supervision import documents, services

PK_OF = {
    "supervision:plan_create": "petitions",
    "supervision:create": "petitions",
    "supervision:plan": "supervision_plans",
    "supervision:plan_action": "supervision_plans",
    "supervision:plan_signoff": "supervision_plans",
    "supervision:plan_handover": "supervision_plans",
    "supervision:detail": "supervisions",
    "supervision:report": "supervisions",
    "supervision:urge": "supervisions",
    "supervision:mark": "supervisions",
    "supervision:sheet": "supervisions",
    "supervision:review": "supervision_reports",
    "supervision:urge_read": "supervision_urges",
    "supervision-plan-detail": "supervision_plans",
    "supervision-detail": "supervisions",
    "supervision-reports": "supervisions",
    "supervision-report-detail": "supervision_reports",
    "supervision-report-review": "supervision_reports",
    "supervision:area_end": "supervision_areas",
    "supervision-area-detail": "supervision_areas",
    "supervision-area-end": "supervision_areas",
}


def build(world) -> dict[str, list[int]]:
    petition = world.petition
    insider = world.insider
    head = User.objects.get(username="mq_court_head")
    handler = User.objects.get(username="mq_court_handler")
    soon = services.today() + dt.timedelta(days=30)
    plan = services.plan_create(
        actor=insider, petition=petition, owner_leader=head, owner_officer=handler,
        measures=f"化解方案{MARK}", target_date=soon, analysis={"crux": f"症结{MARK}"},
    )  # fmt: skip
    sup = services.supervision_open(
        actor=insider, petition=petition, level="county", source="own", instructions=f"督办要求{MARK}",
        deadline=soon,
    )  # fmt: skip
    today = services.today()
    report = services.report_submit(
        actor=head, supervision=sup, kind="progress", period_start=today, period_end=today, text=f"进展{MARK}"
    )
    urge = services.urge_send(actor=insider, supervision=sup, text=f"催办{MARK}")
    documents.sheet_generate(actor=insider, supervision=sup, kind="supervision")
    area = services.area_assign(actor=insider, leader=head, units=[petition.handling_unit or petition.registered_unit],
                                note=f"包片{MARK}")  # fmt: skip
    return {
        "supervision_areas": [area.pk],
        "supervision_plans": [plan.pk],
        "supervisions": [sup.pk],
        "supervision_reports": [report.pk],
        "supervision_urges": [urge.pk],
    }
