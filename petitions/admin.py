"""Only configuration lives in the admin. Petitions and personal data are reached through scoped views."""

from django.contrib import admin

from petitions.models import Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)
