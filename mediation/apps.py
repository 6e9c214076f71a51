from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = _("调解")

    def ready(self):
        from core.navigation import NavItem, register
        from mediation.views import petition_panel
        from organisations.models import Role
        from petitions.events import register_actions
        from petitions.panels import Panel
        from petitions.panels import register as register_panel

        register_actions(
            {
                "mediation_opened": _("启动调解"),
                "mediation_session": _("调解"),
                "mediation_concluded": _("调解结束"),
                "mediation_confirmed": _("司法确认"),
            }
        )
        register(
            NavItem(
                section=_("办理工具"),
                label=_("调解"),
                url_name="mediation:list",
                order=30,
                section_order=5,
                visible=lambda staff: bool(staff.roles - {Role.SYSADMIN, Role.LAWYER}),
            )
        )
        register_panel(Panel("main", "mediation/_panel.html", petition_panel, order=55))
