from rest_framework import serializers

from core.masking import mask_name, mask_phone
from reception.models import Booking, DutyShift, Lawyer, Reception, Slot


class DutyShiftSerializer(serializers.ModelSerializer):
    who = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = DutyShift
        fields = [
            "id",
            "unit",
            "unit_name",
            "date",
            "period",
            "system",
            "person",
            "lawyer",
            "who",
            "persons_received",
        ]
        read_only_fields = ["persons_received"]


class SlotSerializer(serializers.ModelSerializer):
    booked = serializers.SerializerMethodField()

    class Meta:
        model = Slot
        fields = ["id", "starts_at", "booked"]

    def get_booked(self, slot) -> bool:
        return any(b.status != "cancelled" for b in slot.bookings.all())


class ReceptionSerializer(serializers.ModelSerializer):
    slots = SlotSerializer(many=True, read_only=True)

    class Meta:
        model = Reception
        fields = [
            "id",
            "unit",
            "kind",
            "host",
            "host_title",
            "officer",
            "date",
            "start_time",
            "end_time",
            "place",
            "topics",
            "meeting_link",
            "published",
            "slots",
        ]


class BookingSerializer(serializers.ModelSerializer):
    """Name and phone masked: the full values are shown on the staff page to those who receive the person."""

    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    reception = serializers.IntegerField(source="slot.reception_id", read_only=True)
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "reception", "slot", "starts_at", "name", "phone", "status", "petition", "created_at"]

    def get_name(self, booking) -> str:
        return mask_name(booking.name)

    def get_phone(self, booking) -> str:
        return mask_phone(booking.phone)


class LawyerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lawyer
        fields = ["id", "unit", "name", "firm", "licence_number", "specialities", "status"]
