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


class CampaignScopeSerializer(serializers.Serializer):
    """A campaign's scope by filter, and what it gives in the caller's scope."""

    backlog_only = serializers.BooleanField()
    tag = serializers.IntegerField(allow_null=True, help_text="专题标签 id")
    tag_name = serializers.CharField(allow_null=True)
    system = serializers.CharField(help_text="责任系统（空为不限）")
    problem_category = serializers.CharField(help_text="问题类别（空为不限）")
    registered_from = serializers.DateField(allow_null=True)
    registered_to = serializers.DateField(allow_null=True)
    unresolved_before = serializers.DateField(allow_null=True, help_text="此日前登记且到此日未办结、未终结")
    supervised_level = serializers.CharField(
        help_text="督办层级（含以上）：central、province、city、county 或空"
    )
    filter_size = serializers.IntegerField(help_text="按筛选条件，调用者范围内的案件数")
    chosen_count = serializers.IntegerField(help_text="选定案件数；大于 0 时统计以选定案件为准")
    cohort_size = serializers.IntegerField(help_text="调用者范围内计入活动的案件数")


class CampaignScopeInputSerializer(serializers.Serializer):
    """The whole scope by filter (a field left out is "不限")."""

    backlog_only = serializers.BooleanField(default=False)
    tag = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1
    )
    system = serializers.CharField(required=False, allow_blank=True, default="", max_length=16)
    problem_category = serializers.CharField(required=False, allow_blank=True, default="", max_length=24)
    registered_from = serializers.DateField(required=False, allow_null=True, default=None)
    registered_to = serializers.DateField(required=False, allow_null=True, default=None)
    unresolved_before = serializers.DateField(required=False, allow_null=True, default=None)
    supervised_level = serializers.CharField(required=False, allow_blank=True, default="", max_length=12)


class ChosenCaseSerializer(serializers.Serializer):
    petition = serializers.IntegerField(source="petition_id")
    number = serializers.CharField(source="petition.number")
    title = serializers.CharField(source="petition.title")
    added_by = serializers.CharField(source="added_by.username")
    added_at = serializers.DateTimeField()


class ChosenCasePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ChosenCaseSerializer(many=True)


class ChooseCasesInputSerializer(serializers.Serializer):
    """Cases by id and/or by registration number; each must be in the caller's scope."""

    petitions = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        default=list,
        max_length=200,
    )
    numbers = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list, max_length=200
    )


class UnchooseCasesInputSerializer(serializers.Serializer):
    petitions = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), min_length=1, max_length=200
    )


class RemovedSerializer(serializers.Serializer):
    removed = serializers.IntegerField()
