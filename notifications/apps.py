import os
import sys

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Management commands that never start the background sweep, even under the autoreloader.
_NO_SWEEP_COMMANDS = {"test", "migrate", "makemigrations", "shell", "seed", "sweep_deadlines"}


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("消息提醒")

    def ready(self):
        from core.navigation import NavItem, register
        from notifications.selectors import unread_count

        register(
            NavItem(
                section=_("工作台"),
                label=_("消息"),
                url_name="notifications:list",
                order=5,
                section_order=0,
                count=unread_count,
            )
        )
        if embedded_sweep_wanted():
            from notifications.sweep import start_background_sweeper

            start_background_sweeper(float(settings.XINFANG_SWEEP_INTERVAL), first_delay=30.0)


def embedded_sweep_wanted() -> bool:
    """Whether this process runs the periodic deadline sweep itself.

    Only in the embedded default (no broker, so no Celery beat: ``CELERY_TASK_ALWAYS_EAGER``), only in the
    development server's serving process (the autoreloader's child, ``RUN_MAIN=true``), and never under tests
    or other management commands.
    """
    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return False
    if os.environ.get("RUN_MAIN") != "true":
        return False
    if "pytest" in sys.modules or len(sys.argv) < 2 or sys.argv[1] != "runserver":
        return False
    if _NO_SWEEP_COMMANDS.intersection(sys.argv[1:2]):
        return False
    return getattr(settings, "XINFANG_SWEEP_INTERVAL", 0) > 0
