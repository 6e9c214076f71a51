"""A password validator that refuses the published demo password, whatever other rules it meets."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class NotDemoPasswordValidator:
    def validate(self, password, user=None):
        from demo.structure import DEMO_PASSWORD

        if password == DEMO_PASSWORD:
            raise ValidationError(_("该密码是公开的演示密码，不能使用。"), code="password_is_demo")

    def get_help_text(self):
        return _("不能使用公开的演示密码。")
