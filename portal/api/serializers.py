from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from handling.models import Satisfaction
from petitions.models import CaseCategory


class SubmissionSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=18)
    phone = serializers.CharField(max_length=20)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    problem_region = serializers.CharField(max_length=6)
    orig_unit_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    case_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    case_category = serializers.ChoiceField(
        choices=CaseCategory.choices, required=False, allow_blank=True, default=""
    )
    title = serializers.CharField(max_length=200)
    facts = serializers.CharField()
    demands = serializers.CharField()
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    token = serializers.CharField(max_length=64, help_text=_("幂等令牌：同一次提交重发时不变"))
    captcha_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    captcha_answer = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")


class CodeSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=32)
    code = serializers.CharField(max_length=32)


class EvaluationSerializer(CodeSerializer):
    satisfaction_office = serializers.ChoiceField(choices=Satisfaction.choices)
    satisfaction_unit = serializers.ChoiceField(choices=Satisfaction.choices)
    unsatisfied_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewRequestSerializer(CodeSerializer):
    reason = serializers.CharField()
