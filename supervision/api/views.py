"""包案 and 督办 under /api/v1/supervision/: the same services and the same scope as the pages (outside: 404)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from petitions.scope import get_visible_petition
from supervision import selectors, services
from supervision.api import serializers as s
from supervision.models import AreaAssignment, SupervisionReport


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Ownership plans (包案方案) of the petitions in the caller's scope."""

    serializer_class = s.PlanSerializer

    def get_queryset(self):
        return selectors.plans_visible(self.request.user).select_related("petition").order_by("id")

    def get_object(self):
        return selectors.get_plan(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.PlanCreateSerializer, responses=s.PlanSerializer)
    def create(self, request, *args, **kwargs):
        data = s.PlanCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        petition = get_visible_petition(request.user, values.pop("petition"))
        plan = services.plan_create(actor=request.user, petition=petition, **values)
        return Response(s.PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class SupervisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Supervisions (督办) in the caller's scope, with their reports."""

    serializer_class = s.SupervisionSerializer

    def get_queryset(self):
        return (
            selectors.supervisions_visible(self.request.user)
            .select_related("petition")
            .order_by("deadline", "id")
        )

    def get_object(self):
        return selectors.get_supervision(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.SupervisionCreateSerializer, responses=s.SupervisionSerializer)
    def create(self, request, *args, **kwargs):
        data = s.SupervisionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        petition = get_visible_petition(request.user, values.pop("petition"))
        sup = services.supervision_open(actor=request.user, petition=petition, **values)
        return Response(s.SupervisionSerializer(sup).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReportCreateSerializer, responses=s.ReportSerializer)
    @action(detail=True, methods=["get", "post"])
    def reports(self, request, pk=None, **kwargs):
        sup = self.get_object()
        if request.method == "GET":
            return Response(s.ReportSerializer(sup.reports.all(), many=True).data)
        data = s.ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_submit(actor=request.user, supervision=sup, **data.validated_data)
        return Response(s.ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A report of a supervision in scope; the supervisor reviews it (accept, or send back with a reason)."""

    serializer_class = s.ReportSerializer

    def get_object(self):
        try:
            report = SupervisionReport.objects.get(pk=self.kwargs["pk"])
        except (SupervisionReport.DoesNotExist, ValueError):
            raise Http404 from None
        selectors.get_supervision(self.request.user, report.supervision_id)
        return report

    def get_queryset(self):
        return SupervisionReport.objects.none()

    @extend_schema(request=s.ReportReviewSerializer, responses=s.ReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None, **kwargs):
        report = self.get_object()
        data = s.ReportReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_review(actor=request.user, report=report, **data.validated_data)
        return Response(s.ReportSerializer(report).data)


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """包片 assignments made by the caller's 政法委 (its 督办员, 领导 or 部门负责人); POST assigns one,
    POST …/{id}/end/ ends one. Another committee's assignments are 404."""

    serializer_class = s.AreaSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return AreaAssignment.objects.none()
        return selectors.committee_areas(self.request.user)

    def get_object(self):
        return selectors.get_committee_area(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.AreaCreateSerializer, responses=s.AreaSerializer)
    def create(self, request, *args, **kwargs):
        committees = services.area_committees(request.user)
        if not committees:
            raise Http404
        data = s.AreaCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        committee = None
        if v.get("committee"):
            committee = next((c for c in committees if c.code == v["committee"]), None)
            if committee is None:
                raise ValidationError({"committee": ["您不能以该单位名义指定包片。"]})
        scope = [committee] if committee else committees
        leader = selectors.area_leader_candidates(scope).filter(pk=v["leader"]).first()
        units = list(selectors.area_region_units(scope).filter(pk__in=v["units"]))
        errors = {}
        if leader is None:
            errors["leader"] = ["包片领导须为本辖区的领导、包案领导或部门负责人。"]
        if len(units) != len(set(v["units"])):
            errors["units"] = ["只能指定本辖区内的单位。"]
        if errors:
            raise ValidationError(errors)
        area = services.area_assign(actor=request.user, leader=leader, units=units, note=v["note"],
                                    committee=committee)  # fmt: skip
        return Response(s.AreaSerializer(area).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AreaEndSerializer, responses=s.AreaSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None, **kwargs):
        area = self.get_object()  # another committee's: 404 before anything else
        data = s.AreaEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        area = services.area_end(actor=request.user, area=area, reason=data.validated_data["reason"])
        return Response(s.AreaSerializer(selectors.get_committee_area(request.user, area.pk)).data)
