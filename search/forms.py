from django import forms
from django.utils.translation import gettext_lazy as _


class LinkForm(forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SplitForm(forms.Form):
    title = forms.CharField(label=_("新事项标题"), max_length=200)
    demands = forms.CharField(label=_("新事项信访诉求"), widget=forms.Textarea(attrs={"rows": 3}))
    facts = forms.CharField(label=_("新事项事实与理由"), widget=forms.Textarea(attrs={"rows": 4}))
    note = forms.CharField(label=_("拆分理由"), widget=forms.Textarea(attrs={"rows": 2}))


def intake_data(post) -> dict:
    """The duplicate check's input from the staff registration form as typed so far (prefix ``p`` for people)."""
    people = []
    for i in range(20):
        name = post.get(f"p-{i}-name", "")
        id_number, phone = post.get(f"p-{i}-id_number", ""), post.get(f"p-{i}-phone", "")
        if not (name or id_number or phone):
            continue
        people.append(
            {
                "name": name[:50],
                "id_number": id_number[:18],
                "phone": phone[:20],
                "residence_region": post.get(f"p-{i}-residence_region", "")[:6],
            }
        )
    return {
        "title": post.get("title", "")[:200],
        "demands": post.get("demands", "")[:2000],
        "facts": post.get("facts", "")[:4000],
        "case_number": post.get("case_number", "")[:64],
        "problem_region": post.get("problem_region", "")[:6],
        "petitioners": people,
    }
