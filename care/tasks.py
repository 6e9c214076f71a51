"""Celery tasks of 稳控帮扶. Beat runs ``flag_overdue_visits_task`` periodically (settings)."""

from celery import shared_task

from care.services import care_flag_overdue
from core.tasks import ReliableTask


@shared_task(name="care.tasks.flag_overdue_visits_task", base=ReliableTask, ignore_result=False)
def flag_overdue_visits_task() -> int:
    return care_flag_overdue()
