from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "aid"
    verbose_name = _("司法救助")

    def ready(self):
        from core.navigation import NavItem, register
        from organisations.models import Role
        from petitions.events import register_actions
        from petitions.panels import Panel
        from petitions.panels import register as register_panel

        register_actions(
            {
                "aid_applied": _("司法救助申请"),
                "aid_reviewed": _("司法救助审查"),
                "aid_approved": _("司法救助审批"),
                "aid_refused": _("不予司法救助"),
                "aid_paid": _("司法救助金发放"),
            }
        )
        register(
            NavItem(
                section=_("办理工具"),
                label=_("司法救助"),
                url_name="aid:list",
                order=40,
                section_order=5,
                visible=lambda staff: bool(staff.roles - {Role.SYSADMIN, Role.LAWYER}),
            )
        )
        from aid.views import petition_panel

        register_panel(Panel("main", "aid/_panel.html", petition_panel, order=60))
