from decimal import Decimal

from rest_framework import serializers

from circulars.models import Circular, Meeting, MeetingTask, ReturnVisit, ReturnVisitVerdict


class CircularSerializer(serializers.ModelSerializer):
    issuer = serializers.CharField(source="issuer.name")
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Circular
        fields = ["id", "number", "title", "issuer", "kind", "kind_label", "period_from", "period_to",
                  "campaign", "issued_at", "content"]  # fmt: skip


class CircularIssueSerializer(serializers.Serializer):
    issuer = serializers.CharField(help_text="发文单位编码")
    kind = serializers.ChoiceField(choices=["weekly", "half_monthly", "monthly", "campaign"])
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    campaign = serializers.IntegerField(required=False, allow_null=True)


class MeetingTaskSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username")

    class Meta:
        model = MeetingTask
        fields = ["id", "meeting", "petition", "description", "owner", "deadline", "done_at", "result"]


class MeetingSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name")
    tasks = MeetingTaskSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "unit", "title", "held_on", "place", "decisions", "tasks"]


class CompleteSerializer(serializers.Serializer):
    result = serializers.CharField()


class AssessSerializer(serializers.Serializer):
    scheme = serializers.IntegerField()
    date_from = serializers.DateField(source="from")
    date_to = serializers.DateField(source="to")


class ReturnVisitSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    committee = serializers.CharField(source="committee.code", read_only=True)
    handling_unit = serializers.CharField(source="handling_unit.name", read_only=True, default=None)
    verdict_label = serializers.CharField(source="get_verdict_display", read_only=True)
    reported_settled_at = serializers.DateTimeField(source="petition.closed_at", read_only=True)

    class Meta:
        model = ReturnVisit
        fields = ["id", "petition", "petition_number", "committee", "handling_unit", "reported_settled_at",
                  "campaign", "sampled_at", "visited_on", "verdict", "verdict_label", "note"]  # fmt: skip


class ReturnVisitSampleSerializer(serializers.Serializer):
    committee = serializers.CharField(help_text="回访单位（政法委）编码")
    share = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=100,
                                     help_text="抽查比例（%）")  # fmt: skip
    date_from = serializers.DateField(help_text="报结日期自")
    date_to = serializers.DateField(help_text="报结日期至")
    campaign = serializers.IntegerField(required=False, allow_null=True)


class ReturnVisitRecordSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    verdict = serializers.ChoiceField(choices=ReturnVisitVerdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
