"""Authentication events are raised by Django and django-axes, not by our services: record them here.

This is the one place the audit log listens to signals; every other act is recorded by the service doing it.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.client import client_of
from audit.models import Act
from audit.services import audit_record


def _tried_name(credentials) -> str:
    from django.contrib.auth import get_user_model

    field = get_user_model().USERNAME_FIELD
    value = (credentials or {}).get(field) or (credentials or {}).get("username") or ""
    return str(value)[:150]


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit_record(act=Act.LOGIN, actor=user, obj=user, client=client_of(request) if request else None)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    audit_record(act=Act.LOGOUT, actor=user, obj=user, client=client_of(request) if request else None)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        act=Act.LOGIN_FAILED,
        actor_name=_tried_name(credentials),
        client=client_of(request) if request else None,
    )


def _axes_lockout_signal():
    """django-axes (account lockout) is configured elsewhere: its signal module imports its models, so it can
    only be connected when the app is installed."""
    from django.apps import apps

    if not apps.is_installed("axes"):
        return None
    try:
        from axes.signals import user_locked_out
    except ImportError:  # pragma: no cover
        return None
    return user_locked_out


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    audit_record(
        act=Act.LOCKOUT,
        actor_name=str(username or "")[:150],
        details={"ip_address": str(ip_address or "")},
        client=client_of(request) if request else None,
    )


_lockout = _axes_lockout_signal()
if _lockout is not None:
    _lockout.connect(_locked_out, dispatch_uid="audit_lockout")
