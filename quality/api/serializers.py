from rest_framework import serializers

from organisations.models import Unit, User
from quality.models import (
    Accountability,
    Finding,
    LookbackCheck,
    RectificationTask,
    Review,
    ReviewedCase,
    Sanction,
)


class FindingSerializer(serializers.ModelSerializer):
    aspect_label = serializers.CharField(source="get_aspect_display")

    class Meta:
        model = Finding
        fields = ["aspect", "aspect_label", "has_problem", "text"]


class ReviewedCaseSerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display")
    grade_label = serializers.CharField(source="get_grade_display")
    findings = FindingSerializer(many=True)

    class Meta:
        model = ReviewedCase
        fields = ["id", "stage", "stage_label", "unit", "unit_name", "case_number", "handler", "grade", "grade_label",
                  "conclusion", "graded_at", "findings"]  # fmt: skip


class CheckSerializer(serializers.ModelSerializer):
    unit = serializers.StringRelatedField()

    class Meta:
        model = LookbackCheck
        fields = ["id", "level", "unit", "facts_clear", "responsibility_clear", "problem_clear", "note"]


class RectificationTaskSerializer(serializers.ModelSerializer):
    owner_unit = serializers.StringRelatedField()
    owner = serializers.StringRelatedField()

    class Meta:
        model = RectificationTask
        fields = [
            "id",
            "case",
            "description",
            "owner_unit",
            "owner",
            "deadline",
            "completed_at",
            "completion_note",
        ]


class ReviewSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number")
    unit = serializers.StringRelatedField()
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Review
        fields = ["id", "petition", "petition_number", "kind", "kind_label", "unit", "subject", "status", "conclusion",
                  "opened_at", "concluded_at"]  # fmt: skip


class ReviewDetailSerializer(ReviewSerializer):
    cases = ReviewedCaseSerializer(many=True)
    checks = CheckSerializer(many=True)
    tasks = RectificationTaskSerializer(many=True)

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "cases", "checks", "tasks"]


class GradeInputSerializer(serializers.Serializer):
    """The grade is checked by the service (一类/二类/三类), so a wrong one gets the same message as on the page."""

    grade = serializers.CharField(allow_blank=True)
    conclusion = serializers.CharField(allow_blank=True)
    findings = serializers.DictField(child=serializers.DictField(), required=False, default=dict)


class AccountabilitySerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    officer_name = serializers.CharField(source="officer.get_full_name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    sanction_label = serializers.CharField(source="get_sanction_display", read_only=True)

    class Meta:
        model = Accountability
        fields = ["id", "petition", "petition_number", "review", "case", "officer", "officer_name", "unit", "unit_name",
                  "error", "sanction", "sanction_label", "decision_body", "decided_on", "recorded_at"]  # fmt: skip


class AccountabilityInputSerializer(serializers.Serializer):
    review = serializers.IntegerField()
    case = serializers.IntegerField(required=False, allow_null=True)
    officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), allow_null=True)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True)
    error = serializers.CharField(allow_blank=True)
    sanction = serializers.CharField(allow_blank=True, help_text=" / ".join(Sanction.values))
    decision_body = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
