from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.models import Campaign
from circulars.models import AssessmentScheme, CircularKind, ReturnVisitVerdict
from core.forms import ModelMultipleChoiceField
from organisations.models import Unit, User
from organisations.selectors import staff_context


class IssueForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("发文单位"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("通报类型"), choices=CircularKind.choices)
    day = forms.DateField(label=_("期间内任一日"), help_text=_("周、半月或月通报按此日所在的期间统计。"),
                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    campaign = forms.ModelChoiceField(label=_("专项活动"), queryset=Campaign.objects.filter(active=True),
                                      required=False)  # fmt: skip

    def __init__(self, *args, units=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from analytics.selectors import active_campaigns  # noqa: PLC0415

        concerned = [c.pk for c in active_campaigns(user)] if user is not None and units else []
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=concerned)
        self.fields["issuer"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["issuer"].initial = units[0].pk

    def clean(self):
        data = super().clean()
        if data.get("kind") == CircularKind.CAMPAIGN and not data.get("campaign"):
            self.add_error("campaign", _("专项活动通报须选择专项活动。"))
        return data


class AssessForm(forms.Form):
    scheme = forms.ModelChoiceField(
        label=_("考核方案"), queryset=AssessmentScheme.objects.filter(active=True)
    )
    date_from = forms.DateField(label=_("期间自"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("期间至"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


class MeetingForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("召集单位"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("会议名称"), max_length=100)
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    attendees = ModelMultipleChoiceField(label=_("参会人员"), queryset=User.objects.none())
    numbers = forms.CharField(label=_("研判案件编号"), required=False,
                              help_text=_("多个编号用逗号或空格分隔。"))  # fmt: skip
    decisions = forms.CharField(label=_("会商意见"), widget=forms.Textarea(attrs={"rows": 4}))
    task = forms.CharField(label=_("交办任务"), max_length=200, required=False)
    task_owner = forms.ModelChoiceField(label=_("任务责任人"), queryset=User.objects.none(), required=False)
    task_deadline = forms.DateField(label=_("完成期限"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = [m.unit_id for m in staff_context(user).memberships] if user else []
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=units)
        people = (
            User.objects.filter(memberships__unit__in=units, is_active=True).distinct().order_by("username")
        )
        self.fields["attendees"].queryset = people
        self.fields["task_owner"].queryset = people

    def clean(self):
        data = super().clean()
        if data.get("task") and not (data.get("task_owner") and data.get("task_deadline")):
            self.add_error("task_owner", _("交办任务须指定责任人和完成期限。"))
        return data


class ResultForm(forms.Form):
    result = forms.CharField(label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 3}))


class ExplanationForm(forms.Form):
    text = forms.CharField(label=_("书面说明"), widget=forms.Textarea(attrs={"rows": 6}))


# ------------------------------------------------------------------------------------------------ return visits

PENDING = "pending"
VERDICT_FILTER = [("", _("全部")), (PENDING, _("待回访")), *ReturnVisitVerdict.choices]


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


def _period_clean(form, data):
    if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
        form.add_error("date_to", _("结束日期不能早于开始日期。"))
    return data


class ReturnVisitFilterForm(forms.Form):
    """Filters of the 两查一访一满意 list (GET)."""

    verdict = forms.ChoiceField(label=_("回访结论"), choices=VERDICT_FILTER, required=False)
    handling_unit = forms.ModelChoiceField(label=_("报结单位"), queryset=Unit.objects.none(), required=False)
    date_from = _date(_("报结日期自"), required=False)
    date_to = _date(_("报结日期至"), required=False)

    def __init__(self, *args, visits=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = visits.values("handling_unit") if visits is not None else []
        self.fields["handling_unit"].queryset = Unit.objects.filter(pk__in=units).order_by("path")

    def clean(self):
        return _period_clean(self, super().clean())


class ReturnVisitSampleForm(forms.Form):
    """两查一访一满意: sample a share of the cases reported settled in a period."""

    committee = forms.ModelChoiceField(label=_("回访单位"), queryset=Unit.objects.none())
    share = forms.DecimalField(label=_("抽查比例（%）"), min_value=Decimal("0.01"), max_value=100,
                               max_digits=5, decimal_places=2, initial=20)  # fmt: skip
    date_from = _date(_("报结日期自"))
    date_to = _date(_("报结日期至"))
    campaign = forms.ModelChoiceField(label=_("专项活动"), queryset=Campaign.objects.none(), required=False)

    def __init__(self, *args, units=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from analytics.selectors import active_campaigns  # noqa: PLC0415

        concerned = [c.pk for c in active_campaigns(user)] if user is not None and units else []
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=concerned)
        self.fields["committee"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["committee"].initial = units[0].pk

    def clean(self):
        return _period_clean(self, super().clean())


class ReturnVisitRecordForm(forms.Form):
    visited_on = _date(_("回访日期"))
    verdict = forms.ChoiceField(label=_("回访结论"), choices=ReturnVisitVerdict.choices)
    note = forms.CharField(label=_("回访情况"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
