from django.apps import AppConfig
from django.conf import settings
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
        from notifications.apps import embedded_sweep_wanted

        if embedded_sweep_wanted() and settings.XINFANG_EARLY_WARNING_INTERVAL > 0:
            # the embedded default has no Celery beat: run the rules in this process, as the deadline sweep is
            from alerts.services import run_early_warning
            from core.periodic import start_periodic

            start_periodic(
                "xinfang-early-warning",
                run_early_warning,
                float(settings.XINFANG_EARLY_WARNING_INTERVAL),
                first_delay=60.0,
            )
