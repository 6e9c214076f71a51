"""Who must use two-factor authentication (DOMAIN: administrators, 督办员 and 领导) and who has turned it on."""

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.models import Membership, Role

MANDATORY_ROLES = (Role.SYSADMIN, Role.SUPERVISOR, Role.LEADER)


def two_factor_mandatory(user) -> bool:
    """Administrators (staff, superusers, 系统管理员), 督办员 and 领导 — whatever the setting says."""
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=MANDATORY_ROLES).exists()


def two_factor_required(user) -> bool:
    """Whether this user may not use the platform without a second factor (production: ``XINFANG_REQUIRE_2FA``)."""
    return settings.XINFANG_REQUIRE_2FA and two_factor_mandatory(user)


def two_factor_enabled(user) -> bool:
    """The user has a confirmed authenticator (recovery codes alone do not count as enrolled)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_any_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def two_factor_state(user) -> str:
    """What a signed-in session of ``user`` needs: "verify" a code (enrolled), "setup" (must, not enrolled) or "ok"."""
    if two_factor_enabled(user):
        return "verify"
    return "setup" if two_factor_required(user) else "ok"
