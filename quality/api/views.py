from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from quality import selectors, services
from quality.api.serializers import (
    AccountabilityInputSerializer,
    AccountabilitySerializer,
    GradeInputSerializer,
    ReviewDetailSerializer,
    ReviewedCaseSerializer,
    ReviewSerializer,
)
from quality.filtersets import AccountabilityFilterSet, ReviewFilterSet
from quality.models import ReviewedCase


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Quality reviews (评查, 逢访必查) of petitions within the caller's scope (outside it: 404)."""

    filterset_class = ReviewFilterSet

    def get_queryset(self):
        return selectors.review_list(self.request.user)

    def get_object(self):
        return selectors.get_visible_review(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return ReviewDetailSerializer if self.action == "retrieve" else ReviewSerializer


class ReviewedCaseViewSet(viewsets.GenericViewSet):
    """Reviewed cases of visible reviews; POST ``grade`` grades one 一类/二类/三类 with findings by aspect."""

    serializer_class = ReviewedCaseSerializer

    def get_queryset(self):
        return ReviewedCase.objects.filter(review__in=selectors.review_list(self.request.user))

    def get_object(self):
        case = self.get_queryset().filter(pk=self.kwargs["pk"]).select_related("review").first()
        if case is None:
            raise Http404
        return case

    @extend_schema(request=GradeInputSerializer, responses=ReviewedCaseSerializer)
    @action(detail=True, methods=["post"])
    def grade(self, request, pk=None):
        case = self.get_object()
        data = GradeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.review_grade_case(actor=request.user, case=case, **data.validated_data)
        return Response(ReviewedCaseSerializer(case).data)


class AccountabilityViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """责任追究 records within the caller's scope; POST records one through the same service as the page."""

    filterset_class = AccountabilityFilterSet

    def get_queryset(self):
        return selectors.accountability_list(self.request.user)

    def get_object(self):
        return selectors.get_visible_accountability(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return AccountabilityInputSerializer if self.action == "create" else AccountabilitySerializer

    @extend_schema(request=AccountabilityInputSerializer, responses=AccountabilitySerializer)
    def create(self, request, *args, **kwargs):
        data = AccountabilityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        review = selectors.get_visible_review(request.user, values.pop("review"))
        case_pk = values.pop("case", None)
        case = None
        if case_pk is not None:
            case = ReviewedCase.objects.filter(review=review, pk=case_pk).first()
            if case is None:
                raise Http404
        record = services.accountability_record(actor=request.user, review=review, case=case, **values)
        return Response(AccountabilitySerializer(record).data, status=status.HTTP_201_CREATED)
