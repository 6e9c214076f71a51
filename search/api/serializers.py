from rest_framework import serializers


class IntakePersonSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    residence_region = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")


class IntakeSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    demands = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    facts = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    case_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    problem_region = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")
    petitioners = IntakePersonSerializer(many=True, required=False, default=list)


class CandidateSerializer(serializers.Serializer):
    elsewhere = serializers.BooleanField()
    message = serializers.CharField(required=False)
    id = serializers.IntegerField(required=False)
    number = serializers.CharField(required=False)
    title = serializers.CharField(required=False)
    state = serializers.CharField(required=False)
    state_label = serializers.CharField(required=False)
    registered_at = serializers.CharField(required=False)
    score = serializers.FloatField(required=False)
    reasons = serializers.ListField(child=serializers.CharField(), required=False)
    closed_matter = serializers.BooleanField()


class LinkSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SplitSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    demands = serializers.CharField()
    facts = serializers.CharField()
    note = serializers.CharField()
