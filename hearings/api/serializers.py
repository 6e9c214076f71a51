from rest_framework import serializers

from hearings.models import Consultation, ConsultationTask, Hearing, Participant


class ParticipantSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Participant
        fields = ["kind", "kind_label", "name", "organisation"]


class HearingSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    unit = serializers.StringRelatedField()
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Hearing
        fields = ["id", "petition", "petition_number", "unit", "subject", "starts_at", "ends_on", "place", "video_link",
                  "status", "minutes", "panel_opinion", "outcome", "petitioner_accepted", "clock_days",
                  "participants"]  # fmt: skip


class HearingInputSerializer(serializers.Serializer):
    petition = serializers.IntegerField()
    subject = serializers.CharField(allow_blank=True)
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    video_link = serializers.URLField(required=False, allow_blank=True, default="")
    participants = ParticipantSerializer(many=True)


class ConsultationTaskSerializer(serializers.ModelSerializer):
    owner_unit = serializers.StringRelatedField()
    owner = serializers.StringRelatedField()

    class Meta:
        model = ConsultationTask
        fields = ["id", "description", "owner_unit", "owner", "deadline", "completed_at", "completion_note"]


class ConsultationSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    unit = serializers.StringRelatedField()
    units = serializers.StringRelatedField(many=True)
    tasks = ConsultationTaskSerializer(many=True)

    class Meta:
        model = Consultation
        fields = ["id", "petition", "petition_number", "unit", "subject", "held_on", "units", "attendees", "status",
                  "conclusions", "tasks"]  # fmt: skip
