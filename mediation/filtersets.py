import django_filters
from django.utils.translation import gettext_lazy as _

from mediation.models import Mediation, MediationKind, MediationStatus


class MediationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("调解类型"), choices=MediationKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=MediationStatus.choices)
    confirmed = django_filters.BooleanFilter(label=_("已司法确认"))

    class Meta:
        model = Mediation
        fields = ["kind", "status", "confirmed"]
