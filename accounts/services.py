"""Writes of account security: two-factor enrolment, recovery codes, disabling, ending a user's sessions.

Each function runs in one transaction. Login, failure and lockout are announced by Django's and axes' signals
(``user_logged_in``, ``user_login_failed``, ``user_locked_out``) for the audit log to record.
"""

from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import UserSession
from accounts.policy import two_factor_required
from core.errors import DomainError

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def normalize_token(token: str) -> str:
    """Codes are typed with spaces or dashes now and then (“123 456”, “abcd-efgh”)."""
    return "".join(ch for ch in (token or "") if ch.isalnum()).lower()


@transaction.atomic
def totp_enrolment_start(*, user) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed device per user, kept across page reloads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code it shows; replaces any earlier authenticator and issues
    fresh recovery codes (returned once, to be shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        raise DomainError(_("没有正在设置的身份验证器，请重新开始设置。"), code="no_pending_device")
    if not device.verify_token(normalize_token(token)):
        raise DomainError(
            _("验证码不正确或已过期，请输入身份验证器当前显示的6位数字。"), code="invalid_token"
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Replace the user's recovery codes with ``RECOVERY_CODE_COUNT`` new single-use ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def two_factor_check(*, user, token: str):
    """The device that accepts ``token`` (an authenticator code, or a recovery code, which is used up), or None.

    Each device throttles failures (django-otp doubles the wait after each one) and an authenticator code
    is accepted once only."""
    token = normalize_token(token)
    if not token:
        return None
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True)) if token.isdigit() else []
    devices += list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        if verify_token(user, device.persistent_id, token) is not None:
            return device
    return None


@transaction.atomic
def two_factor_disable(*, user, token: str) -> None:
    """Turn two-factor authentication off, proven by a current code; refused for those who must use it."""
    if two_factor_required(user):
        raise DomainError(
            _("您的岗位必须使用双因素认证，不能关闭。更换手机时请重新设置身份验证器。"), code="2fa_mandatory"
        )
    if two_factor_check(user=user, token=token) is None:
        raise DomainError(_("验证码不正确，双因素认证未关闭。"), code="invalid_token")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def session_recorded(*, user, session_key: str) -> None:
    if session_key:
        UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


@transaction.atomic
def user_sessions_revoke(*, user, keep: str | None = None) -> int:
    """End every session of ``user`` (except ``keep``) in the configured session store; return how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = UserSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    return len(keys)
