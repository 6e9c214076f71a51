"""Circulars, assessment scores and case conferences over the API: the same services and the same scope."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.models import Campaign
from circulars import assessment, selectors, services
from circulars.api.serializers import (
    CircularIssueSerializer,
    CircularSerializer,
    CompleteSerializer,
    MeetingSerializer,
    MeetingTaskSerializer,
)
from circulars.models import AssessmentScheme, MeetingTask


class CircularViewSet(viewsets.ReadOnlyModelViewSet):
    """Circulars issued within the caller's units or sent to them; POST issues one (政法委 staff)."""

    serializer_class = CircularSerializer

    def get_queryset(self):
        return selectors.visible_circulars(self.request.user).order_by("-issued_at", "-id")

    def get_object(self):
        return selectors.get_visible_circular(self.request.user, self.kwargs["pk"])

    @extend_schema(request=CircularIssueSerializer, responses=CircularSerializer)
    def create(self, request):
        data = CircularIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        issuer = next((u for u in services.issuing_units(request.user) if u.code == v["issuer"]), None)
        if issuer is None:
            raise ValidationError({"issuer": ["您不能以该单位名义签发通报。"]})
        campaign = Campaign.objects.filter(pk=v.get("campaign")).first() if v.get("campaign") else None
        circular = services.circular_issue(issuer=issuer, kind=v["kind"], date_from=v["date_from"],
                                           date_to=v["date_to"], campaign=campaign, actor=request.user)  # fmt: skip
        return Response(CircularSerializer(circular).data, status=status.HTTP_201_CREATED)


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingSerializer

    def get_queryset(self):
        return (
            selectors.visible_meetings(self.request.user)
            .prefetch_related("tasks__owner")
            .order_by("-held_on", "-id")
        )

    def get_object(self):
        return selectors.get_visible_meeting(self.request.user, self.kwargs["pk"])


class MyTaskViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's 会商任务; POST …/complete/ completes one."""

    serializer_class = MeetingTaskSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return MeetingTask.objects.none()
        return selectors.my_meeting_tasks(self.request.user, open_only=False)

    def get_object(self):
        return selectors.get_my_task(self.request.user, self.kwargs["pk"])

    @extend_schema(request=CompleteSerializer, responses=MeetingTaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        task = self.get_object()  # someone else's task: 404 before anything else
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.meeting_task_complete(task=task, actor=request.user,
                                              result=data.validated_data["result"])  # fmt: skip
        return Response(MeetingTaskSerializer(task).data)


class AssessmentView(APIView):
    """Scores of every unit below the caller's 政法委: ?scheme=ID&from=YYYY-MM-DD&to=YYYY-MM-DD."""

    @extend_schema(responses=dict)
    def get(self, request):
        units = services.issuing_units(request.user)
        if not units:
            raise Http404
        from django import forms  # noqa: PLC0415

        errors = {}
        scheme = AssessmentScheme.objects.filter(
            pk=request.query_params.get("scheme") or 0, active=True
        ).first()
        if scheme is None:
            errors["scheme"] = ["请选择考核方案。"]
        dates = {}
        for key in ("from", "to"):
            try:
                dates[key] = forms.DateField().clean(request.query_params.get(key))
            except forms.ValidationError:
                errors[key] = ["请填写正确的日期（YYYY-MM-DD）。"]
        if errors:
            raise ValidationError(errors)
        result = assessment.assess(
            scheme=scheme, date_from=dates["from"], date_to=dates["to"], within=units[0]
        )
        return Response(assessment.as_json(result))
