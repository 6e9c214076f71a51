"""Sending notifications: in-app rows now, e-mail after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from organisations.models import Membership


def notify_unit(*, unit, roles, title: str, body: str = "", kind: str, petition=None) -> int:
    """Notify everyone holding one of ``roles`` in ``unit``. Returns the number of people notified."""
    memberships = (
        Membership.objects.filter(unit=unit, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    users = list({m.user_id: m.user for m in memberships}.values())
    return notify_users(users=users, unit=unit, title=title, body=body, kind=kind, petition=petition)


def notify_users(*, users, unit=None, title: str, body: str = "", kind: str, petition=None) -> int:
    Notification.objects.bulk_create(
        [Notification(user=u, unit=unit, petition=petition, kind=kind, title=title, body=body) for u in users]
    )
    mails = [(title, body or title, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(users)


def mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
