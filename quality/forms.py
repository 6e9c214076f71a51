"""Forms of quality review and accountability. They parse input; the rules live in ``quality.services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceField
from core.widgets import CompactMultiSelect, FilterableSelect, grouped_unit_choices
from organisations.models import Membership, Unit, User
from organisations.selectors import staff_context
from quality.models import Aspect, CaseStage, Grade, Sanction

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


def province_units(user):
    qs = Unit.objects.filter(is_active=True).select_related("region").order_by("path")
    unit = staff_context(user).primary_unit
    return qs.filter(region__code__startswith=unit.region_id[:2]) if unit is not None else qs


def pick_units(field, units, *, multiple: bool = False) -> None:
    field.queryset = units
    field.widget = CompactMultiSelect() if multiple else FilterableSelect()
    field.choices = grouped_unit_choices(units, blank=None if multiple else str(field.empty_label))


class ReviewForm(forms.Form):
    subject = forms.CharField(
        label=_("评查事由"), max_length=200, error_messages={"required": _("请填写评查事由。")}
    )
    instances = forms.MultipleChoiceField(
        label=_("被评查的原案（信访事项登记的原案）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    stage = forms.ChoiceField(
        label=_("其他原案：审级/阶段"), choices=[("", "—"), *CaseStage.choices], required=False
    )
    unit = forms.ModelChoiceField(label=_("办案单位"), queryset=Unit.objects.none(), required=False)
    unit_name = forms.CharField(label=_("办案单位名称（系统外单位）"), max_length=100, required=False)
    case_number = forms.CharField(label=_("案号"), max_length=64, required=False)
    handler = forms.CharField(label=_("承办人"), max_length=50, required=False)

    def __init__(self, *args, user, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instances"].choices = [
            (
                i.pk,
                f"{i.get_instance_display()} · {i.court_name} · {i.case_number}{' · ' + i.judge if i.judge else ''}",
            )
            for i in petition.instances.all()
        ]
        pick_units(self.fields["unit"], province_units(user))

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        cases = []
        if d.get("case_number"):
            cases.append({k: d.get(k) for k in ("stage", "unit", "unit_name", "case_number", "handler")})
        return {"subject": d["subject"], "instances": [int(i) for i in d["instances"]], "cases": cases}


class LookbackForm(forms.Form):
    subject = forms.CharField(
        label=_("倒查事由"), max_length=200, error_messages={"required": _("请填写倒查事由。")}
    )
    units = ModelMultipleChoiceField(
        label=_("倒查层级的办理单位（市、县、乡各选一个）"),
        queryset=Unit.objects.none(),
        error_messages={"required": _("请选择要倒查的层级及其办理单位。")},
    )

    def __init__(self, *args, user, petition, **kwargs):
        super().__init__(*args, **kwargs)
        pick_units(self.fields["units"], province_units(user).exclude(level="province"), multiple=True)

    def service_kwargs(self) -> dict:
        return {"subject": self.cleaned_data["subject"], "units": list(self.cleaned_data["units"])}


class GradeForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("评查等次"), choices=Grade.choices, widget=forms.RadioSelect,
        error_messages={"required": _("评查等次只能是一类、二类或三类。"),
                        "invalid_choice": _("评查等次只能是一类、二类或三类。")},
    )  # fmt: skip
    conclusion = forms.CharField(
        label=_("评查意见"), widget=TEXT, error_messages={"required": _("请填写评查意见。")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for aspect in Aspect:
            self.fields[f"finding_{aspect.value}"] = forms.CharField(
                label=_("%(aspect)s：评查情况") % {"aspect": aspect.label}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
            self.fields[f"problem_{aspect.value}"] = forms.BooleanField(
                label=_("%(aspect)s存在问题") % {"aspect": aspect.label}, required=False
            )

    def aspect_fields(self):
        return [(self[f"finding_{a.value}"], self[f"problem_{a.value}"]) for a in Aspect]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        findings = {
            a.value: {"text": d[f"finding_{a.value}"], "has_problem": d[f"problem_{a.value}"]}
            for a in Aspect
            if d[f"finding_{a.value}"] or d[f"problem_{a.value}"]
        }
        return {"grade": d["grade"], "conclusion": d["conclusion"], "findings": findings}


class TaskForm(forms.Form):
    description = forms.CharField(
        label=_("整改要求"), widget=TEXT, error_messages={"required": _("请写明整改要求。")}
    )
    case = forms.ModelChoiceField(label=_("针对案件"), queryset=None, required=False)
    owner_unit = forms.ModelChoiceField(
        label=_("责任单位"),
        queryset=Unit.objects.none(),
        error_messages={"required": _("请选择整改责任单位。")},
    )
    owner = forms.ModelChoiceField(
        label=_("责任人（可不选，由单位负责人分派）"), queryset=User.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("整改期限"), widget=DATE, error_messages={"required": _("请填写整改期限。")}
    )

    def __init__(self, *args, user, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = review.cases.all()
        pick_units(self.fields["owner_unit"], province_units(user))
        units = [c.unit_id for c in review.cases.all() if c.unit_id] + [
            c.unit_id for c in review.checks.all()
        ]
        self.fields["owner"].queryset = User.objects.filter(
            pk__in=Membership.objects.filter(unit_id__in=units).values("user_id"), is_active=True
        ).order_by("full_name")

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class TaskCompleteForm(forms.Form):
    note = forms.CharField(
        label=_("整改情况"), widget=TEXT, error_messages={"required": _("请写明整改情况。")}
    )


class ConcludeForm(forms.Form):
    conclusion = forms.CharField(
        label=_("评查结论"), widget=TEXT, error_messages={"required": _("请填写评查结论。")}
    )


class CheckForm(forms.Form):
    facts_clear = forms.BooleanField(label=_("事实清"), required=False)
    responsibility_clear = forms.BooleanField(label=_("责任清"), required=False)
    problem_clear = forms.BooleanField(label=_("问题清"), required=False)
    note = forms.CharField(
        label=_("倒查情况"), widget=TEXT, error_messages={"required": _("请写明倒查情况。")}
    )


class AccountabilityForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("被评查案件（可不选，关联整个评查）"), queryset=None, required=False
    )
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(),
                                  error_messages={"required": _("请选择责任单位。")})  # fmt: skip
    officer = forms.ModelChoiceField(label=_("责任人"), queryset=User.objects.none(),
                                     error_messages={"required": _("请选择责任人。")})  # fmt: skip
    error = forms.CharField(
        label=_("错误事实"), widget=TEXT, error_messages={"required": _("请写明错误事实。")}
    )
    sanction = forms.ChoiceField(label=_("处理方式"), choices=[("", "—"), *Sanction.choices],
                                 error_messages={"required": _("请选择处理方式。")})  # fmt: skip
    decision_body = forms.CharField(
        label=_("决定机关"), max_length=100, error_messages={"required": _("请填写决定机关。")}
    )
    decided_on = forms.DateField(
        label=_("决定日期"), widget=DATE, error_messages={"required": _("请填写处理决定日期。")}
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        from quality.selectors import reviewed_units

        units = reviewed_units(review)
        self.fields["case"].queryset = review.cases.all()
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
        # the staff of every reviewed unit: the service refuses one who does not work at the chosen unit
        self.fields["officer"].queryset = User.objects.filter(
            pk__in=Membership.objects.filter(unit__in=units).values("user_id")
        ).order_by("full_name", "pk")
        self.fields["officer"].label_from_instance = lambda u: f"{u.get_full_name()}（{u.username}）"

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
