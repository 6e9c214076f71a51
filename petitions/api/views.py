from rest_framework import viewsets

from petitions import selectors
from petitions.api.serializers import PetitionDetailSerializer, PetitionListSerializer
from petitions.filtersets import PetitionFilterSet
from petitions.pagination import CappedPageNumberPagination


class PetitionViewSet(viewsets.ReadOnlyModelViewSet):
    """Petitions within the caller's data scope (outside it: 404)."""

    filterset_class = PetitionFilterSet
    pagination_class = CappedPageNumberPagination

    def get_queryset(self):
        return selectors.petition_list(self.request.user)

    def get_object(self):
        return selectors.petition_detail(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return PetitionDetailSerializer if self.action == "retrieve" else PetitionListSerializer

    def filter_queryset(self, queryset):
        filterset = PetitionFilterSet(self.request.query_params, queryset=queryset, user=self.request.user)
        if not filterset.is_valid():
            from rest_framework.exceptions import ValidationError

            raise ValidationError(filterset.errors)
        return filterset.qs
