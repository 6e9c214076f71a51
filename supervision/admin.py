from django.contrib import admin

from supervision.models import AreaAssignment


@admin.register(AreaAssignment)
class AreaAssignmentAdmin(admin.ModelAdmin):
    """包片 is configuration: an administrator assigns a leader the units they oversee."""

    list_display = ("leader", "note", "is_active", "created_at")
    list_filter = ("is_active",)
    filter_horizontal = ("units",)
    raw_id_fields = ("leader", "created_by")
