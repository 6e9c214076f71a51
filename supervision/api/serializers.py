from rest_framework import serializers

from organisations.models import User
from supervision.models import (
    AreaAssignment,
    Level,
    OwnershipPlan,
    ReportKind,
    Source,
    Supervision,
    SupervisionReport,
)
from supervision.services import ANALYSIS_FIELDS


class PlanSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="petition.number", read_only=True)

    class Meta:
        model = OwnershipPlan
        fields = ["id", "petition", "number", "unit", *OwnershipPlan.ROLE_FIELDS, "measures", "target_date",
                  *ANALYSIS_FIELDS, "status", "last_action_at", "created_at"]  # fmt: skip
        read_only_fields = fields


class PlanCreateSerializer(serializers.Serializer):
    petition = serializers.IntegerField()
    owner_leader = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    owner_officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    co_owner_leader = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    supervising_leader = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    supervising_officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    stability_leader = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    stability_officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    measures = serializers.CharField()
    target_date = serializers.DateField()
    analysis = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionReport
        fields = ["id", "supervision", "kind", "period_start", "period_end", "text", "status", "submitted_by",
                  "submitted_at", "reviewed_by", "reviewed_at", "review_note"]  # fmt: skip
        read_only_fields = fields


class ReportCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    text = serializers.CharField()


class ReportReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SupervisionSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="petition.number", read_only=True)

    class Meta:
        model = Supervision
        fields = ["id", "petition", "number", "supervising_unit", "supervised_unit", "level", "source",
                  "instructions", "deadline", "report_interval_days", "rectification", "on_site", "status",
                  "escalation_level", "last_activity_at", "created_at", "closed_at"]  # fmt: skip
        read_only_fields = fields


class SupervisionCreateSerializer(serializers.Serializer):
    petition = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    source = serializers.ChoiceField(choices=Source.choices)
    instructions = serializers.CharField()
    deadline = serializers.DateField()
    report_interval_days = serializers.IntegerField(min_value=1, max_value=90, default=15)
    rectification = serializers.BooleanField(default=False)
    on_site = serializers.BooleanField(default=False)


class AreaSerializer(serializers.ModelSerializer):
    leader_name = serializers.SerializerMethodField()
    committee = serializers.CharField(source="committee.code", read_only=True, default=None)
    unit_names = serializers.SerializerMethodField()

    class Meta:
        model = AreaAssignment
        fields = ["id", "leader", "leader_name", "committee", "units", "unit_names", "note", "is_active",
                  "created_at", "ended_at", "end_reason"]  # fmt: skip
        read_only_fields = fields

    def get_leader_name(self, obj) -> str:
        return obj.leader.full_name or obj.leader.username

    def get_unit_names(self, obj) -> list[str]:
        return [u.name for u in obj.units.all()]


ID = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class AreaCreateSerializer(serializers.Serializer):
    committee = serializers.CharField(required=False, allow_blank=True, help_text="指定单位（政法委）编码")
    leader = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="包片领导的用户 id")
    units = serializers.ListField(child=ID, allow_empty=False, max_length=200, help_text="包片单位 id")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class AreaEndSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
