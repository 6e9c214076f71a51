from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("统计分析")

    def ready(self):
        from analytics.selectors import can_view_statistics
        from core.navigation import NavItem, register

        register(
            NavItem(
                section=_("分析研判"),
                label=_("统计分析"),
                url_name="analytics:dashboard",
                order=10,
                section_order=20,
                visible=can_view_statistics,
            )
        )
