"""Password validators: Django's minimum length with a message in our source language (Django 5.2's Chinese
catalogue lacks its new wording), and one that refuses the published demo password."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "密码太短，至少需要 %(min_length)d 个字符。",
            "密码太短，至少需要 %(min_length)d 个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}


class NotDemoPasswordValidator:
    def validate(self, password, user=None):
        from demo.structure import DEMO_PASSWORD

        if password == DEMO_PASSWORD:
            raise ValidationError(_("该密码是公开的演示密码，不能使用。"), code="password_is_demo")

    def get_help_text(self):
        return _("不能使用公开的演示密码。")
