from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("台账")

    def ready(self):
        from core.navigation import NavItem, register
        from ledger.services import IMPORTED
        from ledger.validation import IMPORT_ROLES
        from petitions.events import register_actions

        register_actions({IMPORTED: _("台账导入")})
        register(
            NavItem(
                section=_("信访事项"),
                label=_("台账导入"),
                url_name="ledger:import",
                order=30,
                section_order=10,
                visible=lambda staff: bool(staff.units_with(*IMPORT_ROLES)),
            )
        )
