from rest_framework import serializers

from audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    act_label = serializers.CharField(source="get_act_display", read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "seq",
            "at",
            "act",
            "act_label",
            "actor",
            "actor_name",
            "object_type",
            "object_id",
            "object_repr",
            "details",
            "address",
            "user_agent",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields
