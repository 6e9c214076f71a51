"""The base class of every Celery task: acknowledged late, retried with backoff, recorded when it fails for good.

Tasks must be idempotent (running one twice does no harm): with ``acks_late`` a task whose worker dies is
delivered again, and ``reject_on_worker_lost`` puts it back on the queue instead of dropping it. Failures are
retried with exponential backoff (1, 2, 4 … s, at most ``retry_backoff_max``, with jitter); after
``max_retries`` the failure is written to ``core.FailedTask`` for administrators (admin, ``failed_tasks_recent``).
"""

from __future__ import annotations

import logging
import traceback as tb

from celery import Task, shared_task
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

TRACEBACK_LINES = 30


class ReliableTask(Task):
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = (Exception,)
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        record_failure(
            task_name=self.name,
            task_id=task_id or "",
            args=args,
            kwargs=kwargs,
            exc=exc,
            traceback_text=str(einfo) if einfo is not None else "",
            attempts=(self.request.retries or 0) + 1,
        )
        super().on_failure(exc, task_id, args, kwargs, einfo)


def _jsonable(value):
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return repr(value)


def record_failure(*, task_name, task_id, args, kwargs, exc, traceback_text, attempts) -> None:
    """Write the failure down; if the database itself is what failed, the log keeps it."""
    from core.models import FailedTask

    lines = (traceback_text or "".join(tb.format_exception(exc))).strip().splitlines()
    summary = "\n".join(lines[-TRACEBACK_LINES:])
    try:
        with transaction.atomic():
            FailedTask.objects.create(
                task_name=task_name[:200],
                task_id=str(task_id)[:100],
                args=_jsonable(list(args or [])),
                kwargs=_jsonable(dict(kwargs or {})),
                exception=f"{type(exc).__name__}: {exc}"[:2000],
                traceback=summary,
                attempts=attempts,
            )
    except DatabaseError:
        logger.exception("could not record the failure of task %s (%s)", task_name, task_id)
    logger.error("task %s (%s) failed for good after %s attempts: %r", task_name, task_id, attempts, exc)


@shared_task(name="core.heartbeat", base=ReliableTask, max_retries=0, autoretry_for=())
def heartbeat_task(nonce: str) -> None:
    """Proves a worker takes tasks from the broker and writes to the shared cache (``make prod-check``)."""
    from core.health import heartbeat_write

    heartbeat_write(nonce)
