"""Session bookkeeping: a login records its session; deactivating a user or changing a password ends them all.

This hooks the model rather than one form, so the admin, the shell and any service end sessions alike. Django
itself also refuses a session whose user is inactive or whose password hash changed; removing the stored
sessions makes that immediate and leaves nothing to replay.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts import services
from accounts.middleware import remember_login
from accounts.models import UserSession

User = get_user_model()


@receiver(user_logged_in, dispatch_uid="accounts-session-recorded")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if not request.session.session_key:
            request.session.save()
        services.session_recorded(user=user, session_key=request.session.session_key)
        remember_login(request, user)


@receiver(user_logged_out, dispatch_uid="accounts-session-forgotten")
def _logged_out(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


@receiver(pre_save, sender=User, dispatch_uid="accounts-user-before")
def _remember_credentials(sender, instance, raw=False, **kwargs):
    instance._accounts_before = None
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None or (update_fields and not {"is_active", "password"} & set(update_fields)):
        return
    instance._accounts_before = (
        User.objects.filter(pk=instance.pk).values_list("is_active", "password").first()
    )


@receiver(post_save, sender=User, dispatch_uid="accounts-user-after")
def _end_sessions(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_accounts_before", None)
    if raw or created or before is None:
        return
    was_active, old_password = before
    if (was_active and not instance.is_active) or old_password != instance.password:
        services.user_sessions_revoke(user=instance)
