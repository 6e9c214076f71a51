"""稳控帮扶, 心理疏导 and 代办员 in the scope walk (core/testing/scope_walk.py): 民勤县's records."""

from django.utils import timezone

from care.models import CareReason
from care.services import agent_assign, care_task_open, counselling_record

PK_OF = {
    "care:detail": "care_tasks",
    "care:plan": "care_tasks",
    "care:visit": "care_tasks",
    "care:close": "care_tasks",
    "care:counselling_new": "petitions",
    "care:counselling": "counselling",
    "care:agent_assign": "petitions",
    "care:agent_act": "petitions",
    "care:agent_end": "agent_assignments",
    "care-task-detail": "care_tasks",
    "care-task-plan": "care_tasks",
    "care-task-visit": "care_tasks",
    "care-task-close": "care_tasks",
    "counselling-detail": "counselling",
    "agent-assignment-detail": "agent_assignments",
    "agent-assignment-end": "agent_assignments",
    "agent-assignment-act": "agent_assignments",
}


def build(world) -> dict[str, list[int]]:
    from core.testing.world import MARK

    task = care_task_open(petition=world.petition, reason=CareReason.RETURNED, actor=world.insider)
    session = counselling_record(
        actor=world.insider, petition=world.petition, held_on=timezone.localdate(), notes=f"疏导记录{MARK}"
    )
    assignment = agent_assign(
        actor=world.insider, petition=world.petition, agent=world.court_staff[1], note=f"代办{MARK}"
    )
    return {"care_tasks": [task.pk], "counselling": [session.pk], "agent_assignments": [assignment.pk]}
