from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from hearings import selectors, services
from hearings.api.serializers import ConsultationSerializer, HearingInputSerializer, HearingSerializer
from hearings.filtersets import ConsultationFilterSet, HearingFilterSet
from petitions.scope import get_visible_petition


class HearingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Hearings (听证) within the caller's scope; POST schedules one through the same service as the page."""

    filterset_class = HearingFilterSet

    def get_queryset(self):
        return selectors.hearing_list(self.request.user).prefetch_related("participants")

    def get_object(self):
        return selectors.get_visible_hearing(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return HearingInputSerializer if self.action == "create" else HearingSerializer

    @extend_schema(request=HearingInputSerializer, responses=HearingSerializer)
    def create(self, request, *args, **kwargs):
        data = HearingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        petition = get_visible_petition(request.user, values.pop("petition"))
        people = [(p["kind"], p["name"], p.get("organisation", "")) for p in values.pop("participants")]
        hearing = services.hearing_schedule(
            actor=request.user, petition=petition, participants=people, **values
        )
        return Response(HearingSerializer(hearing).data, status=status.HTTP_201_CREATED)


class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    """Joint consultations (会诊) within the caller's scope, with their tasks."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilterSet

    def get_queryset(self):
        return selectors.consultation_list(self.request.user).prefetch_related("units", "tasks")

    def get_object(self):
        return selectors.get_visible_consultation(self.request.user, self.kwargs["pk"])
