from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("预警")

    def ready(self):
        from alerts.selectors import open_alert_count
        from core.navigation import NavItem, register
        from organisations.models import Role

        register(
            NavItem(
                section=_("工作台"),
                label=_("预警"),
                url_name="alerts:list",
                order=8,
                section_order=0,
                visible=lambda staff: bool(staff.roles - {Role.SYSADMIN}),
                count=open_alert_count,
            )
        )
