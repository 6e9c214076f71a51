"""Celery tasks of early warning. Beat runs ``run_early_warning_task`` periodically (settings)."""

from datetime import datetime

from celery import shared_task
from django.utils import timezone

from alerts.services import run_early_warning
from core.tasks import ReliableTask


@shared_task(name="alerts.tasks.run_early_warning_task", base=ReliableTask, ignore_result=False)
def run_early_warning_task(now: str | None = None, days: int = 90) -> dict:
    """Evaluate the enabled rules at ``now`` (ISO 8601; default the current time). Returns the counts."""
    moment = datetime.fromisoformat(now) if now else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return run_early_warning(now=moment, days=days).as_dict()
