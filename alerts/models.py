"""Early warning (DOMAIN §9): rules configured as data, sensitive periods, the alerts they raise, and runs."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alerts.params import AGGREGATE_KINDS, RuleKind, validate_params
from core.models import BaseModel
from organisations.models import Region, Role, Unit
from petitions.models import Petition


class Severity(models.IntegerChoices):
    NORMAL = 1, _("一般")
    SERIOUS = 2, _("较重")
    GRAVE = 3, _("严重")


class AlertRule(BaseModel):
    """One early-warning rule: a kind plus structured parameters (see ``alerts.params.SCHEMAS``)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("规则类型"), max_length=24, choices=RuleKind.choices)
    enabled = models.BooleanField(_("启用"), default=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    severity = models.PositiveSmallIntegerField(
        _("预警等级"), choices=Severity.choices, default=Severity.SERIOUS
    )
    notify_unit_roles = models.JSONField(
        _("通知岗位"),
        default=list,
        blank=True,
        help_text=_("责任单位中接收预警汇总通知的岗位；不选则只在预警列表中显示。"),
    )
    description = models.TextField(_("说明"), blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.kind:
            try:
                self.params = validate_params(self.kind, self.params)
            except ValidationError as exc:
                errors["params"] = exc.messages
        roles = self.notify_unit_roles
        if not isinstance(roles, list) or any(r not in Role.values for r in roles):
            errors["notify_unit_roles"] = ['通知岗位应为岗位代码的列表，如 ["unit_head", "supervisor"]。']
        if errors:
            raise ValidationError(errors)

    @property
    def is_aggregate(self) -> bool:
        return self.kind in AGGREGATE_KINDS


class SensitivePeriod(BaseModel):
    """A date range (national meetings, holidays) during which every rule is stricter."""

    name = models.CharField(_("名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    threshold_factor = models.DecimalField(
        _("阈值系数"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.10")), MaxValueValidator(Decimal("1.00"))],
        help_text=_(
            "敏感时期内各规则的次数、人数阈值乘以该系数（向上取整），如 0.5 表示阈值减半、从严预警。"
        ),
    )
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("敏感时期")
        verbose_name_plural = _("敏感时期")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="sensitive_period_dates"
            ),
            models.CheckConstraint(
                condition=models.Q(threshold_factor__gt=0, threshold_factor__lte=1),
                name="sensitive_period_factor",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}）"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": ["结束日期不能早于开始日期。"]})


class AlertRun(BaseModel):
    """One evaluation of all enabled rules; alerts point at the run that inserted them."""

    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    evaluated_at = models.DateTimeField(_("评估时点"))
    days = models.PositiveIntegerField(_("统计天数"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    elapsed = models.FloatField(_("用时（秒）"), null=True, blank=True)
    sensitive_period = models.CharField(_("敏感时期"), max_length=100, blank=True)
    counts = models.JSONField(_("各规则数量"), default=dict, blank=True)
    created = models.PositiveIntegerField(_("新增预警"), default=0)
    notified_units = models.PositiveIntegerField(_("通知单位数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)

    class Meta:
        verbose_name = _("预警运行记录")
        verbose_name_plural = _("预警运行记录")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.evaluated_at:%Y-%m-%d %H:%M}"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已确认")
    CLOSED = "closed", _("已关闭")


class Alert(BaseModel):
    """One warning raised by a rule: about a petition, or about a region or category (aggregate rules)."""

    rule = models.ForeignKey(
        AlertRule,
        verbose_name=_("规则"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    run = models.ForeignKey(AlertRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts")
    kind = models.CharField(_("预警类型"), max_length=24, choices=RuleKind.choices)
    severity = models.PositiveSmallIntegerField(
        _("预警等级"), choices=Severity.choices, default=Severity.SERIOUS
    )
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("信访事项"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("问题类别"), max_length=24, blank=True)
    reason = models.TextField(_("预警原因"))
    data = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, editable=False)
    status = models.CharField(_("状态"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    created_at = models.DateTimeField(_("预警时间"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关闭人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    note = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="alert_status_recent"),
            models.Index(fields=["status", "-severity", "-created_at", "-id"], name="alert_status_rank"),
            models.Index(fields=["kind", "status"], name="alert_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(petition__isnull=False) | models.Q(region__isnull=False),
                name="alert_has_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AlertStatus.values), name="alert_status_valid"
            ),
        ]

    def __str__(self):
        return self.reason

    def get_absolute_url(self) -> str:
        """Where the alert points: its petition, or the petitions an aggregate alert counted."""
        if self.petition_id:
            return reverse("petitions:detail", args=[self.petition_id])
        return reverse("alerts:petitions", args=[self.pk])

    @property
    def is_aggregate(self) -> bool:
        return self.petition_id is None

    @property
    def category_label(self) -> str:
        from petitions.models import ProblemCategory

        if self.category in ProblemCategory.values:
            return str(ProblemCategory(self.category).label)
        return self.category
