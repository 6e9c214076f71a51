from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdminMixin
from audit.models import Act
from audit.services import audit_record
from organisations.models import Membership, Region, Unit, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "type", "system", "region", "parent", "is_active")
    list_filter = ("level", "type", "system", "is_active")
    search_fields = ("name", "code", "short_name")
    autocomplete_fields = ("parent", "region")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("unit",)


PERMISSION_FIELDS = {"is_superuser", "is_staff", "groups", "user_permissions"}


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "full_name", "title", "is_active", "is_staff")
    search_fields = ("username", "full_name")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("岗位"), {"fields": ("full_name", "title")}),
    )

    audit_act = Act.ACCOUNT_CHANGE

    def audit_extra(self, obj) -> dict:
        """A user's roles per unit (edited in the inline) are part of what the audit log compares."""
        if obj.pk is None:
            return {"memberships": []}
        rows = obj.memberships.select_related("unit").order_by("unit__code", "role")
        return {"memberships": [f"{m.unit.code}:{m.role}" for m in rows]}

    def audit_acts(self, changes, *, operation):
        """One save may be three acts: role changes, permission changes (superuser, staff, groups,
        permissions) and other account changes (is_active, names, password …). Creating or deleting an account
        is one account change with every value, plus the roles and permissions it was created with."""
        roles = {k: v for k, v in changes.items() if k == "memberships"}
        permissions = {k: v for k, v in changes.items() if k in PERMISSION_FIELDS}
        if operation == "delete":
            return [(Act.ACCOUNT_CHANGE, changes)]
        if operation == "add":
            roles = {k: v for k, v in roles.items() if v["new"]}
            permissions = {k: v for k, v in permissions.items() if v["new"]}
            account = changes
        else:
            account = {k: v for k, v in changes.items() if k not in roles and k not in permissions}
        acts = []
        if account:
            acts.append((Act.ACCOUNT_CHANGE, account))
        if permissions:
            acts.append((Act.PERMISSION_CHANGE, permissions))
        if roles:
            acts.append((Act.ROLE_CHANGE, roles))
        return acts

    def user_change_password(self, request, id, form_url=""):
        """The admin's separate password form: a successful change (a redirect after POST) is recorded."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            audit_record(
                act=Act.ACCOUNT_CHANGE,
                actor=request.user,
                obj=user,
                details={
                    "operation": "change",
                    "changes": {"password": {"old": "******", "new": "******（已更改）"}},
                },
            )
        return response


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdminMixin, BaseGroupAdmin):
    audit_act = Act.PERMISSION_CHANGE
