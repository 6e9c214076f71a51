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
    ReturnVisitRecordSerializer,
    ReturnVisitSampleSerializer,
    ReturnVisitSerializer,
)
from circulars.forms import ReturnVisitFilterForm
from circulars.models import AssessmentScheme, MeetingTask, ReturnVisit


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


class ReturnVisitViewSet(viewsets.ReadOnlyModelViewSet):
    """两查一访一满意: the return visits of the caller's 政法委 (filters: ?verdict=pending|settled|unsettled,
    ?handling_unit=ID, ?date_from=&date_to= on the date reported settled); POST …/sample/ samples cases reported
    settled, POST …/{id}/record/ records a verdict."""

    serializer_class = ReturnVisitSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ReturnVisit.objects.none()
        visits = selectors.committee_return_visits(self.request.user)
        if self.action == "list" and self.request.query_params:
            form = ReturnVisitFilterForm(self.request.query_params, visits=visits)
            if not form.is_valid():
                raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
            d = form.cleaned_data
            visits = selectors.filter_return_visits(visits, verdict=d["verdict"], handling_unit=d["handling_unit"],
                                                    date_from=d["date_from"], date_to=d["date_to"])  # fmt: skip
        return visits.order_by("-sampled_at", "-id")

    def get_object(self):
        return selectors.get_committee_return_visit(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ReturnVisitSampleSerializer, responses=ReturnVisitSerializer(many=True))
    @action(detail=False, methods=["post"])
    def sample(self, request):
        units = services.issuing_units(request.user)
        if not units:
            raise Http404
        data = ReturnVisitSampleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        committee = next((u for u in units if u.code == v["committee"]), None)
        if committee is None:
            raise ValidationError({"committee": ["您不能以该单位名义抽取回访案件。"]})
        campaign = None
        if v.get("campaign"):
            from analytics.selectors import active_campaigns  # noqa: PLC0415

            campaign = next((c for c in active_campaigns(request.user) if c.pk == v["campaign"]), None)
            if campaign is None:
                raise ValidationError({"campaign": ["找不到该专项活动。"]})
        visits = services.return_visit_sample(committee=committee, actor=request.user, share=v["share"],
                                              date_from=v["date_from"], date_to=v["date_to"],
                                              campaign=campaign)  # fmt: skip
        return Response(ReturnVisitSerializer(visits, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReturnVisitRecordSerializer, responses=ReturnVisitSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        visit = self.get_object()  # another committee's visit: 404 before anything else
        data = ReturnVisitRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        visit = services.return_visit_record(visit=visit, actor=request.user, verdict=v["verdict"],
                                             visited_on=v["visited_on"], note=v["note"])  # fmt: skip
        return Response(ReturnVisitSerializer(visit).data)
