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


# --------------------------------------------------------------------------------------------------- dates
# Date arithmetic near the ends of Python's range (year 1, year 9999) overflows: ``0001-01-01`` in Beijing time
# has no UTC equivalent, ``9999-12-25`` plus 15 days does not exist. Every date typed anywhere is therefore kept
# inside a window: any form or API date/datetime field gets ``SAFE_DATES`` (``install_date_window``, called
# from ``core.apps``); fields with a domain meaning narrow it (registration, the deadline calculator).

FOUNDING = dt.date(1949, 10, 1)
SAFE_DATES = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))
CALCULATOR_DATES = (
    FOUNDING,
    dt.date(2100, 12, 31),
)  # the deadline calculator (web page and manage.py deadline)


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def check_date_window(value, lo: dt.date, hi: dt.date, what: str = "") -> None:
    """Refuse a date (or the wall-clock date of a datetime) outside ``lo``..``hi`` with a Chinese message."""
    if value is None:
        return
    day = _as_date(value)
    if not lo <= day <= hi:
        raise ValidationError(
            _("%(what)s应在%(lo)s至%(hi)s之间，当前为%(day)s。")
            % {
                "what": what or _("日期"),
                "lo": lo.isoformat(),
                "hi": hi.isoformat(),
                "day": day.isoformat(),
            },
            code="date_range",
        )


def validate_safe_date(value) -> None:
    check_date_window(value, *SAFE_DATES)


def registration_window(now: dt.datetime | None = None) -> tuple[dt.date, dt.date]:
    """A registration (来访/收信) time lies between the founding of the PRC and tomorrow."""
    today = (now or dt.datetime.now(tz=dt.UTC)).date()
    return FOUNDING, today + dt.timedelta(days=1)


def validate_registration_time(value) -> None:
    check_date_window(value, *registration_window(), what=_("登记时间"))


def install_date_window() -> None:
    """Every form and API date/datetime field refuses dates outside ``SAFE_DATES`` (idempotent)."""
    from django import forms
    from rest_framework import fields

    for field in (forms.DateField, forms.DateTimeField, fields.DateField, fields.DateTimeField):
        if validate_safe_date not in field.default_validators:
            field.default_validators = [*field.default_validators, validate_safe_date]
    if getattr(fields.DateTimeField.enforce_timezone, "checks_window", False):
        return
    enforce_timezone = fields.DateTimeField.enforce_timezone

    def checked_enforce_timezone(self, value):
        validate_safe_date(value)  # DRF's own ambiguity check overflows at year 1 before any validator runs
        return enforce_timezone(self, value)

    checked_enforce_timezone.checks_window = True
    fields.DateTimeField.enforce_timezone = checked_enforce_timezone
