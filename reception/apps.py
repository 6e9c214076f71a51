from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("接访安排与律师参与")

    def ready(self):
        from core.navigation import NavItem, register
        from petitions import registration_hooks
        from petitions.events import register_actions
        from petitions.panels import Panel
        from petitions.panels import register as register_panel
        from reception import panels

        register_actions(
            {
                "reception_linked": _("接访登记"),
                "lawyer_assigned": _("指派律师"),
                "lawyer_unassigned": _("结束律师指派"),
                "lawyer_advice": _("律师咨询意见"),
            }
        )
        staff = lambda ctx: bool(ctx.roles - {"sysadmin"})  # noqa: E731
        for order, (label, url_name) in enumerate(
            [
                (_("今日接访"), "reception:day"),
                (_("值班排班"), "reception:roster"),
                (_("约访对象"), "reception:officers"),
                (_("律师名册"), "reception:lawyers"),
                (_("接访统计"), "reception:statistics"),
            ]
        ):
            register(
                NavItem(
                    section=_("接访"),
                    label=label,
                    url_name=url_name,
                    order=order,
                    section_order=40,
                    visible=staff,
                )
            )
        register_panel(Panel("main", "reception/_lawyers_panel.html", panels.lawyers_context, order=60))
        registration_hooks.register(panels.BookingPrefill())
        from django.apps import apps
        from django.conf import settings

        from notifications.apps import embedded_sweep_wanted

        if embedded_sweep_wanted() and settings.XINFANG_RECEPTION_REMIND_INTERVAL > 0:
            from core.periodic import start_periodic
            from reception.services import booking_send_reminders

            start_periodic(
                "xinfang-reception-reminders",
                booking_send_reminders,
                float(settings.XINFANG_RECEPTION_REMIND_INTERVAL),
                first_delay=120.0,
            )
        if apps.is_installed("portal"):
            from portal.tracking import register_section

            register_section(panels.portal_bookings)
