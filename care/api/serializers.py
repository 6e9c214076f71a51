from rest_framework import serializers

from care.models import AgentAssignment, CareTask, CareVisit, CounsellingSession


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareVisit
        fields = ["visited_on", "mode", "situation", "help_given", "recorded_at"]


class CareTaskSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    committee = serializers.StringRelatedField()
    visits = VisitSerializer(many=True, read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = CareTask
        fields = [
            "id",
            "petition",
            "petition_number",
            "committee",
            "reason",
            "status",
            "responsible_name",
            "responsible_kind",
            "visit_interval_days",
            "plan",
            "next_visit_on",
            "overdue",
            "created_at",
            "closed_at",
            "close_note",
            "visits",
        ]


class CounsellingSerializer(serializers.ModelSerializer):
    counsellor = serializers.StringRelatedField()

    class Meta:
        model = CounsellingSession
        fields = ["id", "petition", "counsellor", "held_on", "notes", "created_at"]


class AgentAssignmentSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    agent = serializers.StringRelatedField()
    unit = serializers.StringRelatedField()

    class Meta:
        model = AgentAssignment
        fields = [
            "id",
            "petition",
            "petition_number",
            "agent",
            "unit",
            "note",
            "assigned_at",
            "active",
            "ended_at",
        ]


class PlanInput(serializers.Serializer):
    responsible_name = serializers.CharField(max_length=50)
    responsible_kind = serializers.CharField(max_length=16)
    responsible_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    visit_interval_days = serializers.IntegerField()
    first_visit_on = serializers.DateField()
    plan = serializers.CharField()


class VisitInput(serializers.Serializer):
    visited_on = serializers.DateField()
    mode = serializers.CharField(max_length=8)
    situation = serializers.CharField()
    help_given = serializers.CharField(required=False, allow_blank=True, default="")


class CloseInput(serializers.Serializer):
    note = serializers.CharField()


class CounsellingInput(serializers.Serializer):
    petition = serializers.IntegerField()
    held_on = serializers.DateField()
    notes = serializers.CharField()


class AssignInput(serializers.Serializer):
    petition = serializers.IntegerField()
    agent = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AgentActionInput(serializers.Serializer):
    kind = serializers.CharField(max_length=16)
    note = serializers.CharField()
