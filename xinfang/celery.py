"""Celery application. In the embedded default tasks run in-process (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")

# every task, shared or not, is a ReliableTask unless it names another base (core/tasks.py)
app = Celery("xinfang", task_cls="core.tasks:ReliableTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
