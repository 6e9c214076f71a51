"""Filters of the review and accountability lists, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from quality.models import Grade, ReviewKind, ReviewStatus, Sanction


class ReviewFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("评查类型"), choices=ReviewKind.choices, empty_label=_("全部"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ReviewStatus.choices, empty_label=_("全部"))
    grade = django_filters.ChoiceFilter(
        label=_("含等次"),
        choices=Grade.choices,
        empty_label=_("全部"),
        field_name="cases__grade",
        distinct=True,
    )
    number = django_filters.CharFilter(
        label=_("登记编号"), field_name="petition__number", lookup_expr="icontains"
    )


class AccountabilityFilterSet(django_filters.FilterSet):
    sanction = django_filters.ChoiceFilter(
        label=_("处理方式"), choices=Sanction.choices, empty_label=_("全部")
    )
    decided_from = django_filters.DateFilter(
        label=_("决定日期起"), field_name="decided_on", lookup_expr="gte"
    )
    decided_to = django_filters.DateFilter(label=_("决定日期止"), field_name="decided_on", lookup_expr="lte")
