"""Registration form (登记): the petition, its petitioners, the original case's instances, attachments."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import ALLOWED, validate_upload
from core.forms import KnownModelChoiceField, ModelMultipleChoiceField, MultipleFileField, RegionCodeField
from core.validators import validate_id_number, validate_phone, validate_registration_time
from core.widgets import CompactMultiSelect
from organisations.models import Role, System, Unit
from organisations.selectors import staff_context
from petitions.filtersets import FLAG_CHOICES
from petitions.models import (
    AgentKind,
    CaseCategory,
    CaseProgress,
    CaseStage,
    Channel,
    Gender,
    Instance,
    ProblemCategory,
    Tag,
)
from petitions.services import (
    MAX_GROUP_SIZE,
    REGISTER_ROLES,
    InstanceData,
    PetitionerData,
    RegistrationData,
)

CASE_NUMBER_RE = re.compile(r"^[（(]\d{4}[）)][\u4e00-\u9fa5\d]+\d+号$")
STAFF_CHANNELS = [c for c in Channel.choices if c[0] != Channel.ONLINE]


def validate_case_number(value: str) -> str:
    value = value.strip().replace(" ", "")
    if value and not CASE_NUMBER_RE.match(value):
        raise ValidationError(_("案号格式不正确，应如“(2019)甘06民终123号”。"), code="case_number")
    return value


class RegistrationForm(forms.Form):
    unit = KnownModelChoiceField(label=_("登记单位"), queryset=Unit.objects.none(), empty_label=None)
    channel = forms.ChoiceField(label=_("信访渠道"), choices=STAFF_CHANNELS)
    registered_at = forms.DateTimeField(
        label=_("来访/收信时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    demands = forms.CharField(label=_("信访诉求"), widget=forms.Textarea(attrs={"rows": 3}))
    facts = forms.CharField(label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 6}))
    problem_region = RegionCodeField(label=_("问题发生地"))
    residence_region = RegionCodeField(label=_("信访人住所地"), required=False)
    group_size = forms.IntegerField(label=_("来访人数"), min_value=1, max_value=MAX_GROUP_SIZE, initial=1)
    agent_kind = forms.ChoiceField(label=_("代理人类别"), choices=AgentKind.choices, required=False)
    agent_name = forms.CharField(label=_("代理人姓名"), max_length=50, required=False)
    agent_org = forms.CharField(label=_("代理人单位/律所"), max_length=100, required=False)
    orig_unit = forms.ModelChoiceField(
        label=_("原办案单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("（平台外单位，填写名称）"),
    )
    orig_unit_name = forms.CharField(label=_("原办案单位名称"), max_length=100, required=False)
    case_number = forms.CharField(label=_("原案案号"), max_length=64, required=False)
    case_category = forms.ChoiceField(
        label=_("案件类别"), choices=[("", "—")] + CaseCategory.choices, required=False
    )
    case_stage = forms.ChoiceField(
        label=_("诉讼阶段"), choices=[("", "—")] + CaseStage.choices, required=False
    )
    cause_of_action = forms.CharField(label=_("案由"), max_length=100, required=False)
    case_progress = forms.ChoiceField(
        label=_("案件进展"), choices=[("", "—")] + CaseProgress.choices, required=False
    )
    petitioned_before_judgment = forms.BooleanField(label=_("未判先访"), required=False)
    flags = forms.MultipleChoiceField(
        label=_("标记"), choices=FLAG_CHOICES, required=False, widget=CompactMultiSelect
    )
    tags = ModelMultipleChoiceField(
        label=_("专题标签"), queryset=Tag.objects.all(), required=False, widget=CompactMultiSelect
    )
    problem_category = forms.ChoiceField(
        label=_("问题类别"), choices=[("", "—")] + ProblemCategory.choices, required=False
    )
    responsible_system = forms.ChoiceField(
        label=_("责任系统"), choices=[("", "—")] + System.choices, required=False
    )
    is_backlog = forms.BooleanField(label=_("积案"), required=False)
    attachments = MultipleFileField(
        label=_("附件"),
        help_text=_("可多选；支持 PDF、图片、Word、Excel、MP3、TXT，单个不超过20MB。"),
        widget=None,
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ctx = staff_context(user)
        self.fields["unit"].choose_from(ctx.units_with(*REGISTER_ROLES))  # a POST picks one, no query
        self.fields["orig_unit"].queryset = Unit.objects.filter(
            is_active=True, type__in=["court", "procuratorate", "police", "justice"]
        ).order_by("path")
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
            self.initial.setdefault("registered_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
            if ctx.primary_unit is not None:
                self.initial.setdefault("problem_region", ctx.primary_unit.region_id)
        self.fields["attachments"].widget.attrs["accept"] = ",".join(ALLOWED)

    def clean_registered_at(self):
        value = self.cleaned_data["registered_at"]
        validate_registration_time(value)  # 1949-10-01 .. tomorrow: far from any overflow
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("登记时间不能晚于当前时间。"), code="future")
        return value

    def clean_case_number(self):
        return validate_case_number(self.cleaned_data.get("case_number", ""))

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        errors = []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def to_data(self) -> RegistrationData:
        c = self.cleaned_data
        return RegistrationData(
            channel=c["channel"],
            registered_at=c["registered_at"],
            title=c["title"],
            demands=c["demands"],
            facts=c["facts"],
            problem_region=c["problem_region"],
            residence_region=c["residence_region"],
            group_size=c["group_size"],
            agent_kind=c["agent_kind"],
            agent_name=c["agent_name"],
            agent_org=c["agent_org"],
            orig_unit=c["orig_unit"],
            orig_unit_name=c["orig_unit_name"],
            case_number=c["case_number"],
            case_category=c["case_category"],
            case_stage=c["case_stage"],
            cause_of_action=c["cause_of_action"],
            case_progress=c["case_progress"],
            petitioned_before_judgment=c["petitioned_before_judgment"],
            flags=dict.fromkeys(c["flags"], True),
            tags=list(c["tags"]),
            responsible_system=c["responsible_system"],
            problem_category=c["problem_category"],
            is_backlog=c["is_backlog"],
        )


class PetitionerForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices, required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)
    residence_region = RegionCodeField(label=_("户籍/居住地区划"), required=False)
    is_representative = forms.BooleanField(label=_("代表"), required=False)
    is_key_person = forms.BooleanField(label=_("重点人员"), required=False)

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "").strip()
        return validate_id_number(value) if value else ""

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        return validate_phone(value) if value else ""

    def to_data(self) -> PetitionerData:
        return PetitionerData(**self.cleaned_data)


class InstanceForm(forms.Form):
    instance = forms.ChoiceField(label=_("审级"), choices=Instance.choices)
    case_number = forms.CharField(label=_("案号"), max_length=64)
    court_name = forms.CharField(label=_("审理法院"), max_length=100)
    judge = forms.CharField(label=_("审判长/承办法官"), max_length=50, required=False)

    def clean_case_number(self):
        return validate_case_number(self.cleaned_data.get("case_number", ""))

    def to_data(self) -> InstanceData:
        return InstanceData(**self.cleaned_data)


class BasePetitionerFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        ids = [
            f.cleaned_data.get("id_number")
            for f in self.forms
            if f.cleaned_data and not self._should_delete_form(f)
        ]
        ids = [i for i in ids if i]
        if len(ids) != len(set(ids)):
            raise ValidationError(_("同一身份证号不能重复填写。"))
        if not any(f.cleaned_data for f in self.forms):
            raise ValidationError(_("至少需要一名信访人。"))


PetitionerFormSet = forms.formset_factory(
    PetitionerForm, formset=BasePetitionerFormSet, extra=0, min_num=1, validate_min=True, max_num=50
)
InstanceFormSet = forms.formset_factory(InstanceForm, extra=0, max_num=6)


class AttachmentForm(forms.Form):
    files = MultipleFileField(label=_("补充材料"), required=True)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=[("id_number", "id"), ("phone", "phone"), ("address", "address")])


__all__ = ["Role"]
