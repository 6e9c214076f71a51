from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号安全")

    def ready(self):
        from accounts import checks, signals  # noqa: F401  (registers the system check and session hooks)
        from core.navigation import NavItem, register

        register(
            NavItem(
                section=_("系统"),
                label=_("账号安全"),
                url_name="accounts:security",
                order=950,
                section_order=1000,
            )
        )
