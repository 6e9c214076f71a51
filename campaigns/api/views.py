"""专项活动 over the API: the same services and the same scope as the pages."""

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from analytics.models import Campaign
from analytics.selectors import local_date_now
from campaigns import selectors, services
from campaigns.api.serializers import (
    CampaignSerializer,
    InspectionInputSerializer,
    InspectionSerializer,
    InspectionTaskSerializer,
    NoteSerializer,
    PhasesInputSerializer,
    TypicalCaseInputSerializer,
    TypicalCaseReviewSerializer,
    TypicalCaseSerializer,
)
from campaigns.models import Inspection, RectificationTask, TypicalCase
from organisations.models import Unit


def _campaign_field(request, value):
    """The campaign named by a query parameter or a body field: one outside the caller's scope is a field error."""
    try:
        return selectors.get_visible_campaign(request.user, value)
    except Http404:
        raise ValidationError({"campaign": ["专项活动不存在或不在您的范围内。"]}) from None


def _campaign_param(request):
    value = request.query_params.get("campaign")
    return _campaign_field(request, value) if value else None


class CampaignViewSet(viewsets.ViewSet):
    """Campaigns that concern the caller, with their phases and current phase; POST …/{id}/phases/ sets them."""

    serializer_class = CampaignSerializer
    queryset = (
        Campaign.objects.none()
    )  # for the schema only (the id is an integer); reads go through selectors

    def list(self, request):
        campaigns = selectors.visible_campaigns(request.user)
        ctx = {"today": local_date_now()}
        return Response(CampaignSerializer(campaigns, many=True, context=ctx).data)

    def retrieve(self, request, pk=None):
        campaign = selectors.get_visible_campaign(request.user, pk)
        return Response(CampaignSerializer(campaign, context={"today": local_date_now()}).data)

    @extend_schema(request=PhasesInputSerializer, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def phases(self, request, pk=None):
        campaign = selectors.get_visible_campaign(request.user, pk)
        data = PhasesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.phases_set(campaign=campaign, actor=request.user, phases=data.validated_data["phases"])
        return Response(CampaignSerializer(campaign, context={"today": local_date_now()}).data)


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspection records in the caller's scope (?campaign=ID); POST records one with its rectification tasks."""

    serializer_class = InspectionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Inspection.objects.none()
        campaign = _campaign_param(self.request) if self.action == "list" else None
        return selectors.visible_inspections(self.request.user, campaign).prefetch_related(
            "tasks__owner", "tasks__owner_unit"
        )

    def get_object(self):
        return selectors.get_visible_inspection(self.request.user, self.kwargs["pk"])

    @extend_schema(request=InspectionInputSerializer, responses=InspectionSerializer)
    def create(self, request):
        data = InspectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        campaign = _campaign_field(request, v["campaign"])
        units = {u.code: u for u in Unit.objects.filter(code__in=[v["inspecting_unit"], v["inspected_unit"],
                                                                  *(t["owner_unit"] for t in v.get("tasks", []))])}  # fmt: skip
        users = {u.username: u for u in get_user_model().objects.filter(
            username__in=[t["owner"] for t in v.get("tasks", [])])}  # fmt: skip
        inspection = services.inspection_record(
            campaign=campaign, actor=request.user, kind=v["kind"], inspecting_unit=units.get(v["inspecting_unit"]),
            inspected_unit=units.get(v["inspected_unit"]), inspected_on=v["inspected_on"], findings=v["findings"],
            petition_id=v.get("petition"),
            tasks=[{"description": t["description"], "owner": users.get(t["owner"]),
                    "owner_unit": units.get(t["owner_unit"]), "deadline": t["deadline"]} for t in v.get("tasks", [])],
        )  # fmt: skip
        return Response(InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)


class RectificationTaskViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's rectification tasks; POST …/{id}/complete/ completes one with a note."""

    serializer_class = InspectionTaskSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RectificationTask.objects.none()
        return selectors.my_rectification_tasks(self.request.user, open_only=False)

    def get_object(self):
        return selectors.get_my_task(self.request.user, self.kwargs["pk"])

    @extend_schema(request=NoteSerializer, responses=InspectionTaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        task = self.get_object()
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.rectification_complete(
            task=task, actor=request.user, note=data.validated_data["note"]
        )
        return Response(InspectionTaskSerializer(task).data)


class TypicalCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Typical cases in the caller's scope (?campaign=ID); POST submits one, POST …/{id}/review/ reviews it."""

    serializer_class = TypicalCaseSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TypicalCase.objects.none()
        campaign = _campaign_param(self.request) if self.action == "list" else None
        return selectors.visible_typical_cases(self.request.user, campaign)

    def get_object(self):
        return selectors.get_visible_typical_case(self.request.user, self.kwargs["pk"])

    @extend_schema(request=TypicalCaseInputSerializer, responses=TypicalCaseSerializer)
    def create(self, request):
        data = TypicalCaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        campaign = _campaign_field(request, v["campaign"])
        case = services.typical_case_submit(
            campaign=campaign, actor=request.user, unit=Unit.objects.filter(code=v["unit"]).first(),
            petition_id=v["petition"], title=v["title"], summary=v["summary"], what_worked=v["what_worked"],
        )  # fmt: skip
        return Response(TypicalCaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TypicalCaseReviewSerializer, responses=TypicalCaseSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        case = self.get_object()
        data = TypicalCaseReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.typical_case_review(case=case, actor=request.user, selected=data.validated_data["selected"],
                                            reason=data.validated_data["reason"])  # fmt: skip
        return Response(TypicalCaseSerializer(case).data)
