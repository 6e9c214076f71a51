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
        from handling.next_steps import attach_next_steps
        from petitions.panels import Panel, register, register_row_hook

        register_event_labels()
        register(Panel("head", "handling/_next_step.html", panels.next_step_context))
        register(Panel("actions", "handling/_actions.html", panels.actions_context))
        register(Panel("aside", "handling/_deadline.html", panels.deadline_context, order=10))
        register(Panel("main", "handling/_records.html", panels.records_context, order=10))
        register_row_hook(attach_next_steps)
