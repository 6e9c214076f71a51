"""Celery task of reception: appointment reminders. Beat runs ``send_booking_reminders_task`` every
``XINFANG_RECEPTION_REMIND_INTERVAL`` seconds (settings); the embedded default runs it in a thread."""

from celery import shared_task

from core.tasks import ReliableTask
from reception.services import booking_send_reminders


@shared_task(name="reception.tasks.send_booking_reminders_task", base=ReliableTask, ignore_result=False)
def send_booking_reminders_task() -> int:
    return booking_send_reminders()
