from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextmodelsConfig(AppConfig):
    name = "textmodels"
    verbose_name = _("文本模型与分流建议")

    def ready(self):
        from core.navigation import NavItem
        from core.navigation import register as register_nav
        from petitions.events import register_actions
        from petitions.panels import Panel, register
        from textmodels import panels
        from textmodels.services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        register(
            Panel(
                "aside",
                "textmodels/_suggestions_panel.html",
                panels.suggestions_panel,
                order=20,
                key="suggestions",
                lazy=True,
            )
        )
        register_nav(
            NavItem(
                section=_("办理工具"),
                label=_("分流建议采纳率"),
                url_name="textmodels:overview",
                order=60,
                section_order=20,
                visible=lambda staff: bool(staff.roles),
            )
        )
