"""调解 (三调联动): people's, administrative and judicial mediation of a petition's dispute."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Unit


class MediationKind(models.TextChoices):
    PEOPLE = "people", _("人民调解")
    ADMINISTRATIVE = "administrative", _("行政调解")
    JUDICIAL = "judicial", _("司法调解")


class MediationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("调解中")
    AGREED = "agreed", _("达成协议")
    FAILED = "failed", _("调解不成")


class Mediation(BaseModel):
    petition = models.ForeignKey(
        "petitions.Petition", verbose_name=_("信访事项"), on_delete=models.PROTECT, related_name="mediations"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("调解类型"), max_length=16, choices=MediationKind.choices)
    organisation = models.CharField(_("调解组织"), max_length=100)
    mediator = models.CharField(_("调解员"), max_length=50)
    status = models.CharField(
        _("状态"), max_length=16, choices=MediationStatus.choices, default=MediationStatus.IN_PROGRESS
    )
    agreement = models.TextField(_("调解协议内容"), blank=True)
    result = models.TextField(_("调解结果"), blank=True)
    concluded_on = models.DateField(_("结束日期"), null=True, blank=True)
    confirmed = models.BooleanField(_("已司法确认"), default=False)
    confirmation_court = models.CharField(_("确认法院"), max_length=100, blank=True)
    confirmation_number = models.CharField(_("确认裁定书案号"), max_length=64, blank=True)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("启动时间"))

    class Meta:
        verbose_name = _("调解")
        verbose_name_plural = _("调解")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="mediation_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confirmed=False) | models.Q(status="agreed"),
                name="mediation_confirm_agreed",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.organisation}"


class MediationSession(BaseModel):
    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("调解日期"))
    place = models.CharField(_("地点"), max_length=100)
    participants = models.TextField(_("参加人员"), blank=True)
    notes = models.TextField(_("调解情况"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "id"]
