"""Filters shared by the staff list and the API."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.widgets import CompactMultiSelect
from deadlines.calendar import start_of_day
from organisations.models import Unit
from organisations.selectors import staff_context
from petitions.models import Channel, State
from petitions.services import FLAG_FIELDS

FLAG_CHOICES = [
    ("flag_skip_level", _("越级访")),
    ("flag_to_beijing", _("进京访")),
    ("flag_to_province", _("赴省访")),
    ("flag_group", _("集体访")),
    ("flag_repeat", _("重信重访")),
    ("flag_abnormal", _("非正常访")),
    ("flag_key_person", _("重点人员")),
]
assert [c[0] for c in FLAG_CHOICES] == list(FLAG_FIELDS)


class PetitionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")
    state = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=State.choices, widget=CompactMultiSelect, distinct=False
    )
    channel = django_filters.MultipleChoiceFilter(
        label=_("渠道"), choices=Channel.choices, widget=CompactMultiSelect, distinct=False
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("登记/承办单位（含下级）"), queryset=Unit.objects.none(), method="filter_unit"
    )
    region = django_filters.CharFilter(label=_("问题发生地区划"), method="filter_region")
    # Beijing-time days as ranges of the stored moment (not ``registered_at::date``): the range walks the
    # registration-time index instead of converting every row
    registered_from = django_filters.DateFilter(
        label=_("登记日期自"), method="filter_registered_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    registered_to = django_filters.DateFilter(
        label=_("至"), method="filter_registered_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    flag = django_filters.MultipleChoiceFilter(
        label=_("标记"),
        choices=FLAG_CHOICES,
        method="filter_flags",
        widget=CompactMultiSelect,
        distinct=False,
    )
    cluster = django_filters.CharFilter(label=_("类案"), method="filter_cluster", widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = Unit.objects.none()
        if user is not None:
            ctx = staff_context(user)
            q = Q()
            for unit in ctx.scope_units:
                q |= Q(path__startswith=unit.path)
            if q:
                units = Unit.objects.filter(q).order_by("path")
        self.filters["unit"].queryset = units

    def filter_registered_from(self, queryset, name, value):
        return queryset.filter(registered_at__gte=start_of_day(value))

    def filter_registered_to(self, queryset, name, value):
        return queryset.filter(registered_at__lt=start_of_day(value + timedelta(days=1)))

    def filter_queryset(self, queryset):
        """Every filter, the keyword search last: it ranks a bounded set of the newest matches, which must be
        chosen among the rows the other filters keep."""
        data = dict(self.form.cleaned_data)
        value = data.pop("q", None)
        for name, filter_value in data.items():
            queryset = self.filters[name].filter(queryset, filter_value)
        return self.filters["q"].filter(queryset, value)

    def filter_q(self, queryset, name, value):
        from search.selectors import (
            apply_search,
        )  # full-text search, ranked, inside the given (scoped) queryset

        return apply_search(queryset, value, user=self.user)

    @extend_schema_field(OpenApiTypes.INT)  # the unit's id; its choices depend on who asks
    def filter_unit(self, queryset, name, unit):
        subtree = Unit.objects.filter(path__startswith=unit.path).values("pk")
        return queryset.filter(Q(registered_unit__in=subtree) | Q(handling_unit__in=subtree))

    def filter_region(self, queryset, name, value):
        from organisations.models import region_code_range

        value = value.strip()
        if not value:
            return queryset
        if not (len(value) == 6 and value.isdigit()):
            return queryset.none()
        lo, hi = region_code_range(value)
        return queryset.filter(problem_region_id__gte=lo, problem_region_id__lte=hi)

    def filter_cluster(self, queryset, name, value):
        """The petitions of a hot-topic cluster (``topics``), within the already scoped queryset."""
        value = value.strip()
        if not value:
            return queryset
        if not (value.isascii() and value.isdigit() and len(value) <= 10):
            return queryset.none()
        from topics.selectors import cluster_petition_ids

        return queryset.filter(pk__in=cluster_petition_ids(int(value)))

    def filter_flags(self, queryset, name, values):
        for flag in values:
            if flag in FLAG_FIELDS:
                queryset = queryset.filter(**{flag: True})
        return queryset
