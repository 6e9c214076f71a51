from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import InspectionKind, PhaseKind
from organisations.models import Unit


class PhasesForm(forms.Form):
    """One pair of dates per phase; a phase left empty is not held."""

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {p.kind: p for p in campaign.phases.all()} if campaign is not None else {}
        for kind, label in PhaseKind.choices:
            phase = current.get(kind)
            self.fields[f"{kind}_starts_on"] = forms.DateField(
                label=_("%(p)s开始") % {"p": label}, required=False, initial=phase and phase.starts_on,
                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
            self.fields[f"{kind}_ends_on"] = forms.DateField(
                label=_("%(p)s结束") % {"p": label}, required=False, initial=phase and phase.ends_on,
                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def clean(self):
        data = super().clean()
        for kind, label in PhaseKind.choices:
            starts, ends = data.get(f"{kind}_starts_on"), data.get(f"{kind}_ends_on")
            if bool(starts) != bool(ends) and not self.errors:
                self.add_error(f"{kind}_ends_on", _("请同时填写“%(p)s”的开始和结束日期。") % {"p": label})
        return data

    def phases(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"kind": kind, "starts_on": data[f"{kind}_starts_on"], "ends_on": data[f"{kind}_ends_on"]}
            for kind in PhaseKind.values
            if data.get(f"{kind}_starts_on") and data.get(f"{kind}_ends_on")
        ]


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("检查方式"), choices=InspectionKind.choices)
    inspecting_unit = forms.ModelChoiceField(label=_("检查单位"), queryset=Unit.objects.none())
    inspected_unit = forms.CharField(label=_("被检查单位编码"), max_length=32)
    inspected_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    findings = forms.CharField(label=_("发现问题"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    petition = forms.CharField(label=_("涉及案件编号（可不填）"), max_length=40, required=False)
    task = forms.CharField(label=_("整改要求（可不填）"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    task_owner = forms.CharField(label=_("整改责任人用户名"), max_length=150, required=False)
    task_deadline = forms.DateField(label=_("整改期限"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspecting_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units or []])

    def clean_inspected_unit(self):
        code = self.cleaned_data["inspected_unit"].strip()
        unit = Unit.objects.filter(code=code, is_active=True).first()
        if unit is None:
            raise forms.ValidationError(_("没有编码为“%(c)s”的单位。") % {"c": code[:32]})
        return unit

    def clean(self):
        data = super().clean()
        if data.get("task") and not (data.get("task_owner") and data.get("task_deadline")):
            self.add_error("task_owner", _("有整改要求时，请填写整改责任人和整改期限。"))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("整改情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class TypicalCaseForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("报送单位"), queryset=Unit.objects.none())
    petition = forms.CharField(label=_("案件编号"), max_length=40)
    title = forms.CharField(label=_("标题"), max_length=100)
    summary = forms.CharField(label=_("案情摘要"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    what_worked = forms.CharField(
        label=_("经验做法"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units or []])


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("评审结论"), choices=[("select", _("入选")), ("return", _("退回"))])
    reason = forms.CharField(label=_("理由"), max_length=5000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("退回时请填写理由。"))
        return data
