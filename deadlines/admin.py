"""Configuration of the calendar overrides and the time-limit policy."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdminMixin
from audit.models import Act
from deadlines.calendar import library_covers
from deadlines.models import CalendarDay, TimeLimitRule


class YearFilter(admin.SimpleListFilter):
    title = _("年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_act = Act.CALENDAR_CHANGE
    list_display = ("date", "weekday", "is_working", "note", "official_schedule")
    list_filter = (YearFilter, "is_working")
    search_fields = ("note",)
    date_hierarchy = "date"
    ordering = ("-date",)

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return date_format(obj.date, "l")

    @admin.display(description=_("官方安排已收录"), boolean=True)
    def official_schedule(self, obj):
        return library_covers(obj.date.year)


@admin.register(TimeLimitRule)
class TimeLimitRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_act = Act.POLICY_CHANGE
    list_display = (
        "step",
        "system",
        "days",
        "counting",
        "extension_days",
        "warn_days_before",
        "moderate_overdue_days",
        "serious_overdue_days",
        "note",
    )
    list_filter = ("system", "step", "counting")
    search_fields = ("note",)
    fieldsets = (
        (None, {"fields": ("system", "step", "note")}),
        (_("期限"), {"fields": ("days", "counting", "extension_days")}),
        (_("预警与逾期"), {"fields": ("warn_days_before", "moderate_overdue_days", "serious_overdue_days")}),
    )
