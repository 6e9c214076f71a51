"""What the hearings app adds to the scope walk (core/testing/scope_walk.py)."""

import datetime as dt

from django.utils import timezone

from core.testing.world import MARK

PK_OF = {
    "hearings:hearing_create": "petitions",
    "hearings:hearing_detail": "hearings",
    "hearings:hearing_record": "hearings",
    "hearings:hearing_cancel": "hearings",
    "hearings:hearing_notice": "hearings",
    "hearings:consultation_create": "petitions",
    "hearings:consultation_detail": "consultations",
    "hearings:consultation_task_create": "consultations",
    "hearings:consultation_conclude": "consultations",
    "hearings:task_complete": "consultation_tasks",
    "hearing-detail": "hearings",
    "consultation-detail": "consultations",
}


def build(world) -> dict[str, list[int]]:
    from hearings import services

    p, petition, insider = world.province, world.petition, world.insider
    court = world.court_staff[0].memberships.first().unit
    hearing = services.hearing_schedule(
        actor=insider, petition=petition, subject=f"听证{MARK}", starts_at=timezone.now() + dt.timedelta(days=3),
        place=f"民勤县听证室{MARK}", participants=[("party", f"钱{MARK}", ""), ("lawyer", f"律师{MARK}", "")],
    )  # fmt: skip
    consultation = services.consultation_open(
        actor=insider, petition=petition, subject=f"会诊{MARK}", held_on=timezone.localdate(),
        units=[court, p.wuwei_committee], attendees=f"人员{MARK}",
    )  # fmt: skip
    task = services.consultation_add_task(actor=insider, consultation=consultation, description=f"任务{MARK}",
                                          owner_unit=court, deadline=timezone.localdate() + dt.timedelta(days=5))  # fmt: skip
    return {"hearings": [hearing.pk], "consultations": [consultation.pk], "consultation_tasks": [task.pk]}
