"""Circulars (通报), assessment (考核), case conferences (会商研判) and return visits (两查一访一满意), DOMAIN §6.

Rules an administrator edits are data: the praise/criticism rules of circulars and the assessment schemes
(indicators with weights, deductions, veto conditions). Circulars are numbered per issuing unit and year from a
counter row taken under a lock, kept with their figures and their document, and sent to the units they name.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from analytics.models import Campaign
from core.models import BaseModel
from organisations.models import Unit, UnitLevel
from petitions.models import Petition

# ------------------------------------------------------------------------------------------------ meetings


class Meeting(BaseModel):
    """A 会商研判 meeting of a unit: who attended, which cases were discussed, what was decided."""

    unit = models.ForeignKey(Unit, verbose_name=_("召集单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("会议名称"), max_length=100)
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("参会人员"), related_name="+")
    petitions = models.ManyToManyField(Petition, verbose_name=_("研判案件"), related_name="+")
    decisions = models.TextField(_("会商意见"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会商研判")
        verbose_name_plural = _("会商研判")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title


class MeetingTask(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    petition = models.ForeignKey(
        Petition, verbose_name=_("案件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("任务"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    result = models.TextField(_("完成情况"), blank=True)

    class Meta:
        verbose_name = _("会商任务")
        verbose_name_plural = _("会商任务")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["owner", "deadline"], name="meeting_task_open",
                                condition=models.Q(done_at__isnull=True))]  # fmt: skip

    def __str__(self):
        return self.description


# ------------------------------------------------------------------------------------------------ circulars


class CircularKind(models.TextChoices):
    WEEKLY = "weekly", _("周通报")
    HALF_MONTHLY = "half_monthly", _("半月通报")
    MONTHLY = "monthly", _("月通报")
    CAMPAIGN = "campaign", _("专项活动通报")


class Verdict(models.TextChoices):
    PRAISE = "praise", _("通报表扬")
    CRITICISE = "criticise", _("通报批评")


class RuleKind(models.TextChoices):
    RANK_TOP = "rank_top", _("排名前列（名次≤阈值）")
    RATE_AT_LEAST = "rate_at_least", _("排名指标≥阈值（%）")
    RATE_BELOW = "rate_below", _("排名指标<阈值（%）")
    OVERDUE_OPEN = "overdue_open", _("超期未结件数≥阈值")
    OVERDUE_SUPERVISED = "overdue_supervised", _("督办案件超期件数≥阈值")
    STALE_SUPERVISED = "stale_supervised", _("督办案件连续N天无进展件数≥阈值")
    FOUND_UNSETTLED = "found_unsettled", _("回访发现“报结未息”件数≥阈值")


class CircularRule(BaseModel):
    """A praise or criticism rule of circulars, edited by an administrator."""

    name = models.CharField(_("规则名称"), max_length=60)
    kind = models.CharField(_("条件"), max_length=24, choices=RuleKind.choices)
    verdict = models.CharField(_("结论"), max_length=12, choices=Verdict.choices)
    threshold = models.DecimalField(_("阈值"), max_digits=7, decimal_places=1)
    days = models.PositiveSmallIntegerField(_("天数"), default=15, help_text=_("“无进展”条件的天数。"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("通报规则")
        verbose_name_plural = _("通报规则")
        ordering = ["verdict", "id"]

    def __str__(self):
        return self.name


class DocumentCounter(BaseModel):
    """The last circular number issued per unit and year; incremented under a row lock."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="circular_counter_unique")]


class Circular(BaseModel):
    issuer = models.ForeignKey(Unit, verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文号"), max_length=64)
    kind = models.CharField(_("类型"), max_length=16, choices=CircularKind.choices)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("专项活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_from = models.DateField(_("期间自"))
    period_to = models.DateField(_("期间至"))
    title = models.CharField(_("标题"), max_length=120)
    content = models.JSONField(_("内容"), default=dict)
    file = models.FileField(_("文件"), upload_to="circulars/%Y/", max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("由命令行签发时为空。"),
    )  # fmt: skip
    issued_at = models.DateTimeField(_("签发时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "sequence"], name="circular_number_unique"),
            models.CheckConstraint(condition=models.Q(period_to__gte=models.F("period_from")),
                                   name="circular_period_ordered"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.number} {self.title}"


class CircularRecipient(BaseModel):
    """A unit the circular names (praised, criticised or listed); its reading is recorded."""

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("结论"), max_length=12, choices=Verdict.choices, blank=True)
    reasons = models.JSONField(_("理由"), default=list)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("通报送达单位")
        verbose_name_plural = _("通报送达单位")
        constraints = [models.UniqueConstraint(fields=["circular", "unit"], name="circular_recipient_unique")]


class Explanation(BaseModel):
    """书面说明: owed by the head of a unit criticised in consecutive circulars; tracked until submitted."""

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="explanations")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("提交期限"))
    text = models.TextField(_("书面说明"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("书面说明")
        verbose_name_plural = _("书面说明")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["circular", "unit"], name="explanation_unique")]


# ------------------------------------------------------------------------------------------------ return visits


class ReturnVisitVerdict(models.TextChoices):
    SETTLED = "settled", _("确已息诉罢访")
    UNSETTLED = "unsettled", _("报结未息")


class ReturnVisit(BaseModel):
    """两查一访一满意: a committee's own return visit to a case its units reported settled."""

    petition = models.ForeignKey(Petition, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey(
        Unit, verbose_name=_("回访单位"), on_delete=models.PROTECT, related_name="+"
    )
    handling_unit = models.ForeignKey(
        Unit, verbose_name=_("报结单位"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sampled_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)
    visited_on = models.DateField(_("回访日期"), null=True, blank=True)
    verdict = models.CharField(_("回访结论"), max_length=12, choices=ReturnVisitVerdict.choices, blank=True)
    note = models.TextField(_("回访情况"), blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("回访核查")
        verbose_name_plural = _("回访核查")
        ordering = ["-sampled_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["petition", "committee"], name="return_visit_unique")]


# ------------------------------------------------------------------------------------------------ assessment


ASSESSABLE_METRICS = [
    "settled_rate",
    "on_time_close_rate",
    "timely_acceptance_rate",
    "on_time_reply_rate",
    "participation_rate",
    "satisfaction_rate",
    "first_time_rate",
    "close_rate",
]


def indicator_choices():
    from analytics.metrics import BY_KEY

    return [(k, BY_KEY[k].label) for k in ASSESSABLE_METRICS]


class CountKind(models.TextChoices):
    TO_BEIJING = "to_beijing", _("进京访")
    SKIP_LEVEL = "skip_level", _("越级访（含赴省、进京）")
    GROUP = "group", _("集体访")
    ABNORMAL = "abnormal", _("非正常访")
    OVERDUE_OPEN = "overdue_open", _("超期未结")
    FOUND_UNSETTLED = "found_unsettled", _("回访发现报结未息")


class AssessmentScheme(BaseModel):
    name = models.CharField(_("方案名称"), max_length=80)
    level = models.CharField(_("考核层级"), max_length=16, choices=UnitLevel.choices, default=UnitLevel.CITY)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-active", "name"]

    def __str__(self):
        return self.name


class Indicator(BaseModel):
    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="indicators")
    metric = models.CharField(_("指标"), max_length=40, choices=indicator_choices)
    weight = models.DecimalField(_("权重（分）"), max_digits=5, decimal_places=1,
                                 validators=[MinValueValidator(0)])  # fmt: skip

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "metric"], name="indicator_unique")]


class Deduction(BaseModel):
    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="deductions")
    kind = models.CharField(_("扣分事项"), max_length=20, choices=CountKind.choices)
    points_each = models.DecimalField(_("每件扣分"), max_digits=5, decimal_places=1,
                                      validators=[MinValueValidator(0)])  # fmt: skip
    cap = models.DecimalField(_("最多扣分"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("扣分项")
        verbose_name_plural = _("扣分项")
        ordering = ["id"]


class Veto(BaseModel):
    """一票否决: when a unit's count of ``kind`` reaches ``threshold``, its score is 0."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="vetoes")
    kind = models.CharField(_("否决事项"), max_length=20, choices=CountKind.choices)
    threshold = models.PositiveIntegerField(_("达到件数"), default=1)

    class Meta:
        verbose_name = _("一票否决项")
        verbose_name_plural = _("一票否决项")
        ordering = ["id"]
