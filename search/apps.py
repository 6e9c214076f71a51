from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("检索与查重")

    def ready(self):
        from petitions.events import register_actions
        from petitions.panels import Panel, register
        from search import panels
        from search.services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        register(
            Panel(
                "main",
                "search/_duplicates_panel.html",
                panels.duplicates_panel,
                order=30,
                key="duplicates",
                lazy=True,
            )
        )
