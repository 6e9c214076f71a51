"""What the quality app adds to the scope walk (core/testing/scope_walk.py)."""

import datetime as dt

from django.utils import timezone

from core.testing.world import MARK
from petitions.models import CourtInstance

PK_OF = {
    "quality:review_create": "petitions",
    "quality:lookback_create": "petitions",
    "quality:review_detail": "quality_reviews",
    "quality:task_create": "quality_reviews",
    "quality:review_conclude": "quality_reviews",
    "quality:accountability_create": "quality_reviews",
    "quality:case_grade": "quality_cases",
    "quality:lookback_check": "quality_checks",
    "quality:task_complete": "quality_tasks",
    "quality:accountability_detail": "quality_accountability",
    "quality-review-detail": "quality_reviews",
    "quality-case-grade": "quality_cases",
    "quality-accountability-detail": "quality_accountability",
}


def build(world) -> dict[str, list[int]]:
    from quality import services

    p, petition, insider = world.province, world.petition, world.insider
    court = world.court_staff[0].memberships.first().unit
    instance = CourtInstance.objects.create(
        petition=petition, instance="first", case_number=f"(2020)甘0621民初9号{MARK}", court_name=court.name,
        judge=f"孙{MARK}",
    )  # fmt: skip
    review = services.review_open(
        actor=insider, petition=petition, subject=f"评查{MARK}", instances=[instance.pk]
    )
    case = review.cases.get()
    services.review_grade_case(actor=insider, case=case, grade="second", conclusion=f"意见{MARK}",
                               findings={"facts": {"text": f"事实{MARK}", "has_problem": True}})  # fmt: skip
    task = services.review_add_task(actor=insider, review=review, description=f"整改{MARK}", owner_unit=court,
                                    deadline=timezone.localdate() + dt.timedelta(days=10))  # fmt: skip
    record = services.accountability_record(
        actor=insider, review=review, officer=world.court_staff[1], unit=court, error=f"错误{MARK}",
        sanction="warning", decision_body=f"纪委{MARK}", decided_on=timezone.localdate(),
    )  # fmt: skip
    lookback = services.lookback_open(actor=insider, petition=petition, subject=f"倒查{MARK}",
                                      units=[p.wuwei_committee, court])  # fmt: skip
    return {
        "quality_reviews": [review.pk, lookback.pk],
        "quality_cases": [case.pk],
        "quality_checks": list(lookback.checks.values_list("pk", flat=True)),
        "quality_tasks": [task.pk],
        "quality_accountability": [record.pk],
    }
