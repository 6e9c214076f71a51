"""Forms of the ledger import: the upload, and the confirmation with its explicit choice of mode."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.models import ImportMode


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("台账文件"),
        help_text=_("Excel（.xlsx）文件，列名须与台账模板一致；上传后先校验，确认后才导入。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class ConfirmForm(forms.Form):
    mode = forms.ChoiceField(choices=ImportMode.choices, widget=forms.HiddenInput)
    acknowledge = forms.BooleanField(
        label=_("我已了解：有错误的行不导入，可下载错误行修正后再单独导入。"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("mode") == ImportMode.VALID_ONLY and not data.get("acknowledge"):
            self.add_error("acknowledge", _("只导入有效行时，请勾选确认。"))
        return data

    @property
    def only_valid(self) -> bool:
        return self.cleaned_data["mode"] == ImportMode.VALID_ONLY
