from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = _("期限管理")

    def ready(self):
        from core.navigation import NavItem, register
        from deadlines import selectors

        selectors.connect_cache_invalidation()
        register(
            NavItem(
                section=_("工具"),
                label=_("期限计算器"),
                url_name="deadlines:calculator",
                order=10,
                section_order=900,
            )
        )
