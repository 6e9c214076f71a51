from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from aid import selectors, services
from aid.api.serializers import (
    AidApplicationSerializer,
    ApplyInput,
    ApproveInput,
    BudgetSerializer,
    PayInput,
    ReviewInput,
)
from aid.filtersets import AidFilterSet
from core.errors import PermissionDenied
from organisations.selectors import staff_context
from petitions.scope import get_visible_petition


class AidApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """司法救助申请 within the caller's scope (outside it: 404). Amounts are strings of exact yuan with fen."""

    serializer_class = AidApplicationSerializer
    filterset_class = AidFilterSet

    def get_queryset(self):
        return (
            selectors.application_list(self.request.user)
            .select_related("payment")
            .prefetch_related("decisions__by")
            .order_by("-created_at", "-id")
        )

    def get_object(self):
        return selectors.get_visible_application(self.request.user, self.kwargs["pk"])

    def _done(self, application, code=status.HTTP_200_OK):
        application = selectors.get_visible_application(self.request.user, application.pk)
        return Response(AidApplicationSerializer(application).data, status=code)

    @extend_schema(request=ApplyInput, responses=AidApplicationSerializer)
    def create(self, request, *args, **kwargs):
        data = _valid(ApplyInput, request)
        petition = get_visible_petition(request.user, data.pop("petition"))
        units = staff_context(request.user).units_with(*services.APPLY_ROLES)
        if not units:
            raise PermissionDenied("只有接访员、承办人或部门负责人可以登记司法救助申请。")
        application = services.aid_apply(actor=request.user, petition=petition, unit=units[0], **data)
        return self._done(application, status.HTTP_201_CREATED)

    @extend_schema(request=ReviewInput, responses=AidApplicationSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None, **kwargs):
        target = self.get_object()
        data = _valid(ReviewInput, request)
        return self._done(services.aid_review(actor=request.user, application=target, **data))

    @extend_schema(request=ApproveInput, responses=AidApplicationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, **kwargs):
        target = self.get_object()
        data = _valid(ApproveInput, request)
        return self._done(services.aid_approve(actor=request.user, application=target, **data))

    @extend_schema(request=PayInput, responses=AidApplicationSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None, **kwargs):
        target = self.get_object()
        data = _valid(PayInput, request)
        payment = services.aid_pay(actor=request.user, application=target, **data)
        return self._done(payment.application)


class AidBudgetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Yearly budgets of the caller's units and the units beneath them."""

    serializer_class = BudgetSerializer

    def get_queryset(self):
        return selectors.budgets_for(self.request.user)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
