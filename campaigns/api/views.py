"""专项活动 over the API: the same services and the same scope as the pages."""

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from analytics.models import Campaign
from analytics.selectors import local_date_now
from campaigns import selectors, services
from campaigns.api.serializers import (
    CampaignScopeInputSerializer,
    CampaignScopeSerializer,
    CampaignSerializer,
    ChooseCasesInputSerializer,
    ChosenCasePageSerializer,
    ChosenCaseSerializer,
    InspectionInputSerializer,
    InspectionSerializer,
    InspectionTaskSerializer,
    NoteSerializer,
    PhasesInputSerializer,
    RemovedSerializer,
    TypicalCaseInputSerializer,
    TypicalCaseReviewSerializer,
    TypicalCaseSerializer,
    UnchooseCasesInputSerializer,
)
from campaigns.models import Inspection, RectificationTask, TypicalCase
from core.errors import InvalidInput
from organisations.models import Unit
from petitions.models import Tag


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

    @staticmethod
    def _scope(request, campaign) -> dict:
        return {
            **services.scope_of(campaign), "tag_name": campaign.tag.name if campaign.tag_id else None,
            "filter_size": selectors.filter_size(request.user, campaign),
            "chosen_count": selectors.chosen_count(campaign),
            "cohort_size": selectors.cohort_size(request.user, campaign),
        }  # fmt: skip

    @extend_schema(methods=["GET"], responses=CampaignScopeSerializer)
    @extend_schema(methods=["PUT"], request=CampaignScopeInputSerializer, responses=CampaignScopeSerializer)
    @action(detail=True, methods=["get", "put"])
    def scope(self, request, pk=None):
        """The scope by filter and the cohort it gives; PUT sets the whole scope (those who run the campaign)."""
        campaign = selectors.get_visible_campaign(request.user, pk)
        if request.method == "PUT":
            data = CampaignScopeInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
            if values["tag"] is not None:
                values["tag"] = Tag.objects.filter(pk=values["tag"]).first()
                if values["tag"] is None:
                    raise InvalidInput({"tag": ["专题标签不存在。"]}, message="专题标签不存在。")
            campaign = services.campaign_scope_set(campaign=campaign, actor=request.user, **values)
        return Response(CampaignScopeSerializer(self._scope(request, campaign)).data)

    @extend_schema(methods=["GET"], responses=ChosenCasePageSerializer)
    @extend_schema(
        methods=["POST"], request=ChooseCasesInputSerializer, responses={201: ChosenCaseSerializer(many=True)}
    )
    @action(detail=True, methods=["get", "post"])
    def cases(self, request, pk=None):
        """The chosen cases the caller may see (who chose each, when); POST adds cases by id or number."""
        campaign = selectors.get_visible_campaign(request.user, pk)
        if request.method == "POST":
            data = ChooseCasesInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            chosen = services.campaign_choose_cases(campaign=campaign, actor=request.user,
                                                    petition_ids=data.validated_data["petitions"],
                                                    numbers=data.validated_data["numbers"])  # fmt: skip
            for item in chosen:
                item.added_by = request.user
            return Response(ChosenCaseSerializer(chosen, many=True).data, status=status.HTTP_201_CREATED)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.chosen_cases(request.user, campaign), request, view=self)
        return paginator.get_paginated_response(ChosenCaseSerializer(page, many=True).data)

    @extend_schema(request=UnchooseCasesInputSerializer, responses=RemovedSerializer)
    @action(detail=True, methods=["post"], url_path="cases/remove")
    def cases_remove(self, request, pk=None):
        """Take chosen cases out of the campaign (those who run it)."""
        campaign = selectors.get_visible_campaign(request.user, pk)
        data = UnchooseCasesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        removed = services.campaign_unchoose_cases(campaign=campaign, actor=request.user,
                                                   petition_ids=data.validated_data["petitions"])  # fmt: skip
        return Response({"removed": removed})


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
