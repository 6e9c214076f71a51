"""Filters of the alert list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from alerts.models import AlertStatus, Severity
from alerts.params import RuleKind


class AlertFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AlertStatus.choices, empty_label=_("全部"))
    kind = django_filters.ChoiceFilter(label=_("预警类型"), choices=RuleKind.choices, empty_label=_("全部"))
    severity = django_filters.ChoiceFilter(
        label=_("预警等级"), choices=Severity.choices, empty_label=_("全部")
    )
