from rest_framework import serializers

from textmodels.forms import ALL_VALUES
from textmodels.models import Kind


class ModelSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    trained_at = serializers.DateTimeField()
    source = serializers.CharField()
    is_starter = serializers.BooleanField()
    method = serializers.CharField()
    n_texts = serializers.IntegerField()


class ConfirmSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    value = serializers.ChoiceField(choices=ALL_VALUES)
    model_version = serializers.IntegerField(
        min_value=1, max_value=2_000_000_000, required=False, allow_null=True
    )


class SuggestionDecisionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    suggested = serializers.CharField()
    confidence = serializers.FloatField()
    chosen = serializers.CharField()
    accepted = serializers.BooleanField()
    decided_at = serializers.DateTimeField()
