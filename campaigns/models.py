"""专项活动 beyond what ``analytics.Campaign`` holds (DOMAIN §6): chosen cases, phases, inspections with their
rectification tasks, and typical cases. Figures stay in ``analytics``; the cohort is ``analytics.selectors
.campaign_cohort``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from analytics.models import Campaign
from core.models import BaseModel
from organisations.models import Unit
from petitions.models import Petition

USER = settings.AUTH_USER_MODEL


class CampaignCase(BaseModel):
    """A case chosen for a campaign: when a campaign has any, its cohort is exactly these cases."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="chosen_cases"
    )
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="campaign_choices")
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动选定案件")
        verbose_name_plural = _("活动选定案件")
        constraints = [models.UniqueConstraint(fields=["campaign", "petition"], name="campaign_case_unique")]


class PhaseKind(models.TextChoices):
    MOBILISE = "mobilise", _("动员部署")
    RESOLVE = "resolve", _("集中化解")
    INSPECT = "inspect", _("检查验收")
    COMMEND = "commend", _("考核表彰")


PHASE_ORDER = [k for k, _label in PhaseKind.choices]


class Phase(BaseModel):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("阶段"), max_length=12, choices=PhaseKind.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("活动阶段")
        verbose_name_plural = _("活动阶段")
        ordering = ["campaign", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="campaign_phase_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="phase_dates"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on:%Y-%m-%d}—{self.ends_on:%Y-%m-%d}"


class InspectionKind(models.TextChoices):
    UNANNOUNCED = "unannounced", _("明察暗访")
    CROSS = "cross", _("交叉检查")
    SPOT = "spot", _("重点抽查")


class Inspection(BaseModel):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项活动"), on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(_("检查方式"), max_length=12, choices=InspectionKind.choices)
    inspecting_unit = models.ForeignKey(
        Unit, verbose_name=_("检查单位"), on_delete=models.PROTECT, related_name="inspections_made"
    )
    inspected_unit = models.ForeignKey(
        Unit, verbose_name=_("被检查单位"), on_delete=models.PROTECT, related_name="inspections_received"
    )
    inspected_on = models.DateField(_("检查日期"))
    findings = models.TextField(_("发现问题"))
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("涉及案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("检查记录")
        verbose_name_plural = _("检查记录")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["campaign", "inspected_on"], name="campaign_inspection_date")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.inspected_unit} {self.inspected_on:%Y-%m-%d}"


class RectificationTask(BaseModel):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查记录"), on_delete=models.CASCADE, related_name="tasks"
    )
    description = models.TextField(_("整改要求"))
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("整改单位"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(USER, verbose_name=_("整改责任人"), on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("整改期限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    note = models.TextField(_("整改情况"), blank=True)

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["owner", "done_at"], name="rectification_owner_open")]


class TypicalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待评审")
    SELECTED = "selected", _("已入选")
    RETURNED = "returned", _("已退回")


class TypicalCase(BaseModel):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项活动"), on_delete=models.PROTECT, related_name="typical_cases"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="+")
    petition = models.ForeignKey(Petition, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=100)
    summary = models.TextField(_("案情摘要"))
    what_worked = models.TextField(_("经验做法"))
    status = models.CharField(_("状态"), max_length=12, choices=TypicalStatus.choices, default="submitted")
    review_reason = models.TextField(_("评审意见"), blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "petition"], name="typical_case_unique"),
        ]

    def __str__(self):
        return self.title


class ScopeChange(BaseModel):
    """One change of a campaign's scope by filter, with the values before and after (an append-only record)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="scope_changes"
    )
    changed_by = models.ForeignKey(USER, verbose_name=_("修改人"), on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("修改时间"), auto_now_add=True)
    before = models.JSONField(_("修改前"), default=dict)
    after = models.JSONField(_("修改后"), default=dict)

    class Meta:
        verbose_name = _("活动范围变更")
        verbose_name_plural = _("活动范围变更")
        ordering = ["-changed_at", "-id"]
