import datetime as dt

from django.db.models import Prefetch
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError

from core.errors import DomainError, InvalidInput
from reception import access, selectors, services
from reception.api.serializers import (
    BookingSerializer,
    DutyShiftSerializer,
    LawyerSerializer,
    ReceptionSerializer,
)
from reception.models import Slot


def _date(value, default):
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        raise ValidationError({"date": ["日期格式应为 YYYY-MM-DD。"]}) from None


class DutyShiftViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The duty roster within the caller's units (``?from=&to=``); POST adds a shift (conflicts refused)."""

    serializer_class = DutyShiftSerializer

    def get_queryset(self):
        start = _date(self.request.query_params.get("from"), dt.date(2000, 1, 1))
        end = _date(self.request.query_params.get("to"), dt.date(2100, 12, 31))
        return selectors.duty_shifts(self.request.user, start, end)

    def perform_create(self, serializer):
        d = serializer.validated_data
        if not access.can_manage(self.request.user, d["unit"]):
            raise ValidationError({"unit": ["未找到该单位。"]})
        try:
            serializer.instance = services.duty_add(
                actor=self.request.user,
                unit=d["unit"],
                date=d["date"],
                period=d["period"],
                system=d["system"],
                person=d.get("person"),
                lawyer=d.get("lawyer"),
            )
        except InvalidInput as exc:
            raise ValidationError(exc.errors) from None
        except DomainError as exc:
            raise NotFound(exc.message) from None


class ReceptionViewSet(viewsets.ReadOnlyModelViewSet):
    """Receptions (with their slots) of the caller's units."""

    serializer_class = ReceptionSerializer

    def get_queryset(self):
        slots = Slot.objects.prefetch_related("bookings")
        return selectors.receptions(self.request.user).prefetch_related(Prefetch("slots", queryset=slots))


class BookingViewSet(viewsets.ReadOnlyModelViewSet):
    """The public's bookings at the caller's units' receptions."""

    serializer_class = BookingSerializer

    def get_queryset(self):
        return selectors.bookings(self.request.user).order_by("slot__starts_at", "pk")


class LawyerViewSet(viewsets.ReadOnlyModelViewSet):
    """The lawyer roster of the caller's units (a lawyer: their own entry)."""

    serializer_class = LawyerSerializer

    def get_queryset(self):
        return selectors.lawyers(self.request.user)
