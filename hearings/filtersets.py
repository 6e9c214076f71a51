"""Filters of the hearing and consultation lists, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from hearings.models import ConsultationStatus, HearingOutcome, HearingStatus


class HearingFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=HearingStatus.choices, empty_label=_("全部")
    )
    outcome = django_filters.ChoiceFilter(
        label=_("听证结论"), choices=HearingOutcome.choices, empty_label=_("全部")
    )
    date_from = django_filters.DateFilter(
        label=_("听证日期起"), field_name="starts_at__date", lookup_expr="gte"
    )
    date_to = django_filters.DateFilter(
        label=_("听证日期止"), field_name="starts_at__date", lookup_expr="lte"
    )


class ConsultationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=ConsultationStatus.choices, empty_label=_("全部")
    )
    number = django_filters.CharFilter(
        label=_("登记编号"), field_name="petition__number", lookup_expr="icontains"
    )
