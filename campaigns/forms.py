import re

from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.models import SUPERVISION_LEVELS
from campaigns.models import InspectionKind, PhaseKind
from campaigns.services import MAX_CASES_AT_ONCE
from organisations.models import System, Unit
from petitions.models import ProblemCategory, Tag

DATE = forms.DateInput(attrs={"type": "date"})


class ScopeForm(forms.Form):
    """A campaign's scope by filter; the service checks the values against the campaign."""

    backlog_only = forms.BooleanField(label=_("仅积案"), required=False)
    unresolved_before = forms.DateField(
        label=_("此日前未化解"), required=False, widget=DATE,
        help_text=_("只统计此日前登记、且到此日尚未办结或终结的事项（活动中化解的仍计入）。"))  # fmt: skip
    supervised_level = forms.ChoiceField(
        label=_("督办层级（含以上）"), required=False, choices=[("", _("不限")), *SUPERVISION_LEVELS],
        help_text=_("只统计被该层级或更高层级督办过的事项，如“省”含中央和省级督办。"))  # fmt: skip
    tag = forms.ModelChoiceField(label=_("专题标签"), queryset=Tag.objects.all(), required=False,
                                 empty_label=_("不限"))  # fmt: skip
    system = forms.ChoiceField(
        label=_("责任系统"), required=False, choices=[("", _("不限")), *System.choices]
    )
    problem_category = forms.ChoiceField(label=_("问题类别"), required=False,
                                         choices=[("", _("不限")), *ProblemCategory.choices])  # fmt: skip
    registered_from = forms.DateField(label=_("登记日期自"), required=False, widget=DATE)
    registered_to = forms.DateField(label=_("登记日期至"), required=False, widget=DATE)

    def __init__(self, *args, campaign=None, **kwargs):
        if campaign is not None and not args and "data" not in kwargs:
            kwargs.setdefault("initial", {
                "backlog_only": campaign.backlog_only, "unresolved_before": campaign.unresolved_before,
                "supervised_level": campaign.supervised_level, "tag": campaign.tag_id, "system": campaign.system,
                "problem_category": campaign.problem_category, "registered_from": campaign.registered_from,
                "registered_to": campaign.registered_to,
            })  # fmt: skip
        super().__init__(*args, **kwargs)

    def scope(self) -> dict:
        """The cleaned values as the service takes them."""
        data = self.cleaned_data
        return {
            "backlog_only": bool(data.get("backlog_only")), "tag": data.get("tag"),
            "system": data.get("system") or "", "problem_category": data.get("problem_category") or "",
            "registered_from": data.get("registered_from"), "registered_to": data.get("registered_to"),
            "unresolved_before": data.get("unresolved_before"),
            "supervised_level": data.get("supervised_level") or "",
        }  # fmt: skip


class CaseNumbersForm(forms.Form):
    """Cases to add by registration number (one a line, or separated by commas or spaces)."""

    numbers = forms.CharField(
        label=_("登记编号"), required=False, max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("每行一个登记编号，也可用逗号或空格分隔")}),
    )  # fmt: skip

    def clean_numbers(self) -> list[str]:
        found: list[str] = []
        for number in re.split(r"[\s,，、;；]+", self.cleaned_data.get("numbers") or ""):
            if not number:
                continue
            if len(number) > 32:
                raise forms.ValidationError(_("登记编号“%(n)s…”过长。") % {"n": number[:16]})
            if number not in found:
                found.append(number)
        if len(found) > MAX_CASES_AT_ONCE:
            raise forms.ValidationError(_("一次最多选择%(n)s件案件。") % {"n": MAX_CASES_AT_ONCE})
        return found


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
