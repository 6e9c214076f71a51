"""One small form per lifecycle action. Each knows which service arguments it produces."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceField
from core.widgets import CompactMultiSelect, FilterableSelect, grouped_unit_choices
from handling.models import (
    AssignmentKind,
    AssignmentMode,
    DeliveryMethod,
    DeliveryStatus,
    DiversionProcedure,
    FollowUpMethod,
    PetitionerOpinion,
    ReplyOutcome,
    Satisfaction,
)
from handling.services import HANDLING_ACTIONS
from organisations.models import Membership, Role, System, Unit, UnitType
from organisations.selectors import staff_context
from petitions.models import ClosingPrinciple, ProblemCategory, SettlementForm

DATE = forms.DateInput(attrs={"type": "date"})
WIDE_WIDGETS = (forms.Textarea, forms.SelectMultiple, forms.RadioSelect, FilterableSelect)
APPROVE = [("1", _("同意")), ("0", _("不同意 / 退回"))]
HANDLING_TYPES = [
    UnitType.COURT,
    UnitType.PROCURATORATE,
    UnitType.POLICE,
    UnitType.JUSTICE,
    UnitType.COMMITTEE,
    UnitType.RECEPTION_CENTER,
    UnitType.TOWNSHIP,
]


def _required(message) -> dict:
    """The field's own message when it is left empty (the same words the service uses)."""
    return {"required": message}


def _province_units(user, types):
    unit = staff_context(user).primary_unit
    qs = Unit.objects.filter(is_active=True, type__in=types)
    if unit is not None:
        province = unit.region_id[:2]
        qs = qs.filter(region__code__startswith=province)
    return qs.select_related("region").order_by("path")


def _pick_units(field, units, *, multiple: bool = False) -> None:
    """Offer ``units`` grouped by region and system, with a filter box, instead of one flat list of ~200."""
    field.queryset = units
    field.widget = CompactMultiSelect() if multiple else FilterableSelect()
    field.choices = grouped_unit_choices(units, blank=None if multiple else str(field.empty_label))


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.petition = user, petition
        if not self.is_bound:
            self.initial["version"] = petition.version
        for field in self.fields.values():  # long text and lists take the form's full width
            field.wide = isinstance(field.widget, WIDE_WIDGETS)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


def _approve_field():
    return forms.TypedChoiceField(
        label=_("审批结论"), choices=APPROVE, coerce=lambda v: v == "1", widget=forms.RadioSelect
    )


class AcceptForm(ActionForm):
    handling_unit = forms.ModelChoiceField(
        label=_("承办单位（首办责任）"),
        queryset=Unit.objects.none(),
        empty_label=_("请选择"),
        error_messages=_required(_("请选择承办单位。")),
    )
    deadline = forms.DateField(
        label=_("办理期限"),
        required=False,
        widget=DATE,
        help_text=_("不填则按时限规则（受理之日起60日）计算。"),
    )
    instructions = forms.CharField(
        label=_("交办要求"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    notice = forms.CharField(
        label=_("告知信访人内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text=_("不填则使用标准受理告知。"),
    )  # fmt: skip
    responsible_system = forms.ChoiceField(
        label=_("责任系统"), choices=[("", "—"), *System.choices], required=False
    )
    problem_category = forms.ChoiceField(
        label=_("问题类别"), choices=[("", "—"), *ProblemCategory.choices], required=False
    )
    dual_assign = forms.BooleanField(label=_("双向交办（同时交属地政法委）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _pick_units(self.fields["handling_unit"], _province_units(self.user, HANDLING_TYPES))
        if not self.is_bound:
            self.initial.setdefault("responsible_system", self.petition.responsible_system)
            self.initial.setdefault("problem_category", self.petition.problem_category)


class TransferOutForm(ActionForm):
    to_unit = forms.ModelChoiceField(
        label=_("接收的信访部门"),
        queryset=Unit.objects.none(),
        empty_label=_("请选择"),
        error_messages=_required(_("请选择接收的信访部门。")),
    )
    reason = forms.CharField(
        label=_("甄别理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required(_("请填写甄别理由。")),
    )
    notice = forms.CharField(
        label=_("告知信访人内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写告知信访人的内容（去向与联系方式）。")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _pick_units(self.fields["to_unit"], _province_units(self.user, [UnitType.PETITION_BUREAU]))


class DeclineForm(ActionForm):
    reason = forms.CharField(
        label=_("不予受理理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写不予受理的理由。")),
    )
    notice = forms.CharField(
        label=_("告知信访人内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写告知信访人的内容。")),
    )


class DivertForm(ActionForm):
    procedure = forms.ChoiceField(
        label=_("导入的法律程序"),
        choices=DiversionProcedure.choices,
        error_messages=_required(_("请选择法律程序。")),
    )
    to_unit = forms.ModelChoiceField(
        label=_("受理单位"),
        queryset=Unit.objects.none(),
        empty_label=_("请选择"),
        error_messages=_required(_("请选择受理该程序的单位。")),
    )
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), error_messages=_required(_("请填写理由。"))
    )
    notice = forms.CharField(
        label=_("告知信访人内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写告知信访人的内容。")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _pick_units(
            self.fields["to_unit"],
            _province_units(
                self.user, [UnitType.COURT, UnitType.PROCURATORATE, UnitType.POLICE, UnitType.JUSTICE]
            ),
        )


class DiversionOutcomeForm(ActionForm):
    outcome = forms.CharField(
        label=_("法律程序结果"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写法律程序的结果。")),
    )
    settled = forms.BooleanField(label=_("信访人已息诉罢访"), required=False)


class AssignForm(ActionForm):
    units = ModelMultipleChoiceField(
        label=_("承办单位"),
        queryset=Unit.objects.none(),
        help_text=_("可选择多个单位（输入名称筛选）；主办单位只能选一个，其余请以协办交办。"),
        error_messages=_required(_("请至少选择一个承办单位。")),
    )
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[(k, v) for k, v in AssignmentKind.choices if k in ("lead", "assist", "committee")],
    )
    mode = forms.ChoiceField(label=_("方式"), choices=AssignmentMode.choices)
    deadline = forms.DateField(label=_("办理期限"), required=False, widget=DATE)
    instructions = forms.CharField(
        label=_("交办要求"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写交办要求。")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _pick_units(self.fields["units"], _province_units(self.user, HANDLING_TYPES), multiple=True)

    def service_kwargs(self):
        data = super().service_kwargs()
        data["units"] = list(data["units"])
        return data


class ReceiveForm(ActionForm):
    handler = forms.ModelChoiceField(label=_("指定承办人"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from organisations.models import User

        super().__init__(*args, **kwargs)
        units = [u.pk for u in staff_context(self.user).scope_units]
        ids = Membership.objects.filter(unit_id__in=units, role=Role.HANDLER).values("user_id")
        self.fields["handler"].queryset = User.objects.filter(pk__in=ids).order_by("username")


class ReturnForm(ActionForm):
    reason = forms.CharField(
        label=_("退回理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写退回理由。")),
    )


class WorkForm(ActionForm):
    kind = forms.ChoiceField(label=_("工作类别"), choices=list(HANDLING_ACTIONS.items()))
    note = forms.CharField(
        label=_("办理情况"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("请填写办理情况。")),
    )


class ExtensionRequestForm(ActionForm):
    days = forms.IntegerField(label=_("申请延长天数"), min_value=1, max_value=365)
    reason = forms.CharField(
        label=_("延期理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写延期理由。")),
    )


class ExtensionDecisionForm(ActionForm):
    approve = _approve_field()
    note = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    notice = forms.CharField(
        label=_("告知信访人延期理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DraftReplyForm(ActionForm):
    claim = forms.CharField(label=_("信访请求"), widget=forms.Textarea(attrs={"rows": 2}))
    facts_reasons = forms.CharField(label=_("查明的事实和理由"), widget=forms.Textarea(attrs={"rows": 5}))
    decision = forms.CharField(label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("法律依据"), widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.ChoiceField(label=_("处理结果"), choices=ReplyOutcome.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("claim", self.petition.demands)


class ReplyDecisionForm(ActionForm):
    approve = _approve_field()
    note = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DeliveryForm(ActionForm):
    method = forms.ChoiceField(label=_("送达方式"), choices=DeliveryMethod.choices)
    status = forms.ChoiceField(label=_("签收情况"), choices=DeliveryStatus.choices)
    delivered_on = forms.DateField(
        label=_("送达日期"), widget=DATE, error_messages=_required(_("请填写送达日期。"))
    )
    opinion = forms.ChoiceField(label=_("信访人意见"), choices=PetitionerOpinion.choices)


class FollowUpForm(ActionForm):
    method = forms.ChoiceField(label=_("回访方式"), choices=FollowUpMethod.choices)
    visited_on = forms.DateField(label=_("回访日期"), widget=DATE)
    satisfaction_office = forms.ChoiceField(label=_("对接访部门满意度"), choices=Satisfaction.choices)
    satisfaction_unit = forms.ChoiceField(label=_("对责任单位满意度"), choices=Satisfaction.choices)
    # the three checks side by side in one row, after the selects
    informed = forms.BooleanField(label=_("已告知答复内容"), required=False)
    received = forms.BooleanField(label=_("已收到答复"), required=False)
    carried_out = forms.BooleanField(label=_("处理意见已落实"), required=False)
    unsatisfied_reason = forms.CharField(
        label=_("不满意原因"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(label=_("回访情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CloseForm(ActionForm):
    settled = forms.TypedChoiceField(
        label=_("化解情况"),
        choices=[("1", _("已结已息")), ("0", _("已结未息"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    form = forms.ChoiceField(
        label=_("息诉罢访形式"),
        choices=[("", "—")]
        + [c for c in SettlementForm.choices if c[0] != SettlementForm.APPROVED_TERMINATION],
        required=False,
        help_text=_("已结已息时必选。"),
    )
    principle = forms.ChoiceField(label=_("三到位一处理"), choices=ClosingPrinciple.choices)
    note = forms.CharField(label=_("办结说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReviewRequestForm(ActionForm):
    requested_on = forms.DateField(
        label=_("申请日期"), widget=DATE, error_messages=_required(_("请填写申请日期。"))
    )
    reason = forms.CharField(
        label=_("申请理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写申请理由。")),
    )


class ReviewWaiverForm(ActionForm):
    stated_on = forms.DateField(
        label=_("声明日期"), widget=DATE, error_messages=_required(_("请填写声明日期。"))
    )
    statement = forms.CharField(
        label=_("信访人书面声明"),
        help_text=_("记录信访人自愿放弃申请复查或复核的书面声明内容；声明原件作为附件存档。"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写信访人声明的内容。")),
    )


class HearingForm(ActionForm):
    held_from = forms.DateField(label=_("听证开始日期"), widget=DATE)
    held_to = forms.DateField(label=_("听证结束日期"), widget=DATE)
    note = forms.CharField(
        label=_("听证情况"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请简述听证情况。")),
    )


class ProposeTerminationForm(ActionForm):
    reasons = forms.CharField(
        label=_("终结理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("请写明终结理由：法律程序已穷尽、原处理正确、已依法答复的情况。")),
    )


class TerminationDecisionForm(ActionForm):
    approve = _approve_field()
    comment = forms.CharField(
        label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=_required(_("请填写意见。"))
    )


class ArchiveForm(ActionForm):
    note = forms.CharField(label=_("归档说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ScreenOnlineForm(ActionForm):
    note = forms.CharField(
        label=_("审核意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "网上提交的事项经审核转入登记后，再按诉访分离作出受理、转送、不予受理或导入法律程序的决定。"
        ),
    )
