"""The audit log in the Django admin (read-only), and the mixin that audits configuration edits made there.

``AuditedAdminMixin`` records, for every add, change and delete through a ModelAdmin (the change form, the
list's inline editing, and the bulk delete action), one audit entry with the old and new value of each changed
field, many-to-many field, and whatever ``audit_extra`` adds (e.g. a user's roles edited in an inline).
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.contrib import admin
from django.db import models
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record

SECRET_FIELDS = {"password"}


def _value(value):
    """A field value as JSON would keep it; times to the second, as the admin's forms submit them."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat(
            timespec="seconds"
        )
    if isinstance(value, dt.date | dt.time | Decimal | uuid.UUID):
        return str(value)
    return value


def snapshot(obj: models.Model, extra=None) -> dict:
    """The object's concrete fields and many-to-many fields as plain values (secrets reduced to a marker)."""
    data = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        data[field.name] = "******" if field.name in SECRET_FIELDS and value else _value(value)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(str(_value(v)) for v in getattr(obj, field.name).all())
    if extra is not None:
        data.update(extra(obj) or {})
    return data


def diff(old: dict, new: dict) -> dict:
    changes = {}
    for key in sorted(set(old) | set(new)):
        if key in ("last_login",):
            continue
        before, after = old.get(key), new.get(key)
        if before != after:
            if key in SECRET_FIELDS:
                changes[key] = {"old": "******", "new": "******（已更改）"}
            else:
                changes[key] = {"old": before, "new": after}
    return changes


class AuditedAdminMixin:
    """Put before ``admin.ModelAdmin`` in the bases and set ``audit_act`` (an ``audit.models.Act``).

    ``audit_acts(changes)`` may split one save into several acts (a user: roles, permissions, account);
    it returns ``[(act, changes), …]``.
    """

    audit_act: str = ""

    def audit_extra(self, obj) -> dict:
        return {}

    def audit_acts(self, changes: dict, *, operation: str) -> list[tuple[str, dict]]:
        return [(self.audit_act, changes)] if changes or operation != "change" else []

    def _audit_snapshot(self, obj) -> dict:
        return snapshot(obj, self.audit_extra)

    def save_model(self, request, obj, form, change):
        before = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                before = self._audit_snapshot(stored)
        request._audit_before = getattr(request, "_audit_before", {})
        request._audit_before[(type(obj), obj.pk if change else None)] = before
        super().save_model(request, obj, form, change)
        if not change:
            request._audit_before[(type(obj), obj.pk)] = request._audit_before.pop((type(obj), None))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(request, "_audit_before", {}).pop((type(obj), obj.pk), {})
        after = self._audit_snapshot(obj)
        operation = "change" if change else "add"
        changes = diff(before, after)
        for act, part in self.audit_acts(changes, operation=operation):
            audit_record(
                act=act,
                actor=request.user,
                obj=obj,
                details={"operation": operation, "changes": part},
            )

    def delete_model(self, request, obj):
        self._audit_deleted(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit_deleted(request, obj)
        super().delete_queryset(request, queryset)

    def _audit_deleted(self, request, obj):
        before = self._audit_snapshot(obj)
        changes = {k: {"old": v, "new": None} for k, v in before.items() if k not in SECRET_FIELDS}
        for act, part in self.audit_acts(changes, operation="delete"):
            audit_record(
                act=act,
                actor=request.user,
                obj=obj,
                details={"operation": "delete", "changes": part},
            )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("seq", "at", "act", "actor_name", "object_type", "object_id", "object_repr", "address")
    list_filter = ("act",)
    search_fields = ("actor_name", "object_id", "object_repr")
    date_hierarchy = "at"
    show_full_result_count = False
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_select_related = ("actor",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        from audit.selectors import is_audit_admin

        return is_audit_admin(request.user) and super().has_view_permission(request, obj)

    def get_actions(self, request):
        return {}
