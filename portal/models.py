"""The petitioner's own evaluation of a reply, given through the portal (DOMAIN §7, §8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from handling.models import Reply, Satisfaction
from petitions.models import Petition


class Evaluation(BaseModel):
    """满意/基本满意/不满意, for the receiving office and the handling unit separately; once per reply."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="portal_evaluations")
    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="portal_evaluations")
    satisfaction_office = models.CharField(_("对接访部门满意度"), max_length=12, choices=Satisfaction.choices)
    satisfaction_unit = models.CharField(_("对责任单位满意度"), max_length=12, choices=Satisfaction.choices)
    unsatisfied_reason = models.TextField(_("不满意原因"), blank=True)
    at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("网上评价")
        verbose_name_plural = _("网上评价")
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["reply"], name="portal_evaluation_once_per_reply")]
