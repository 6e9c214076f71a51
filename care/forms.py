from django import forms
from django.utils.translation import gettext_lazy as _

from care.models import AgentActionKind, ResponsibleKind, VisitMode
from organisations.models import User

DATE = {"type": "date"}


class PlanForm(forms.Form):
    responsible_name = forms.CharField(label=_("责任人姓名"), max_length=50)
    responsible_kind = forms.ChoiceField(label=_("责任人身份"), choices=ResponsibleKind.choices)
    responsible_phone = forms.CharField(label=_("责任人电话"), max_length=20, required=False)
    visit_interval_days = forms.IntegerField(label=_("走访周期（天）"), min_value=1, max_value=365)
    first_visit_on = forms.DateField(label=_("首次走访日期"), widget=forms.DateInput(attrs=DATE))
    plan = forms.CharField(label=_("帮扶计划"), widget=forms.Textarea(attrs={"rows": 3}))


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("走访日期"), widget=forms.DateInput(attrs=DATE))
    mode = forms.ChoiceField(label=_("方式"), choices=VisitMode.choices)
    situation = forms.CharField(label=_("当事人现状"), widget=forms.Textarea(attrs={"rows": 3}))
    help_given = forms.CharField(
        label=_("帮扶措施"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("结束说明"), widget=forms.Textarea(attrs={"rows": 2}))


class CounsellingForm(forms.Form):
    held_on = forms.DateField(label=_("疏导日期"), widget=forms.DateInput(attrs=DATE))
    notes = forms.CharField(label=_("疏导记录"), widget=forms.Textarea(attrs={"rows": 6}))


class AgentAssignForm(forms.Form):
    agent = forms.CharField(label=_("代办员（登录名）"), max_length=150)
    note = forms.CharField(label=_("代办事项"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_agent(self):
        username = self.cleaned_data["agent"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("没有登录名为“%(name)s”的在职工作人员。") % {"name": username})
        return user


class AgentActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("代办事项类别"), choices=AgentActionKind.choices)
    note = forms.CharField(label=_("代办情况"), widget=forms.Textarea(attrs={"rows": 3}))
