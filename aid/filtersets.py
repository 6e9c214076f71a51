import django_filters
from django.utils.translation import gettext_lazy as _

from aid.models import AidApplication, AidStatus


class AidFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AidStatus.choices)
    year = django_filters.NumberFilter(label=_("年度"))
    applicant = django_filters.CharFilter(
        label=_("申请人"), field_name="applicant_name", lookup_expr="icontains"
    )

    class Meta:
        model = AidApplication
        fields = ["status", "year", "applicant"]
