from django import forms
from django.utils.translation import gettext_lazy as _

from deadlines.models import Counting

MAX_DAYS = 3650


class CalculatorForm(forms.Form):
    start = forms.DateField(
        label=_("起算日（事件发生之日）"),
        help_text=_("当日不计入，自次日开始计算。"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    days = forms.IntegerField(label=_("期限天数"), min_value=1, max_value=MAX_DAYS, initial=15)
    counting = forms.ChoiceField(
        label=_("计算方式"), choices=Counting.choices, initial=Counting.CALENDAR, widget=forms.RadioSelect
    )
