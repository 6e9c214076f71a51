"""Quality review of the original cases behind a petition (评查), look-back reviews (逢访必查), rectification
tasks and accountability records (责任追究) (DOMAIN §7).

Rows here are written only by ``quality.services``; every write also appends a timeline event.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Unit
from petitions.models import CourtInstance, Petition

USER = settings.AUTH_USER_MODEL


class ReviewKind(models.TextChoices):
    QUALITY = "quality", _("案件评查")
    LOOKBACK = "lookback", _("逢访必查")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("评查中")
    CONCLUDED = "concluded", _("已结束")


class CaseStage(models.TextChoices):
    """The stage of the original case a reviewed case is: the court instances, enforcement and 复查."""

    FIRST = "first", _("一审")
    SECOND = "second", _("二审")
    RETRIAL = "retrial", _("再审")
    ENFORCEMENT = "enforcement", _("执行")
    REVIEW = "review", _("复查")


class Grade(models.TextChoices):
    FIRST = "first", _("一类")
    SECOND = "second", _("二类")
    THIRD = "third", _("三类")


class Aspect(models.TextChoices):
    FACTS = "facts", _("事实认定")
    EVIDENCE = "evidence", _("证据采信")
    LAW = "law", _("适用法律")
    PROCEDURE = "procedure", _("办案程序")
    DOCUMENTS = "documents", _("法律文书")
    ENFORCEMENT = "enforcement", _("执行")


class LookbackLevel(models.TextChoices):
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")


class Sanction(models.TextChoices):
    CRITICISM = "criticism", _("通报批评")
    ADMONISHMENT = "admonishment", _("诫勉谈话")
    WARNING = "warning", _("警告")
    DEMERIT = "demerit", _("记过")
    MAJOR_DEMERIT = "major_demerit", _("记大过")
    DEMOTION = "demotion", _("降级")
    DISMISSAL = "dismissal", _("撤职")
    EXPULSION = "expulsion", _("开除")
    OTHER = "other", _("其他")


class Review(BaseModel):
    """One 评查 (or 逢访必查) of a petition's original handling, opened by a reviewing unit."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="quality_reviews")
    kind = models.CharField(
        _("评查类型"), max_length=12, choices=ReviewKind.choices, default=ReviewKind.QUALITY
    )
    unit = models.ForeignKey(Unit, verbose_name=_("评查单位"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("评查事由"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    conclusion = models.TextField(_("评查结论"), blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("启动时间"))
    concluded_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("案件评查")
        verbose_name_plural = _("案件评查")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["unit", "-opened_at"], name="quality_review_unit")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.petition.number}"


class ReviewedCase(BaseModel):
    """One original case (一审/二审/再审/执行/复查) under review, and its grade once the reviewer decides."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="cases")
    source = models.ForeignKey(
        CourtInstance,
        verbose_name=_("原案记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage = models.CharField(_("审级/阶段"), max_length=12, choices=CaseStage.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("办案单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField(_("办案单位名称"), max_length=100)
    case_number = models.CharField(_("案号"), max_length=64)
    handler = models.CharField(_("承办人"), max_length=50, blank=True)
    grade = models.CharField(_("评查等次"), max_length=8, choices=Grade.choices, blank=True, default="")
    conclusion = models.TextField(_("评查意见"), blank=True)
    graded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    graded_at = models.DateTimeField(_("定等时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("被评查案件")
        verbose_name_plural = _("被评查案件")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__in=["", "first", "second", "third"]),
                name="quality_case_grade_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(grade="") | models.Q(graded_at__isnull=False),
                name="quality_case_graded_at",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} {self.case_number}"


class Finding(BaseModel):
    """What the reviewer found on one aspect of a reviewed case."""

    case = models.ForeignKey(ReviewedCase, on_delete=models.CASCADE, related_name="findings")
    aspect = models.CharField(_("评查项目"), max_length=12, choices=Aspect.choices)
    has_problem = models.BooleanField(_("存在问题"), default=False)
    text = models.TextField(_("评查情况"))

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "aspect"], name="quality_finding_once")]


class LookbackCheck(BaseModel):
    """逢访必查: one level that handled the matter, and whether 事实清、责任清、问题清 are cleared."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="checks")
    level = models.CharField(_("层级"), max_length=12, choices=LookbackLevel.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    facts_clear = models.BooleanField(_("事实清"), default=False)
    responsibility_clear = models.BooleanField(_("责任清"), default=False)
    problem_clear = models.BooleanField(_("问题清"), default=False)
    note = models.TextField(_("倒查情况"), blank=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["review", "level"], name="quality_check_level_once")]

    @property
    def cleared(self) -> bool:
        return self.facts_clear and self.responsibility_clear and self.problem_clear


class RectificationTask(BaseModel):
    """整改任务 following a review: what to fix, who owns it and by when; completion is recorded."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="tasks")
    case = models.ForeignKey(
        ReviewedCase,
        verbose_name=_("被评查案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    description = models.TextField(_("整改要求"))
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        USER, verbose_name=_("责任人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("整改期限"), db_index=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    completion_note = models.TextField(_("整改情况"), blank=True)

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(
                fields=["owner_unit", "deadline"],
                name="quality_task_open",
                condition=models.Q(completed_at__isnull=True),
            )
        ]

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class Accountability(BaseModel):
    """责任追究: an officer of the reviewed unit, the error, the sanction and who decided it when."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="accountabilities")
    review = models.ForeignKey(
        Review,
        verbose_name=_("评查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountabilities",
    )
    case = models.ForeignKey(
        ReviewedCase,
        verbose_name=_("被评查案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountabilities",
    )
    officer = models.ForeignKey(USER, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    error = models.TextField(_("错误事实"))
    sanction = models.CharField(_("处理方式"), max_length=16, choices=Sanction.choices)
    decision_body = models.CharField(_("决定机关"), max_length=100)
    decided_on = models.DateField(_("决定日期"), db_index=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("责任追究")
        verbose_name_plural = _("责任追究")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review__isnull=False) | models.Q(case__isnull=False),
                name="quality_accountability_linked",
            ),
        ]
