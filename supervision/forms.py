"""UI input of 包案 and 督办. Rules live in the services; these forms only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceField
from organisations.models import Membership, Role, Unit, User
from supervision.models import (
    ANALYSIS_LABELS,
    Level,
    OwnerActionKind,
    OwnershipPlan,
    ReportKind,
    SheetKind,
    Source,
)
from supervision.services import ANALYSIS_FIELDS, owner_units

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


def owner_candidates(petition):
    units = owner_units(petition)
    ids = (
        Membership.objects.filter(unit__in=units)
        .exclude(role__in=(Role.LAWYER, Role.SYSADMIN))
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username")


class WideMixin:
    def _wide(self):
        for field in self.fields.values():
            field.wide = isinstance(field.widget, forms.Textarea)


class PlanForm(WideMixin, forms.Form):
    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        people = owner_candidates(petition)
        for name in OwnershipPlan.ROLE_FIELDS:
            required = name in ("owner_leader", "owner_officer")
            self.fields[name] = PersonField(
                queryset=people, label=OwnershipPlan._meta.get_field(name).verbose_name, required=required
            )
        self.fields["measures"] = forms.CharField(label=_("化解方案"), widget=TEXT)
        self.fields["target_date"] = forms.DateField(label=_("化解期限"), widget=DATE)
        for name in ANALYSIS_FIELDS:
            self.fields[name] = forms.CharField(label=ANALYSIS_LABELS[name], widget=TEXT, required=False)
        self._wide()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["analysis"] = {k: data.pop(k) for k in ANALYSIS_FIELDS}
        return data


class HandoverForm(WideMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("岗位"),
        choices=[(f, OwnershipPlan._meta.get_field(f).verbose_name) for f in OwnershipPlan.ROLE_FIELDS],
    )
    to_user = PersonField(queryset=User.objects.none(), label=_("接手人"))
    reason = forms.CharField(label=_("交接原因"), widget=TEXT)

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = owner_candidates(petition)
        self._wide()


class OwnerActionForm(WideMixin, forms.Form):
    kind = forms.ChoiceField(label=_("方式"), choices=OwnerActionKind.choices)
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(label=_("情况"), widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._wide()


class SignOffForm(forms.Form):
    note = forms.CharField(label=_("签字意见"), required=False)


class SupervisionForm(WideMixin, forms.Form):
    level = forms.ChoiceField(label=_("督办层级"), choices=Level.choices)
    source = forms.ChoiceField(label=_("督办来源"), choices=Source.choices)
    deadline = forms.DateField(label=_("办结期限"), widget=DATE)
    report_interval_days = forms.IntegerField(
        label=_("报告间隔（天）"), min_value=1, max_value=90, initial=15
    )
    rectification = forms.BooleanField(label=_("限期整改"), required=False)
    on_site = forms.BooleanField(label=_("蹲点督办"), required=False)
    instructions = forms.CharField(label=_("督办要求"), widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._wide()


class ReportForm(WideMixin, forms.Form):
    kind = forms.ChoiceField(label=_("报告类型"), choices=ReportKind.choices)
    period_start = forms.DateField(label=_("报告期起"), widget=DATE)
    period_end = forms.DateField(label=_("报告期止"), widget=DATE)
    text = forms.CharField(label=_("报告内容"), widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._wide()


class ReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("审核结论"), choices=[("1", _("采纳")), ("0", _("退回"))], coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(label=_("审核意见（退回时必填）"), required=False)


class UrgeForm(WideMixin, forms.Form):
    text = forms.CharField(label=_("催办内容"), widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._wide()


class MarkForm(forms.Form):
    rectification = forms.BooleanField(label=_("限期整改"), required=False)
    on_site = forms.BooleanField(label=_("蹲点督办"), required=False)


class SheetForm(forms.Form):
    kind = forms.ChoiceField(label=_("文书"), choices=SheetKind.choices)


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("open", _("督办中")), ("closed", _("已办结")), ("all", _("全部"))],
    )
    level = forms.ChoiceField(label=_("督办层级"), required=False, choices=[("", _("全部"))] + Level.choices)
    source = forms.ChoiceField(
        label=_("督办来源"), required=False, choices=[("", _("全部"))] + Source.choices
    )
    overdue = forms.BooleanField(label=_("仅看超期"), required=False)
    rectification = forms.BooleanField(label=_("限期整改"), required=False)
    on_site = forms.BooleanField(label=_("蹲点督办"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"), required=False,
        choices=[("deadline", _("期限由近到远")), ("-deadline", _("期限由远到近")), ("-created", _("最新督办"))],
    )  # fmt: skip
    unit = forms.ModelChoiceField(label=_("被督办单位"), queryset=Unit.objects.none(), required=False)
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from organisations.selectors import staff_context

        q = Unit.objects.none()
        for unit in staff_context(user).scope_units:
            q = q | Unit.objects.filter(path__startswith=unit.path)
        self.fields["unit"].queryset = q.order_by("path")


# ------------------------------------------------------------------ 包片


class AreaAssignForm(forms.Form):
    """包片: a 政法委 assigns a leader of its region the units they oversee."""

    committee = forms.ModelChoiceField(label=_("指定单位"), queryset=Unit.objects.none())
    leader = PersonField(label=_("包片领导"), queryset=User.objects.none())
    units = ModelMultipleChoiceField(label=_("包片单位"), queryset=Unit.objects.none(),
                                     help_text=_("可多选：包片领导联系这些单位及其下级单位。"))  # fmt: skip
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from supervision.selectors import area_leader_candidates, area_region_units  # noqa: PLC0415
        from supervision.services import area_committees  # noqa: PLC0415

        committees = area_committees(user) if user is not None else []
        self.fields["committee"].queryset = Unit.objects.filter(pk__in=[c.pk for c in committees])
        if len(committees) == 1:
            self.fields["committee"].initial = committees[0].pk
        self.fields["leader"].queryset = area_leader_candidates(committees)
        self.fields["units"].queryset = area_region_units(committees)


class AreaEndForm(forms.Form):
    reason = forms.CharField(label=_("结束原因"), max_length=200, required=False)
