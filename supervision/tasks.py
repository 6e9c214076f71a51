"""Celery task of the supervision escalation sweep (beat: ``CELERY_BEAT_SCHEDULE["supervision-escalation"]``)."""

import datetime as dt

from celery import shared_task

from core.tasks import ReliableTask
from supervision.services import sweep_escalations


@shared_task(name="supervision.tasks.sweep_escalations_task", base=ReliableTask, ignore_result=False)
def sweep_escalations_task(on: str | None = None) -> int:
    """Escalate the overdue supervisions as of ``on`` (ISO date; default today). Returns how many fired."""
    return sweep_escalations(on=dt.date.fromisoformat(on) if on else None)
