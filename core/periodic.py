"""Periodic jobs in the embedded default, where no Celery beat runs: a daemon thread per job.

Production schedules the same jobs with Celery beat (``CELERY_BEAT_SCHEDULE`` in settings). Here a failed run
is logged and retried at the next interval, and the thread's database connections are closed after each run so
no idle connection is kept between runs.
"""

import logging
import threading
from collections.abc import Callable

from django.db import connections

logger = logging.getLogger(__name__)


def run_every(name: str, job: Callable[[], object], interval: float, *, first_delay: float = 0.0, stop=None):
    stop = stop or threading.Event()
    if stop.wait(first_delay):
        return
    while True:
        try:
            result = job()
        except Exception:
            logger.exception("%s failed", name)
        else:
            logger.info("%s: %s", name, result.as_dict() if hasattr(result, "as_dict") else result)
        finally:
            connections.close_all()
        if stop.wait(interval):
            return


def start_periodic(name: str, job: Callable[[], object], interval: float, *, first_delay: float = 30.0):
    """Run ``job`` every ``interval`` seconds in a daemon thread named ``name``."""
    thread = threading.Thread(
        target=run_every,
        args=(name, job, interval),
        kwargs={"first_delay": first_delay},
        name=name,
        daemon=True,
    )
    thread.start()
    return thread
