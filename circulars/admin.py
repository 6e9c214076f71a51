from django import forms
from django.contrib import admin

from circulars.assessment import weight_errors
from circulars.models import AssessmentScheme, CircularRule, Deduction, Indicator, Veto


class IndicatorFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        weights = [
            f.cleaned_data["weight"]
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("weight") is not None
        ]
        errors = weight_errors(weights)
        if errors:
            raise forms.ValidationError(errors)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    formset = IndicatorFormSet
    extra = 0


class DeductionInline(admin.TabularInline):
    model = Deduction
    extra = 0


class VetoInline(admin.TabularInline):
    model = Veto
    extra = 0


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "active")
    inlines = [IndicatorInline, DeductionInline, VetoInline]


@admin.register(CircularRule)
class CircularRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "verdict", "threshold", "days", "active")
    list_filter = ("verdict", "active")
