"""The working-day calendar's overrides and the time-limit policy (DOMAIN §5)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import System


class CalendarDay(BaseModel):
    """An administrator's decision about one day; wins over the official schedule of ``chinese_calendar``.

    It is the only source for years the package does not know yet: enter that year's holidays (休息日) and the
    weekend days made working days (调休上班).
    """

    date = models.DateField(_("日期"), unique=True)
    is_working = models.BooleanField(_("是否工作日"), help_text=_("勾选为上班（含调休上班），不勾选为休息。"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("如：春节、国庆节调休上班"))

    class Meta:
        verbose_name = _("工作日历调整")
        verbose_name_plural = _("工作日历调整")
        ordering = ["date"]

    def __str__(self):
        kind = _("上班") if self.is_working else _("休息")
        return f"{self.date:%Y-%m-%d} {kind}{'（' + self.note + '）' if self.note else ''}"


class Counting(models.TextChoices):
    CALENDAR = "calendar", _("自然日")
    WORKING = "working", _("工作日")


class Step(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理告知")
    HANDLING = "handling", _("办理")
    EXTENSION = "extension", _("延期")
    REVIEW_REQUEST = "review_request", _("申请复查")
    REVIEW = "review", _("复查")
    REREVIEW_REQUEST = "rereview_request", _("申请复核")
    REREVIEW = "rereview", _("复核")
    PROCURATORATE_PROCEDURAL_REPLY = "procuratorate_procedural_reply", _("程序性答复")
    PROCURATORATE_RESULT = "procuratorate_result", _("办理结果答复")


ALL_SYSTEMS = ""
SYSTEM_CHOICES = [(ALL_SYSTEMS, _("全部系统（默认）")), *System.choices]


class DeadlineStatus(models.TextChoices):
    """Where an open deadline stands; the moderate and serious levels come from the rule."""

    ON_TIME = "on_time", _("正常")
    WARNING = "warning", _("临期")
    OVERDUE = "overdue", _("逾期")
    MODERATE = "moderate", _("逾期较长")
    SERIOUS = "serious", _("严重逾期")


class TimeLimitRule(BaseModel):
    """How long a step may take, for one system or (system "") for all systems without their own rule."""

    system = models.CharField(
        _("适用系统"), max_length=16, choices=SYSTEM_CHOICES, blank=True, default=ALL_SYSTEMS
    )
    step = models.CharField(_("环节"), max_length=40, choices=Step.choices)
    days = models.PositiveSmallIntegerField(_("期限（日）"), validators=[MinValueValidator(1)])
    counting = models.CharField(
        _("计算方式"), max_length=16, choices=Counting.choices, default=Counting.CALENDAR
    )
    extension_days = models.PositiveSmallIntegerField(
        _("最长可延期（日）"), default=0, help_text=_("经批准最多可延长的天数；0 表示不得延期。")
    )
    warn_days_before = models.PositiveSmallIntegerField(
        _("提前预警（日）"), default=3, help_text=_("距期限届满还剩该天数（按同一计算方式）时预警。")
    )
    moderate_overdue_days = models.PositiveSmallIntegerField(
        _("逾期较长（日）"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("逾期达到该天数视为逾期较长。"),
    )
    serious_overdue_days = models.PositiveSmallIntegerField(
        _("严重逾期（日）"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("逾期达到该天数视为严重逾期。"),
    )
    note = models.CharField(
        _("依据"), max_length=200, blank=True, help_text=_("如：《信访工作条例》第三十四条")
    )

    class Meta:
        verbose_name = _("期限规则")
        verbose_name_plural = _("期限规则")
        ordering = ["system", "step"]
        constraints = [
            models.UniqueConstraint(fields=["system", "step"], name="deadlines_rule_unique_system_step"),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="deadlines_rule_days_positive"),
            models.CheckConstraint(
                condition=models.Q(moderate_overdue_days__gte=1)
                & models.Q(serious_overdue_days__gte=models.F("moderate_overdue_days")),
                name="deadlines_rule_overdue_levels_ordered",
            ),
        ]

    def __str__(self):
        system = self.get_system_display()
        return f"{system} · {self.get_step_display()} · {self.days}{self.get_counting_display()}"

    def clean(self):
        super().clean()
        if (
            self.moderate_overdue_days is not None
            and self.serious_overdue_days is not None
            and self.serious_overdue_days < self.moderate_overdue_days
        ):
            raise ValidationError(
                {"serious_overdue_days": _("严重逾期天数不得小于逾期较长天数。")}, code="overdue_levels"
            )
