from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlingConfig(AppConfig):
    name = "handling"
    verbose_name = _("办理流程")

    def ready(self):
        from handling import (
            navigation,  # noqa: F401  registers worklists
            panels,
        )
        from handling.lifecycle import register_event_labels
        from petitions.panels import Panel, register

        register_event_labels()
        register(Panel("actions", "handling/_actions.html", panels.actions_context))
        register(Panel("aside", "handling/_deadline.html", panels.deadline_context, order=10))
        register(Panel("main", "handling/_records.html", panels.records_context, order=10))
