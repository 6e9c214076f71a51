from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("安全审计")

    def ready(self):
        from django.db.backends.signals import connection_created

        from audit import signals  # noqa: F401  logins, logouts, failures and lockouts raised by Django/axes
        from audit.maintenance import register_sqlite_function
        from audit.selectors import is_audit_admin
        from core.navigation import NavItem, register

        connection_created.connect(register_sqlite_function, dispatch_uid="audit_sqlite_function")
        register(
            NavItem(
                section=_("系统"),
                label=_("安全审计日志"),
                url_name="audit:list",
                order=910,
                section_order=1000,
                visible=lambda staff: is_audit_admin(staff.user),
            )
        )
