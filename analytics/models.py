"""Campaigns (专项活动 / 清积, DOMAIN §6): a named scope of cases with dated stage targets.

A campaign's cohort is its scope — e.g. every backlog case — not a registration period. Progress is measured
per unit against each stage target (e.g. 息诉罢访率 ≥ 65 % by 1 月 31 日) by ``analytics.selectors``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import System, Unit
from petitions.models import ProblemCategory, Tag


def target_metric_choices() -> list[tuple[str, str]]:
    from analytics.metrics import RATES

    return [(m.key, m.label) for m in RATES]


# 督办层级, highest first (the same values as supervision.models.Level)
SUPERVISION_LEVELS = [("central", _("中央")), ("province", _("省")), ("city", _("市")), ("county", _("县"))]


def levels_at_or_above(level: str) -> list[str]:
    keys = [key for key, _label in SUPERVISION_LEVELS]
    return keys[: keys.index(level) + 1] if level in keys else []


class Campaign(BaseModel):
    name = models.CharField(_("活动名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    active = models.BooleanField(
        _("进行中"), default=True, help_text=_("进行中的活动在统计分析页面显示进度。")
    )
    backlog_only = models.BooleanField(_("仅积案"), default=True, help_text=_("只统计标记为积案的事项。"))
    tag = models.ForeignKey(
        Tag, verbose_name=_("专题标签"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    system = models.CharField(_("责任系统"), max_length=16, choices=System.choices, blank=True)
    problem_category = models.CharField(
        _("问题类别"), max_length=24, choices=ProblemCategory.choices, blank=True
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位（含下级）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("只统计登记单位或承办单位在该单位及其下级的事项；不选则不限。"),
    )
    registered_from = models.DateField(
        _("登记日期自"), null=True, blank=True, help_text=_("只统计此日及以后登记的事项；不填则不限。")
    )
    registered_to = models.DateField(
        _("登记日期至"), null=True, blank=True, help_text=_("只统计此日及以前登记的事项；不填则不限。")
    )
    unresolved_before = models.DateField(
        _("此日前未化解"),
        null=True,
        blank=True,
        help_text=_("只统计此日前登记、且到此日尚未办结或终结的事项（活动中化解的仍计入）；不填则不限。"),
    )
    supervised_level = models.CharField(
        _("督办层级（含以上）"),
        max_length=12,
        choices=SUPERVISION_LEVELS,
        blank=True,
        help_text=_("只统计被该层级或更高层级督办过的事项；不填则不限。"),
    )

    class Meta:
        verbose_name = _("专项活动")
        verbose_name_plural = _("专项活动")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_dates_ordered"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = [_("结束日期不能早于开始日期。")]
        if self.registered_from and self.registered_to and self.registered_to < self.registered_from:
            errors["registered_to"] = [_("登记日期止不能早于登记日期起。")]
        if errors:
            raise ValidationError(errors)


class CampaignTarget(BaseModel):
    """One stage target: by ``due_on`` the metric must reach ``target`` percent."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="targets"
    )
    due_on = models.DateField(_("阶段截止日期"))
    metric = models.CharField(
        _("考核指标"), max_length=40, default="settled_rate", choices=target_metric_choices
    )
    target = models.DecimalField(
        _("目标值（%）"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("阶段目标")
        verbose_name_plural = _("阶段目标")
        ordering = ["campaign", "due_on", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "due_on", "metric"], name="campaign_target_unique"),
            models.CheckConstraint(
                condition=models.Q(target__gte=0) & models.Q(target__lte=100), name="campaign_target_percent"
            ),
        ]

    def __str__(self):
        return f"{self.due_on:%Y-%m-%d} {self.get_metric_display()} ≥ {self.target}%"


class DataVersion(BaseModel):
    """One row whose ``version`` grows whenever data behind the figures changes (petitions, their access rows
    and tags, units, regions, memberships, campaigns). Database triggers bump it when a writing transaction
    commits, so a figure cached under a version is never older than that version."""

    version = models.BigIntegerField(_("数据版本"), default=0)
    changed_at = models.DateTimeField(_("变动时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("统计数据版本")
        verbose_name_plural = _("统计数据版本")

    def __str__(self):
        return str(self.version)


class RegionVersion(BaseModel):
    """The data version of one region (a GB/T 2260 code): it grows when a transaction that changes a petition
    the region's units or 政法委 may see commits (the petition, its access rows, tags, chosen-case and
    supervision rows). The petition's problem and residence regions and the regions of the units on its access
    rows are bumped. A scope's figures are cached under the versions of the regions it spans plus
    ``DataVersion`` (units, regions, memberships, tags, campaigns: anything that reshapes scopes), so a write
    in one county leaves another city's figures warm. See migration 0007."""

    region_id = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    version = models.BigIntegerField(_("数据版本"), default=0)
    changed_at = models.DateTimeField(_("变动时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("地区统计数据版本")
        verbose_name_plural = _("地区统计数据版本")

    def __str__(self):
        return f"{self.region_id}: {self.version}"
