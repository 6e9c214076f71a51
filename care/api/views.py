from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from care import selectors, services
from care.api.serializers import (
    AgentActionInput,
    AgentAssignmentSerializer,
    AssignInput,
    CareTaskSerializer,
    CloseInput,
    CounsellingInput,
    CounsellingSerializer,
    PlanInput,
    VisitInput,
)
from care.filtersets import CareTaskFilterSet
from organisations.models import User
from petitions.scope import get_visible_petition


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class CareTaskViewSet(viewsets.ReadOnlyModelViewSet):
    """稳控帮扶任务 within the caller's scope (outside it: 404)."""

    serializer_class = CareTaskSerializer
    filterset_class = CareTaskFilterSet

    def get_queryset(self):
        return (
            selectors.care_task_list(self.request.user)
            .prefetch_related("visits")
            .order_by("-created_at", "-id")
        )

    def get_object(self):
        return selectors.get_visible_task(self.request.user, self.kwargs["pk"])

    def _done(self, task):
        return Response(CareTaskSerializer(selectors.get_visible_task(self.request.user, task.pk)).data)

    @extend_schema(request=PlanInput, responses=CareTaskSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None, **kwargs):
        target = self.get_object()
        data = _valid(PlanInput, request)
        return self._done(services.care_task_plan(actor=request.user, task=target, **data))

    @extend_schema(request=VisitInput, responses=CareTaskSerializer)
    @action(detail=True, methods=["post"])
    def visit(self, request, pk=None, **kwargs):
        target = self.get_object()
        data = _valid(VisitInput, request)
        return self._done(services.care_visit_log(actor=request.user, task=target, **data).task)

    @extend_schema(request=CloseInput, responses=CareTaskSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None, **kwargs):
        target = self.get_object()
        data = _valid(CloseInput, request)
        return self._done(services.care_task_close(actor=request.user, task=target, note=data["note"]))


class CounsellingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """心理疏导记录: only the counsellor, the handling unit's head and the 政法委 read them; anyone else gets 404."""

    serializer_class = CounsellingSerializer

    def list(self, request, *args, **kwargs):
        sessions = [
            s
            for s in selectors.readable_counselling(request.user).order_by("-held_on", "-id")[:500]
            if selectors.rules.can_read_counselling(request.user, s)
        ]
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response(CounsellingSerializer(page, many=True).data)

    def get_queryset(self):
        return selectors.readable_counselling(self.request.user)

    def get_object(self):
        return selectors.get_readable_session(self.request.user, self.kwargs["pk"])

    @extend_schema(request=CounsellingInput, responses=CounsellingSerializer)
    def create(self, request, *args, **kwargs):
        data = _valid(CounsellingInput, request)
        petition = get_visible_petition(request.user, data.pop("petition"))
        session = services.counselling_record(actor=request.user, petition=petition, **data)
        return Response(CounsellingSerializer(session).data, status=status.HTTP_201_CREATED)


class AgentAssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """代办员指派 within the caller's scope; ``mine`` is the agent's own worklist."""

    serializer_class = AgentAssignmentSerializer

    def get_queryset(self):
        return selectors.agent_assignments(self.request.user).order_by("-assigned_at", "-id")

    def get_object(self):
        return selectors.get_visible_assignment(self.request.user, self.kwargs["pk"])

    @action(detail=False, methods=["get"])
    def mine(self, request, **kwargs):
        page = self.paginate_queryset(selectors.agent_worklist(request.user))
        return self.get_paginated_response(AgentAssignmentSerializer(page, many=True).data)

    @extend_schema(request=AssignInput, responses=AgentAssignmentSerializer)
    def create(self, request, *args, **kwargs):
        data = _valid(AssignInput, request)
        petition = get_visible_petition(request.user, data.pop("petition"))
        agent = User.objects.filter(pk=data.pop("agent")).first()
        assignment = services.agent_assign(actor=request.user, petition=petition, agent=agent, **data)
        return Response(AgentAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AgentAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None, **kwargs):
        target = self.get_object()
        assignment = services.agent_end(
            actor=request.user, assignment=target, note=request.data.get("note", "")
        )
        return Response(AgentAssignmentSerializer(assignment).data)

    @extend_schema(request=AgentActionInput, responses=None)
    @action(detail=True, methods=["post"])
    def act(self, request, pk=None, **kwargs):
        assignment = self.get_object()
        data = _valid(AgentActionInput, request)
        event = services.agent_record_action(actor=request.user, petition=assignment.petition, **data)
        return Response({"event": event.pk}, status=status.HTTP_201_CREATED)
