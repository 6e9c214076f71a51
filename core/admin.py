from django.contrib import admin

from core.models import FailedTask


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ("failed_at", "task_name", "exception", "attempts")
    list_filter = ("task_name",)
    search_fields = ("task_name", "exception", "task_id")
    date_hierarchy = "failed_at"
    readonly_fields = (
        "task_name",
        "task_id",
        "args",
        "kwargs",
        "exception",
        "traceback",
        "attempts",
        "failed_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
