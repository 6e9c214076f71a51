from rest_framework import serializers

from organisations.models import User
from supervision.models import Level, OwnershipPlan, ReportKind, Source, Supervision, SupervisionReport
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
