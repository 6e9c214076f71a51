"""Public forms: plain Chinese labels and messages, every error beside its field."""

import secrets

from django import forms
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

from core.files import ALLOWED, ALLOWED_LABEL
from core.forms import MultipleFileField
from handling.models import Satisfaction
from organisations.models import Region, Unit
from petitions.models import CaseCategory
from portal.services import OnlineSubmission


def _required(message) -> dict:
    return {"required": message}


def region_choices() -> list:
    """Cities and their counties, grouped by city (the province itself is not a place a problem arises)."""
    served = Unit.objects.filter(is_active=True).values("region_id")  # places this installation's units serve
    regions = list(
        Region.objects.filter(code__in=served)
        .exclude(code__endswith="0000")
        .order_by("code")
        .values_list("code", "name")
    )
    names = dict(
        Region.objects.filter(code__in={c[:4] + "00" for c, _n in regions}).values_list("code", "name")
    )
    cities = {code: name for code, name in regions if code.endswith("00")}
    groups: dict[str, list] = {}
    for code, name in regions:
        city = code[:4] + "00"
        label = cities.get(city) or names.get(city, "")
        groups.setdefault(label, []).append(
            (code, name if code != city else _("%(name)s（市本级）") % {"name": name})
        )
    return [("", _("请选择")), *list(groups.items())]


def mark_required(form) -> None:
    for field in form.fields.values():
        if field.required and not field.widget.is_hidden:
            field.widget.attrs["aria-required"] = "true"


def mark_errors(form) -> None:
    """Point each invalid field at its error list (read out by screen readers with the field)."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{form[name].auto_id}-errors"


class SubmissionForm(forms.Form):
    # who you are
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages=_required(_("请填写您的姓名。")))
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=18,
        help_text=_("网上信访实行实名制。身份证号加密保存，只用于核对身份和是否为同一事项。"),
        error_messages=_required(_("请填写身份证号。")),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    # contact details
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("查询码和办理进展将发送到该号码。"),
        error_messages=_required(_("请填写手机号码。")),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("电子邮箱（选填）"),
        max_length=254,
        required=False,
        validators=[EmailValidator(message=_("电子邮箱格式不正确，例如 name@example.com。"))],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(label=_("通讯地址（选填）"), max_length=200, required=False)
    # the original case and unit
    problem_region = forms.ChoiceField(
        label=_("问题发生地"), choices=(), error_messages=_required(_("请选择问题发生地。"))
    )
    orig_unit_name = forms.CharField(
        label=_("原办案单位（选填）"), max_length=100, required=False, help_text=_("如：某某县人民法院")
    )
    case_number = forms.CharField(
        label=_("原案案号（选填）"), max_length=64, required=False, help_text=_("如：（2024）甘0602民初123号")
    )
    case_category = forms.ChoiceField(
        label=_("案件类别（选填）"), choices=[("", _("不清楚")), *CaseCategory.choices], required=False
    )
    # what happened and what you ask for
    title = forms.CharField(
        label=_("事项标题"),
        max_length=200,
        help_text=_("一句话概括，如：不服某某法院民事判决"),
        error_messages=_required(_("请用一句话概括您反映的事项。")),
    )
    facts = forms.CharField(
        label=_("事实与理由"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required(_("请写明发生了什么、经过哪些机关处理。")),
    )
    demands = forms.CharField(
        label=_("信访诉求"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请写明您希望解决什么问题。")),
    )
    attachments = MultipleFileField(
        label=_("证明材料（选填）"),
        help_text=_("可选多个文件，格式：%(allowed)s。") % {"allowed": ALLOWED_LABEL},
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息保护告知》，所填内容真实"),
        error_messages=_required(_("请阅读个人信息保护告知并勾选同意。")),
    )
    captcha_answer = forms.CharField(
        label=_("验证码：请填写图中算式的结果"),
        max_length=8,
        required=False,  # checked by the view (portal.views._captcha_passed): once per form
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    captcha_id = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem_region"].choices = region_choices()
        self.fields["attachments"].widget.attrs["accept"] = ",".join(ALLOWED)
        if not self.is_bound:
            self.initial.setdefault("token", secrets.token_urlsafe(24))
        mark_required(self)

    def to_submission(self) -> OnlineSubmission:
        d = self.cleaned_data
        return OnlineSubmission(
            name=d["name"],
            id_number=d["id_number"],
            phone=d["phone"],
            email=d["email"],
            address=d["address"],
            problem_region=d["problem_region"],
            orig_unit_name=d["orig_unit_name"],
            case_number=d["case_number"],
            case_category=d["case_category"],
            title=d["title"],
            facts=d["facts"],
            demands=d["demands"],
        )


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("登记编号"),
        max_length=32,
        help_text=_("如：620602-2026-000123"),
        error_messages=_required(_("请填写登记编号。")),
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=32,
        help_text=_("提交成功时显示并发送到您手机的12位字母数字"),
        error_messages=_required(_("请填写查询码。")),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


SATISFACTION = [(value, label) for value, label in Satisfaction.choices]


class EvaluationForm(forms.Form):
    satisfaction_office = forms.ChoiceField(
        label=_("对接待您的信访部门"),
        choices=SATISFACTION,
        widget=forms.RadioSelect,
        error_messages=_required(_("请选择对信访部门的评价。")),
    )
    satisfaction_unit = forms.ChoiceField(
        label=_("对办理您事项的责任单位"),
        choices=SATISFACTION,
        widget=forms.RadioSelect,
        error_messages=_required(_("请选择对责任单位的评价。")),
    )
    unsatisfied_reason = forms.CharField(
        label=_("不满意的原因（选择不满意时必填）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReviewRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("申请理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("请写明申请的理由：对答复意见书的哪些内容不服、为什么。")),
    )
