"""Forms of hearings and consultations. They parse input; the rules live in ``hearings.services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceField
from hearings.models import HearingOutcome, ParticipantKind
from organisations.models import Membership, Unit, User
from quality.forms import pick_units, province_units

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})
PARTICIPANT_ROWS = 8
ACCEPTED = [("1", _("接受")), ("0", _("不接受"))]


class HearingForm(forms.Form):
    subject = forms.CharField(
        label=_("听证事项"), max_length=200, error_messages={"required": _("请填写听证事项。")}
    )
    starts_at = forms.DateTimeField(
        label=_("听证时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("请填写听证时间。"), "invalid": _("请填写正确的听证时间。")},
    )  # fmt: skip
    ends_on = forms.DateField(label=_("结束日期（一日内结束可不填）"), widget=DATE, required=False)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    video_link = forms.URLField(label=_("视频会议链接"), max_length=300, required=False, assume_scheme="https",
                                error_messages={"invalid": _("请填写正确的链接（以 https:// 开头）。")})  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(PARTICIPANT_ROWS):
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("类别"), choices=[("", "—"), *ParticipantKind.choices], required=False
            )
            self.fields[f"name_{i}"] = forms.CharField(label=_("姓名"), max_length=50, required=False)
            self.fields[f"org_{i}"] = forms.CharField(label=_("单位/身份"), max_length=100, required=False)

    def main_fields(self):
        return [self[n] for n in ("subject", "starts_at", "ends_on", "place", "video_link")]

    def participant_rows(self):
        return [(self[f"kind_{i}"], self[f"name_{i}"], self[f"org_{i}"]) for i in range(PARTICIPANT_ROWS)]

    def clean(self):
        data = super().clean()
        for i in range(PARTICIPANT_ROWS):
            if data.get(f"name_{i}") and not data.get(f"kind_{i}"):
                self.add_error(f"kind_{i}", _("请选择参加人类别。"))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        people = [
            (d[f"kind_{i}"], d[f"name_{i}"], d[f"org_{i}"])
            for i in range(PARTICIPANT_ROWS)
            if d.get(f"name_{i}")
        ]
        return {k: d[k] for k in ("subject", "starts_at", "ends_on", "place", "video_link")} | {
            "participants": people
        }


class HearingRecordForm(forms.Form):
    minutes = forms.CharField(label=_("听证笔录"), widget=forms.Textarea(attrs={"rows": 6}),
                              error_messages={"required": _("请填写听证笔录。")})  # fmt: skip
    panel_opinion = forms.CharField(label=_("听证员评议意见"), widget=TEXT,
                                    error_messages={"required": _("请填写听证员评议意见。")})  # fmt: skip
    outcome = forms.ChoiceField(label=_("听证结论"), choices=[("", "—"), *HearingOutcome.choices],
                                error_messages={"required": _("请选择听证结论。")})  # fmt: skip
    petitioner_accepted = forms.TypedChoiceField(
        label=_("信访人是否接受"), choices=ACCEPTED, coerce=lambda v: v == "1", widget=forms.RadioSelect,
        error_messages={"required": _("请选择信访人是否接受听证结论。")},
    )  # fmt: skip


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"), widget=TEXT, error_messages={"required": _("请写明取消原因。")}
    )


class ConsultationForm(forms.Form):
    subject = forms.CharField(
        label=_("会诊议题"), max_length=200, error_messages={"required": _("请填写会诊议题。")}
    )
    held_on = forms.DateField(
        label=_("会诊日期"), widget=DATE, error_messages={"required": _("请填写会诊日期。")}
    )
    units = ModelMultipleChoiceField(label=_("参加单位"), queryset=Unit.objects.none(),
                                           error_messages={"required": _("会诊须有召集单位以外的至少一个参加单位。")})  # fmt: skip
    attendees = forms.CharField(label=_("参加人员"), widget=TEXT, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        pick_units(self.fields["units"], province_units(user), multiple=True)

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["units"] = list(d["units"])
        return d


class ConsultationTaskForm(forms.Form):
    description = forms.CharField(
        label=_("任务"), widget=TEXT, error_messages={"required": _("请写明任务内容。")}
    )
    owner_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(),
                                        error_messages={"required": _("请选择责任单位。")})  # fmt: skip
    owner = forms.ModelChoiceField(
        label=_("责任人（可不选，由单位负责人分派）"), queryset=User.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("完成期限"), widget=DATE, error_messages={"required": _("请填写完成期限。")}
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        units = consultation.units.all()
        self.fields["owner_unit"].queryset = units
        self.fields["owner"].queryset = User.objects.filter(
            pk__in=Membership.objects.filter(unit__in=units).values("user_id"), is_active=True
        ).order_by("full_name", "pk")

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ConcludeForm(forms.Form):
    conclusions = forms.CharField(
        label=_("会诊结论"), widget=TEXT, error_messages={"required": _("请填写会诊结论。")}
    )


class TaskCompleteForm(forms.Form):
    note = forms.CharField(
        label=_("完成情况"), widget=TEXT, error_messages={"required": _("请写明完成情况。")}
    )
