from django import forms
from django.utils.translation import gettext_lazy as _

from topics.models import ClusterRun

ORDER_CHOICES = [("size", _("按本期件数")), ("growth", _("按增长"))]


class RunChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, run):
        return f"{run.label}（{run.period_start:%Y-%m-%d}—{run.period_end:%Y-%m-%d}）"


class ClusterFilterForm(forms.Form):
    """The hot-topics page's choices: which run (period) and how to rank."""

    run = RunChoiceField(
        label=_("统计期间"), queryset=ClusterRun.objects.none(), required=False, empty_label=_("最近一次")
    )
    order = forms.ChoiceField(label=_("排序"), choices=ORDER_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = ClusterRun.objects.filter(finished_at__isnull=False).order_by("-id")
        self.fields["run"].error_messages["invalid_choice"] = _("所选统计期间不存在或已过期，请重新选择。")
        self.fields["order"].error_messages["invalid_choice"] = _("排序方式只能是“按本期件数”或“按增长”。")
