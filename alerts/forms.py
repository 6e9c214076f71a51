"""Forms of early warning: the admin's rule form (parameters validated per kind) and the close form."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from alerts.models import AlertRule
from alerts.params import SCHEMAS, describe_schema
from organisations.models import Role

NOTIFY_ROLE_CHOICES = [(r.value, r.label) for r in Role if r not in (Role.LAWYER, Role.SYSADMIN)]


def params_help() -> str:
    intro = format_html(
        "{}",
        '按规则类型填写 JSON 对象，未填的参数取默认值。例如 {"count": 3, "days": 30}。'
        "敏感时期内阈值按敏感时期的系数从严。",
    )
    rows = format_html_join("", "<br>{}", ((describe_schema(kind),) for kind in SCHEMAS))
    return intro + rows


class AlertRuleForm(forms.ModelForm):
    """Parameters are checked against the kind's schema by ``AlertRule.clean`` (run by the form)."""

    params = forms.JSONField(
        label=_("参数"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60, "class": "vLargeTextField"}),
        error_messages={
            "invalid": '参数不是有效的 JSON，请检查引号、逗号和括号，例如 {"count": 3, "days": 30}。'
        },
    )
    notify_unit_roles = forms.MultipleChoiceField(
        label=_("通知岗位"),
        required=False,
        choices=NOTIFY_ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("责任单位中接收预警汇总通知的岗位；不选则只在预警列表中显示。"),
    )

    class Meta:
        model = AlertRule
        fields = ("name", "kind", "enabled", "severity", "params", "notify_unit_roles", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["params"].help_text = params_help()


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("处理说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写处理说明。"},
    )
