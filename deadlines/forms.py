from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import CALCULATOR_DATES, check_date_window
from deadlines.models import Counting

MAX_DAYS = 3650


def validate_calculator_start(value):
    """The calculator counts from 1949-10-01 to 2100-12-31 (``core.validators.CALCULATOR_DATES``)."""
    check_date_window(value, *CALCULATOR_DATES, what=_("起算日"))


class CalculatorForm(forms.Form):
    start = forms.DateField(
        label=_("起算日（事件发生之日）"),
        help_text=_("当日不计入，自次日开始计算。"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        validators=[validate_calculator_start],
    )
    days = forms.IntegerField(label=_("期限天数"), min_value=1, max_value=MAX_DAYS, initial=15)
    counting = forms.ChoiceField(
        label=_("计算方式"), choices=Counting.choices, initial=Counting.CALENDAR, widget=forms.RadioSelect
    )
