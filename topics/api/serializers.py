from rest_framework import serializers


class CountSerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()


class ExampleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    registered_at = serializers.CharField()


class ClusterSerializer(serializers.Serializer):
    """A cluster as the caller may see it: every figure counted over the petitions in their scope."""

    id = serializers.IntegerField()
    run = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField())
    size = serializers.IntegerField(help_text="本期件数（您可查看的）")
    previous = serializers.IntegerField(help_text="上期件数（您可查看的）")
    growth = serializers.IntegerField()
    growth_rate = serializers.FloatField(allow_null=True)
    first_at = serializers.CharField(allow_null=True)
    last_at = serializers.CharField(allow_null=True)
    regions = CountSerializer(many=True)
    units = CountSerializer(many=True)
    complete = serializers.BooleanField(help_text="是否可查看该类案的全部事项")
    examples = ExampleSerializer(many=True, required=False)


class RunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    previous_start = serializers.DateTimeField()
    finished_at = serializers.DateTimeField()


class ClusterQuerySerializer(serializers.Serializer):
    run = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    order = serializers.ChoiceField(choices=["size", "growth"], required=False, default="size")
