from django.contrib import admin

from analytics.models import Campaign, CampaignTarget


class CampaignTargetInline(admin.TabularInline):
    model = CampaignTarget
    extra = 1


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "active", "backlog_only", "system", "unit"]
    list_filter = ["active", "backlog_only", "system"]
    search_fields = ["name"]
    autocomplete_fields = ["unit"]
    inlines = [CampaignTargetInline]
