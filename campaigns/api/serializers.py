from rest_framework import serializers

from analytics.models import Campaign
from campaigns.models import Inspection, InspectionKind, Phase, PhaseKind, RectificationTask, TypicalCase


class PhaseSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Phase
        fields = ["kind", "label", "starts_on", "ends_on"]


class PhaseInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PhaseKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class PhasesInputSerializer(serializers.Serializer):
    phases = PhaseInputSerializer(many=True)


class CampaignSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", default=None)
    phases = PhaseSerializer(many=True, read_only=True)
    current_phase = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "name", "starts_on", "ends_on", "active", "unit", "unresolved_before", "supervised_level",
                  "phases", "current_phase"]  # fmt: skip

    def get_current_phase(self, obj) -> str | None:
        today = self.context.get("today")
        phase = next((p for p in obj.phases.all() if today and p.starts_on <= today <= p.ends_on), None)
        return phase.kind if phase else None


class InspectionTaskSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username")
    owner_unit = serializers.CharField(source="owner_unit.code")

    class Meta:
        model = RectificationTask
        fields = ["id", "inspection", "description", "owner_unit", "owner", "deadline", "done_at", "note"]


class InspectionSerializer(serializers.ModelSerializer):
    inspecting_unit = serializers.CharField(source="inspecting_unit.code")
    inspected_unit = serializers.CharField(source="inspected_unit.code")
    tasks = InspectionTaskSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "campaign", "kind", "inspecting_unit", "inspected_unit", "inspected_on", "findings",
                  "petition", "tasks"]  # fmt: skip


class TaskInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=5000)
    owner = serializers.CharField(max_length=150, help_text="责任人用户名")
    owner_unit = serializers.CharField(max_length=32, help_text="整改单位编码")
    deadline = serializers.DateField()


class InspectionInputSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    inspecting_unit = serializers.CharField(max_length=32)
    inspected_unit = serializers.CharField(max_length=32)
    inspected_on = serializers.DateField()
    findings = serializers.CharField(max_length=5000)
    petition = serializers.IntegerField(required=False, allow_null=True)
    tasks = TaskInputSerializer(many=True, required=False)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class TypicalCaseSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")

    class Meta:
        model = TypicalCase
        fields = ["id", "campaign", "unit", "petition", "title", "summary", "what_worked", "status",
                  "review_reason", "submitted_at", "reviewed_at"]  # fmt: skip


class TypicalCaseInputSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    unit = serializers.CharField(max_length=32)
    petition = serializers.IntegerField()
    title = serializers.CharField(max_length=100)
    summary = serializers.CharField(max_length=5000)
    what_worked = serializers.CharField(max_length=5000)


class TypicalCaseReviewSerializer(serializers.Serializer):
    selected = serializers.BooleanField()
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
