"""Validation of Chinese identity numbers, phone numbers and the like. Messages are shown to clerks."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def id_number_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    return "".join(value.split()).upper()


def validate_id_number(value: str) -> str:
    """Validate an 18-digit resident identity number (GB 11643): format, birth date and check digit."""
    value = normalise_id_number(value)
    if not _ID_RE.match(value):
        raise ValidationError(_("身份证号应为18位：17位数字加1位数字或X。"), code="id_format")
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth") from None
    if birth.year < 1900 or birth > dt.datetime.now(tz=dt.UTC).date():
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth")
    if id_number_check_char(value[:17]) != value[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对后重新输入。"), code="id_checksum")
    return value


def normalise_phone(value: str) -> str:
    value = "".join(value.split())
    if value.startswith("+86"):
        value = value[3:]
    return value


def validate_phone(value: str) -> str:
    value = normalise_phone(value)
    if not (_MOBILE_RE.match(value) or _LANDLINE_RE.match(value)):
        raise ValidationError(
            _("电话号码格式不正确：手机号为1开头的11位数字，固定电话如 0935-2212345。"), code="phone"
        )
    return value
