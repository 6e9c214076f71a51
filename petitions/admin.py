"""Only configuration lives in the admin. Petitions and personal data are reached through scoped views."""

from django.contrib import admin

from petitions.models import Tag, TimelineAnchor


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(TimelineAnchor)
class TimelineAnchorAdmin(admin.ModelAdmin):
    """The daily anchors, read only: print this list (or ``manage.py anchor_timeline --print``) for the record
    kept off the system."""

    list_display = ("day", "seq", "chains", "events", "last_event_id", "hash", "key_id")
    fields = list_display + ("taken_at", "heads_digest", "prev_hash")
    readonly_fields = fields
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
