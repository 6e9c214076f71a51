from django import forms
from django.utils.translation import gettext_lazy as _

from textmodels.labels import CHOICES
from textmodels.models import Kind

ALL_VALUES = sorted({(v, str(label)) for choices in CHOICES.values() for v, label in choices})


class ConfirmForm(forms.Form):
    """One click on the petition page: confirm the suggestion of a kind, or change it to another value."""

    kind = forms.ChoiceField(label=_("建议类型"), choices=Kind.choices)
    value = forms.ChoiceField(label=_("确认值"), choices=ALL_VALUES)
    model_version = forms.IntegerField(
        label=_("模型版本"), min_value=1, max_value=2_000_000_000, required=False, widget=forms.HiddenInput
    )

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if kind and value and value not in dict(CHOICES[kind]):
            self.add_error("value", _("该值不适用于所选的建议类型。"))
        return cleaned

    def service_kwargs(self) -> dict:
        c = self.cleaned_data
        return {"kind": c["kind"], "value": c["value"], "model_version": c.get("model_version")}
