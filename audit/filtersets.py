"""Filters of the audit log, shared by the administrator's page, its export and the API."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Act, AuditEntry

EARLIEST = dt.date(2000, 1, 1)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AuditFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        latest = timezone.localdate() + dt.timedelta(days=1)
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day and not (EARLIEST <= day <= latest):
                self.add_error(name, _("日期超出范围（%(lo)s 至 %(hi)s）。") % {"lo": EARLIEST, "hi": latest})
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


class AuditFilterSet(django_filters.FilterSet):
    person = django_filters.CharFilter(
        label=_("人员（账户名或姓名）"), method="filter_person", max_length=150
    )
    act = django_filters.ChoiceFilter(label=_("行为"), choices=Act.choices, empty_label=_("全部"))
    date_from = django_filters.DateFilter(
        label=_("开始日期"), method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("结束日期"), method="filter_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    object_type = django_filters.CharFilter(label=_("对象类型"), max_length=64)
    object_id = django_filters.CharFilter(label=_("对象编号"), max_length=64)

    class Meta:
        model = AuditEntry
        fields = ["person", "act", "date_from", "date_to", "object_type", "object_id"]
        form = AuditFilterForm

    def filter_person(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(actor_name=value) | Q(actor__full_name=value))

    def filter_from(self, queryset, name, value):
        return queryset.filter(at__gte=_day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(at__lt=_day_start(value + dt.timedelta(days=1)))
