"""司法救助 (judicial aid): applications, their approval chain by amount, payments and yearly budgets per unit.

Amounts are exact decimals in yuan with fen (two places), never floats."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Role, Unit

MONEY = {"max_digits": 14, "decimal_places": 2}


class AidBudget(BaseModel):
    """A unit's judicial-aid budget for one year. ``granted`` and ``paid`` are kept exact under a row lock."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="aid_budgets"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("年度预算（元）"), **MONEY)
    granted = models.DecimalField(_("已批准（元）"), default=Decimal("0.00"), **MONEY)
    paid = models.DecimalField(_("已发放（元）"), default=Decimal("0.00"), **MONEY)

    class Meta:
        verbose_name = _("司法救助年度预算")
        verbose_name_plural = _("司法救助年度预算")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="aid_budget_unique"),
            models.CheckConstraint(
                condition=models.Q(granted__lte=models.F("amount")), name="aid_budget_granted"
            ),
            models.CheckConstraint(condition=models.Q(paid__lte=models.F("granted")), name="aid_budget_paid"),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.granted


class AidApprovalLevel(BaseModel):
    """One step of a unit's approval chain: needed when the amount is at least ``min_amount`` (data per unit).

    Without any row, a unit's chain is one step by its 部门负责人."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="aid_levels"
    )
    level = models.PositiveSmallIntegerField(_("审批顺序"))
    min_amount = models.DecimalField(_("起始金额（元）"), **MONEY)
    role = models.CharField(_("审批角色"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("司法救助审批层级")
        verbose_name_plural = _("司法救助审批层级")
        ordering = ["unit", "level"]
        constraints = [models.UniqueConstraint(fields=["unit", "level"], name="aid_level_unique")]

    def __str__(self):
        return f"{self.unit} {self.level}: ≥{self.min_amount} {self.get_role_display()}"


class AidStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审查")
    APPROVING = "approving", _("审批中")
    APPROVED = "approved", _("已批准待发放")
    PAID = "paid", _("已发放")
    REFUSED = "refused", _("不予救助")


class Relation(models.TextChoices):
    SELF = "self", _("本人（被害人）")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    OTHER_RELATIVE = "relative", _("其他近亲属")
    DEPENDANT = "dependant", _("被扶养人")


class AidApplication(BaseModel):
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("信访事项"),
        on_delete=models.PROTECT,
        related_name="aid_applications",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    applicant_name = models.CharField(_("申请人"), max_length=50)
    relation = models.CharField(_("与被害人关系"), max_length=16, choices=Relation.choices)
    harm = models.TextField(_("受到的损害"))
    hardship = models.TextField(_("生活困难情况"))
    amount_requested = models.DecimalField(_("申请金额（元）"), **MONEY)
    amount_granted = models.DecimalField(_("批准金额（元）"), null=True, blank=True, **MONEY)
    status = models.CharField(
        _("状态"), max_length=16, choices=AidStatus.choices, default=AidStatus.SUBMITTED
    )
    review_opinion = models.TextField(_("审查意见"), blank=True)
    refusal_reason = models.TextField(_("不予救助理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("申请时间"))
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("司法救助申请")
        verbose_name_plural = _("司法救助申请")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "year", "status"], name="aid_unit_year")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_requested__gt=0), name="aid_amount_positive"),
        ]

    def __str__(self):
        return f"{self.applicant_name} {self.amount_requested}"


class AidDecision(BaseModel):
    """A step of the chain: the review (level 0) or an approval level, signed by one person."""

    application = models.ForeignKey(AidApplication, on_delete=models.CASCADE, related_name="decisions")
    level = models.PositiveSmallIntegerField(_("环节"))
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    approve = models.BooleanField(_("同意"))
    comment = models.TextField(_("意见"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["level", "at"]
        constraints = [models.UniqueConstraint(fields=["application", "level"], name="aid_decision_unique")]


class PaymentMethod(models.TextChoices):
    BANK = "bank", _("银行转账")
    CASH = "cash", _("现金")
    CHEQUE = "cheque", _("支票")


class AidPayment(BaseModel):
    application = models.OneToOneField(AidApplication, on_delete=models.PROTECT, related_name="payment")
    amount = models.DecimalField(_("发放金额（元）"), **MONEY)
    paid_on = models.DateField(_("发放日期"))
    method = models.CharField(_("发放方式"), max_length=16, choices=PaymentMethod.choices)
    voucher_number = models.CharField(_("凭证号"), max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()


class AidDocument(BaseModel):
    """A supporting document of an application, stored encrypted at rest (``core.filecrypt``)."""

    application = models.ForeignKey(AidApplication, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="aid/", max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
