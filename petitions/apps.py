from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("信访事项")

    def ready(self):
        from core.navigation import NavItem, register
        from petitions.services import REGISTER_ROLES

        register(
            NavItem(
                section=_("信访事项"),
                label=_("登记"),
                url_name="petitions:register",
                order=10,
                section_order=10,
                visible=lambda staff: bool(staff.units_with(*REGISTER_ROLES)),
            )
        )
        register(
            NavItem(
                section=_("信访事项"),
                label=_("事项台账"),
                url_name="petitions:list",
                order=20,
                section_order=10,
                visible=lambda staff: bool(staff.roles),
            )
        )
        from notifications.apps import embedded_sweep_wanted

        if embedded_sweep_wanted():  # no Celery beat: the development server takes the daily anchor itself
            from django.conf import settings

            from petitions.chain import start_background_anchoring

            start_background_anchoring(float(getattr(settings, "XINFANG_ANCHOR_INTERVAL", 3600)))
