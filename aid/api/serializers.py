from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from aid.models import AidApplication, AidBudget, AidDecision, AidPayment


class DecisionSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = AidDecision
        fields = ["level", "role", "approve", "comment", "by", "at"]


class PaymentSerializer(serializers.ModelSerializer):
    amount = serializers.CharField()

    class Meta:
        model = AidPayment
        fields = ["amount", "paid_on", "method", "voucher_number", "recorded_at"]


class AidApplicationSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    unit = serializers.StringRelatedField()
    amount_requested = serializers.CharField()
    amount_granted = serializers.CharField(allow_null=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    payment = serializers.SerializerMethodField()

    class Meta:
        model = AidApplication
        fields = [
            "id",
            "petition",
            "petition_number",
            "unit",
            "year",
            "applicant_name",
            "relation",
            "harm",
            "hardship",
            "amount_requested",
            "amount_granted",
            "status",
            "review_opinion",
            "refusal_reason",
            "created_at",
            "decided_at",
            "decisions",
            "payment",
        ]

    @extend_schema_field(PaymentSerializer(allow_null=True))
    def get_payment(self, obj):
        try:
            payment = obj.payment  # select_related by the view: no query per row
        except AidPayment.DoesNotExist:
            return None
        return PaymentSerializer(payment).data


class BudgetSerializer(serializers.ModelSerializer):
    unit = serializers.StringRelatedField()
    amount = serializers.CharField()
    granted = serializers.CharField()
    paid = serializers.CharField()
    remaining = serializers.CharField()

    class Meta:
        model = AidBudget
        fields = ["id", "unit", "year", "amount", "granted", "paid", "remaining"]


class ApplyInput(serializers.Serializer):
    petition = serializers.IntegerField()
    applicant_name = serializers.CharField(max_length=50)
    relation = serializers.CharField(max_length=16)
    harm = serializers.CharField()
    hardship = serializers.CharField()
    amount = serializers.CharField(max_length=20, help_text="元，精确到分，最多两位小数（字符串）")


class ReviewInput(serializers.Serializer):
    approve = serializers.BooleanField()
    opinion = serializers.CharField(allow_blank=True)
    amount_granted = serializers.CharField(max_length=20, required=False, allow_blank=True)


class ApproveInput(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(allow_blank=True)


class PayInput(serializers.Serializer):
    paid_on = serializers.DateField()
    method = serializers.CharField(max_length=16)
    voucher_number = serializers.CharField(max_length=64)
