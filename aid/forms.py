from django import forms
from django.utils.translation import gettext_lazy as _

from aid.models import PaymentMethod, Relation
from core.forms import MultipleFileField
from organisations.models import Role


class AmountField(forms.CharField):
    """Kept as text: the service parses it as an exact Decimal and explains what is wrong."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})


class ApplyForm(forms.Form):
    applicant_name = forms.CharField(label=_("申请人"), max_length=50)
    relation = forms.ChoiceField(label=_("与被害人关系"), choices=Relation.choices)
    harm = forms.CharField(label=_("受到的损害"), widget=forms.Textarea(attrs={"rows": 3}))
    hardship = forms.CharField(label=_("生活困难情况"), widget=forms.Textarea(attrs={"rows": 3}))
    amount = AmountField(label=_("申请金额（元）"), help_text=_("精确到分，如 12000.50"))
    documents = MultipleFileField(label=_("证明材料"), required=False)


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审查结论"),
        choices=[("1", _("同意救助，报审批")), ("0", _("不予救助"))],
        coerce=lambda v: v == "1",
    )
    amount_granted = AmountField(label=_("拟批准金额（元）"), required=False, help_text=_("不填即按申请金额"))
    opinion = forms.CharField(label=_("审查意见 / 不予救助理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批结论"), choices=[("1", _("同意")), ("0", _("不予救助"))], coerce=lambda v: v == "1"
    )
    comment = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 3}))


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("发放日期"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("发放方式"), choices=PaymentMethod.choices)
    voucher_number = forms.CharField(label=_("凭证号"), max_length=64)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    amount = AmountField(label=_("年度预算（元）"))


APPROVER_CHOICES = [(r, Role(r).label) for r in (Role.UNIT_HEAD, Role.OWNER_LEADER, Role.LEADER)]


class LevelsForm(forms.Form):
    """A unit's approval chain: the first step from 0 元, up to two more from higher amounts."""

    role_1 = forms.ChoiceField(label=_("第一级审批（0 元起）"), choices=APPROVER_CHOICES)
    amount_2 = AmountField(label=_("第二级起始金额（元）"), required=False)
    role_2 = forms.ChoiceField(label=_("第二级审批"), choices=[("", "—"), *APPROVER_CHOICES], required=False)
    amount_3 = AmountField(label=_("第三级起始金额（元）"), required=False)
    role_3 = forms.ChoiceField(label=_("第三级审批"), choices=[("", "—"), *APPROVER_CHOICES], required=False)

    def steps(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        steps = [("0", data["role_1"])]
        given = [(data.get(f"amount_{n}", ""), data.get(f"role_{n}", "")) for n in (2, 3)]
        if any(given[1]):  # a third step needs a second one: an empty second step is refused by name
            return steps + given
        return steps + [given[0]] if any(given[0]) else steps
