from rest_framework import serializers

from circulars.models import Circular, Meeting, MeetingTask


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
