"""Celery tasks of the notifications app. Beat runs the deadline sweep every ``XINFANG_SWEEP_INTERVAL`` s."""

from datetime import datetime

from celery import shared_task

from core.tasks import ReliableTask
from notifications.sweep import sweep_deadlines


@shared_task(name="notifications.tasks.sweep_deadlines_task", base=ReliableTask, ignore_result=False)
def sweep_deadlines_task(now: str | None = None, batch_size: int = 5000) -> dict[str, int | float]:
    """Send the reminders (催办) due at ``now`` (ISO 8601; default the current time). Returns the counts."""
    moment = datetime.fromisoformat(now) if now else None
    return sweep_deadlines(now=moment, batch_size=batch_size).as_dict()
