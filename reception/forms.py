"""Forms: parse and label input; the rules live in services."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership, Role, User
from reception import access
from reception.models import (
    AssignmentRole,
    DutySystem,
    Lawyer,
    LawyerStatus,
    Officer,
    Period,
    ReceptionKind,
)


class DutyForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("接访中心"), queryset=None, empty_label=None)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(label=_("时段"), choices=Period.choices)
    system = forms.ChoiceField(label=_("系统"), choices=DutySystem.choices)
    person = forms.ModelChoiceField(label=_("值班人员"), queryset=None, required=False)
    lawyer = forms.ModelChoiceField(label=_("值班律师"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = access.managed_unit_ids(user)
        self.fields["unit"].queryset = access.managed_units(user).filter(type="reception_center")
        regions = access.managed_units(user).values("region_id")  # the 政法 units of the centers' own areas
        people = Membership.objects.filter(unit__region__in=regions).exclude(
            role__in=(Role.LAWYER, Role.SYSADMIN)
        )
        self.fields["person"].queryset = User.objects.filter(pk__in=people.values("user_id")).order_by(
            "username"
        )
        self.fields["lawyer"].queryset = Lawyer.objects.filter(unit__in=ids, status=LawyerStatus.ACTIVE)


class ReceptionForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=ReceptionKind.choices)
    unit = forms.ModelChoiceField(label=_("主办单位"), queryset=None, empty_label=None)
    host = forms.CharField(label=_("接待领导/人员"), max_length=50, required=False)
    host_title = forms.CharField(label=_("职务"), max_length=50, required=False)
    officer = forms.ModelChoiceField(label=_("约访对象（点名约访）"), queryset=None, required=False)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("结束时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    topics = forms.CharField(label=_("接待事项"), max_length=200, required=False)
    meeting_link = forms.URLField(
        label=_("视频会议链接"), max_length=500, required=False, assume_scheme="https"
    )
    slot_minutes = forms.IntegerField(
        label=_("每个预约时段（分钟）"), min_value=10, max_value=240, initial=30
    )
    published = forms.BooleanField(label=_("在门户公开"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.managed_units(user)
        self.fields["officer"].queryset = Officer.objects.filter(unit__in=access.managed_unit_ids(user))

    def clean(self):
        data = super().clean()
        if data.get("kind") != ReceptionKind.NAMED and not data.get("host"):
            self.add_error("host", _("请填写接待领导或人员。"))
        if data.get("date") and data["date"] < timezone.localdate() - dt.timedelta(days=366):
            self.add_error("date", _("日期过早。"))
        return data


class OfficerForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("姓名"), max_length=50)
    title = forms.CharField(label=_("职务"), max_length=50)
    bio = forms.CharField(
        label=_("简介"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(label=_("照片（可不上传）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.managed_units(user)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("照片不能超过 2 MB。"))
        return photo


class LawyerForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("所属接访中心"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("姓名"), max_length=50)
    firm = forms.CharField(label=_("律师事务所"), max_length=100)
    licence_number = forms.CharField(label=_("执业证号"), max_length=17, min_length=17)
    specialities = forms.CharField(label=_("擅长领域"), max_length=200, required=False)
    user = forms.ModelChoiceField(label=_("登录账号（律师角色）"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = access.managed_unit_ids(user)
        self.fields["unit"].queryset = access.managed_units(user)
        lawyers = Membership.objects.filter(unit__in=ids, role=Role.LAWYER).values("user_id")
        self.fields["user"].queryset = User.objects.filter(pk__in=lawyers, lawyer_profile__isnull=True)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=LawyerStatus.choices)


class AssignForm(forms.Form):
    lawyer = forms.ModelChoiceField(label=_("律师"), queryset=None)
    role = forms.ChoiceField(label=_("参与方式"), choices=AssignmentRole.choices)
    petitioner = forms.ModelChoiceField(label=_("代理对象（信访代理人）"), queryset=None, required=False)

    def __init__(self, *args, user, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = Lawyer.objects.filter(
            unit__in=access.managed_unit_ids(user), status=LawyerStatus.ACTIVE
        )
        self.fields["petitioner"].queryset = petition.petitioners.all()
        self.fields["petitioner"].label_from_instance = lambda p: p.name


class LawyerAssignForm(forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="assign")
    number = forms.CharField(label=_("事项编号"), max_length=32)
    role = forms.ChoiceField(label=_("参与方式"), choices=AssignmentRole.choices)


class AdviceForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    persons = forms.IntegerField(label=_("接待人数"), min_value=1, max_value=1000, initial=1)
    content = forms.CharField(label=_("咨询意见"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class LinkForm(forms.Form):
    number = forms.CharField(label=_("事项编号"), max_length=32)


class BookingForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    summary = forms.CharField(
        label=_("反映事项（简要）"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CancelForm(forms.Form):
    code = forms.CharField(label=_("预约码"), max_length=20)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data
