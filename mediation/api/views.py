from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mediation import selectors, services
from mediation.api.serializers import (
    ConcludeInput,
    ConfirmInput,
    MediationSerializer,
    OpenInput,
    SessionInput,
)
from mediation.filtersets import MediationFilterSet
from petitions.scope import get_visible_petition


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class MediationViewSet(viewsets.ReadOnlyModelViewSet):
    """调解 within the caller's scope (outside it: 404)."""

    serializer_class = MediationSerializer
    filterset_class = MediationFilterSet

    def get_queryset(self):
        return (
            selectors.mediation_list(self.request.user)
            .prefetch_related("sessions")
            .order_by("-created_at", "-id")
        )

    def get_object(self):
        return selectors.get_visible_mediation(self.request.user, self.kwargs["pk"])

    def _done(self, m, code=status.HTTP_200_OK):
        return Response(
            MediationSerializer(selectors.get_visible_mediation(self.request.user, m.pk)).data, status=code
        )

    @extend_schema(request=OpenInput, responses=MediationSerializer)
    def create(self, request, *args, **kwargs):
        data = _valid(OpenInput, request)
        petition = get_visible_petition(request.user, data.pop("petition"))
        return self._done(
            services.mediation_open(actor=request.user, petition=petition, **data), status.HTTP_201_CREATED
        )

    @extend_schema(request=SessionInput, responses=MediationSerializer)
    @action(detail=True, methods=["post"])
    def session(self, request, pk=None, **kwargs):
        target = self.get_object()
        data = _valid(SessionInput, request)
        session = services.mediation_add_session(actor=request.user, mediation=target, **data)
        return self._done(session.mediation)

    @extend_schema(request=ConcludeInput, responses=MediationSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None, **kwargs):
        target = self.get_object()
        data = _valid(ConcludeInput, request)
        return self._done(services.mediation_conclude(actor=request.user, mediation=target, **data))

    @extend_schema(request=ConfirmInput, responses=MediationSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None, **kwargs):
        target = self.get_object()
        data = _valid(ConfirmInput, request)
        return self._done(services.mediation_confirm(actor=request.user, mediation=target, **data))
