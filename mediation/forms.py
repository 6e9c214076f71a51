from django import forms
from django.utils.translation import gettext_lazy as _

from mediation.models import MediationKind

DATE = {"type": "date"}


class OpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("调解类型"), choices=MediationKind.choices)
    organisation = forms.CharField(label=_("调解组织"), max_length=100)
    mediator = forms.CharField(label=_("调解员"), max_length=50)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("调解日期"), widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("地点"), max_length=100)
    participants = forms.CharField(
        label=_("参加人员"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(label=_("调解情况"), widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label=_("调解结果"), choices=[("1", _("达成协议")), ("0", _("调解不成"))], coerce=lambda v: v == "1"
    )
    concluded_on = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs=DATE))
    agreement = forms.CharField(
        label=_("调解协议内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    result = forms.CharField(label=_("结果说明"), widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    court = forms.CharField(label=_("确认法院"), max_length=100)
    number = forms.CharField(label=_("确认裁定书案号"), max_length=64)
    confirmed_on = forms.DateField(label=_("确认日期"), widget=forms.DateInput(attrs=DATE))
