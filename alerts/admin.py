"""Configuration of early warning: rules and sensitive periods; runs are shown read-only.

Alerts themselves are not in the admin: they name petitioners and are reached through the scoped list.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.forms import AlertRuleForm
from alerts.models import AlertRule, AlertRun, SensitivePeriod
from audit.admin import AuditedAdminMixin
from audit.models import Act
from organisations.models import Role


@admin.register(AlertRule)
class AlertRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_act = Act.ALERT_RULE_CHANGE
    form = AlertRuleForm
    list_display = ("name", "kind", "enabled", "severity", "params_display", "roles_display", "updated_at")
    list_filter = ("kind", "enabled", "severity")
    list_editable = ("enabled",)
    search_fields = ("name", "description")

    @admin.display(description=_("参数"))
    def params_display(self, obj: AlertRule) -> str:
        return "，".join(f"{k}={v}" for k, v in (obj.params or {}).items()) or "—"

    @admin.display(description=_("通知岗位"))
    def roles_display(self, obj: AlertRule) -> str:
        labels = dict(Role.choices)
        return "、".join(str(labels.get(r, r)) for r in obj.notify_unit_roles or []) or "—"


@admin.register(SensitivePeriod)
class SensitivePeriodAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_act = Act.ALERT_RULE_CHANGE
    list_display = ("name", "starts_on", "ends_on", "threshold_factor", "is_active")
    search_fields = ("name", "note")
    date_hierarchy = "starts_on"

    @admin.display(description=_("当前生效"), boolean=True)
    def is_active(self, obj: SensitivePeriod) -> bool:
        return obj.starts_on <= timezone.localdate() <= obj.ends_on


@admin.register(AlertRun)
class AlertRunAdmin(admin.ModelAdmin):
    list_display = ("evaluated_at", "days", "sensitive_period", "created", "notified_units", "elapsed")
    readonly_fields = [f.name for f in AlertRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
