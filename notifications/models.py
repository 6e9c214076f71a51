"""In-app notifications (催办, new assignments, approvals waiting) and the reminder ledger of the sweep."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Unit
from petitions.models import Petition


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("交办")
    RETURNED = "returned", _("退回")
    APPROVAL = "approval", _("待审批")
    DECIDED = "decided", _("审批结果")
    REMINDER = "reminder", _("催办")
    INFO = "info", _("通知")


class Notification(BaseModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    unit = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    petition = models.ForeignKey(Petition, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            )
        ]


class ReminderLevel(models.TextChoices):
    WARNING = "warning", _("临期提醒")
    OVERDUE = "overdue", _("逾期催办")
    MODERATE = "moderate", _("逾期较长催办")
    SERIOUS = "serious", _("严重逾期催办")


class Reminder(BaseModel):
    """One reminder level sent for one deadline of one petition: the sweep never sends the same one twice."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    level = models.CharField(max_length=10, choices=ReminderLevel.choices)
    unit = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    # set in the transaction that writes the reminder's digest notification; empty means the digest is owed
    # (the sweep that recorded it died before its digests): the next sweep sends it
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "due_at", "level"], name="reminder_once")]
        indexes = [
            models.Index(
                fields=["id"], name="reminder_digest_owed", condition=models.Q(digested_at__isnull=True)
            )
        ]
