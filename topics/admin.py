from django.contrib import admin

from topics.models import ClusterRun


@admin.register(ClusterRun)
class ClusterRunAdmin(admin.ModelAdmin):
    list_display = ("label", "period_start", "period_end", "petitions", "clusters", "elapsed", "finished_at")
    readonly_fields = [f.name for f in ClusterRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
