import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from care.models import CareReason, CareStatus, CareTask


class CareTaskFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CareStatus.choices)
    reason = django_filters.ChoiceFilter(label=_("缘由"), choices=CareReason.choices)
    overdue = django_filters.BooleanFilter(label=_("走访逾期"), method="filter_overdue")

    class Meta:
        model = CareTask
        fields = ["status", "reason", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = {"status": CareStatus.OPEN, "next_visit_on__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)
