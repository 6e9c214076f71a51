from rest_framework import serializers

from mediation.models import Mediation, MediationSession


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MediationSession
        fields = ["held_on", "place", "participants", "notes", "recorded_at"]


class MediationSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    unit = serializers.StringRelatedField()
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = Mediation
        fields = [
            "id",
            "petition",
            "petition_number",
            "unit",
            "kind",
            "organisation",
            "mediator",
            "status",
            "agreement",
            "result",
            "concluded_on",
            "confirmed",
            "confirmation_court",
            "confirmation_number",
            "confirmed_on",
            "created_at",
            "sessions",
        ]


class OpenInput(serializers.Serializer):
    petition = serializers.IntegerField()
    kind = serializers.CharField(max_length=16)
    organisation = serializers.CharField(max_length=100)
    mediator = serializers.CharField(max_length=50)


class SessionInput(serializers.Serializer):
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=100)
    participants = serializers.CharField(allow_blank=True, required=False, default="")
    notes = serializers.CharField()


class ConcludeInput(serializers.Serializer):
    agreed = serializers.BooleanField()
    agreement = serializers.CharField(allow_blank=True, required=False, default="")
    result = serializers.CharField()
    concluded_on = serializers.DateField()


class ConfirmInput(serializers.Serializer):
    court = serializers.CharField(max_length=100)
    number = serializers.CharField(max_length=64)
    confirmed_on = serializers.DateField()
