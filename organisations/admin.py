from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "full_name", "title", "is_active", "is_staff")
    search_fields = ("username", "full_name")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("岗位"), {"fields": ("full_name", "title")}),
    )
