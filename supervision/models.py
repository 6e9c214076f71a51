"""包案 (ownership plans), 包片 (leaders over an area), 督办/催办 (supervision) and the coordination sheets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Unit
from petitions.models import Attachment, Petition

USER = settings.AUTH_USER_MODEL


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("包案中")
    CLOSED = "closed", _("已结束")


class OwnershipPlan(BaseModel):
    """四定一包 / "六个一": the six people, the 化解方案, the target date and the structured case analysis."""

    petition = models.OneToOneField(Petition, on_delete=models.PROTECT, related_name="ownership_plan")
    unit = models.ForeignKey(Unit, verbose_name=_("包案单位"), on_delete=models.PROTECT, related_name="+")
    owner_leader = models.ForeignKey(
        USER, verbose_name=_("包案领导"), on_delete=models.PROTECT, related_name="+"
    )
    co_owner_leader = models.ForeignKey(
        USER, verbose_name=_("共同包案领导（双包案）"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    owner_officer = models.ForeignKey(
        USER, verbose_name=_("包案责任人"), on_delete=models.PROTECT, related_name="+"
    )
    supervising_leader = models.ForeignKey(
        USER, verbose_name=_("督办领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supervising_officer = models.ForeignKey(
        USER, verbose_name=_("督办责任人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stability_leader = models.ForeignKey(
        USER, verbose_name=_("稳控领导"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stability_officer = models.ForeignKey(
        USER, verbose_name=_("稳控责任人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    measures = models.TextField(_("化解方案"))
    target_date = models.DateField(_("化解期限"))
    # 四明
    history_facts = models.TextField(_("历史事实"), blank=True)
    problem_nature = models.TextField(_("问题性质"), blank=True)
    handling_principle = models.TextField(_("处理原则"), blank=True)
    petition_demands = models.TextField(_("信访诉求"), blank=True)
    # 五清
    responsibility = models.TextField(_("责任单位和责任人"), blank=True)
    social_relations = models.TextField(_("信访人社会关系"), blank=True)
    crux = models.TextField(_("问题症结"), blank=True)
    existing_replies = models.TextField(_("现有答复"), blank=True)
    flaws = models.TextField(_("错误瑕疵"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_action_at = models.DateTimeField(_("最近一次亲自办理"), db_index=True)

    class Meta:
        verbose_name = _("包案方案")
        verbose_name_plural = _("包案方案")

    ROLE_FIELDS = (
        "owner_leader", "co_owner_leader", "owner_officer", "supervising_leader", "supervising_officer",
        "stability_leader", "stability_officer",
    )  # fmt: skip

    def required_signers(self) -> list[int]:
        """双签字: a 双包案's two leaders, otherwise the 包案领导 and the 包案责任人."""
        if self.co_owner_leader_id:
            return [self.owner_leader_id, self.co_owner_leader_id]
        return [self.owner_leader_id, self.owner_officer_id]

    def owner_ids(self) -> set[int]:
        return {getattr(self, f"{f}_id") for f in self.ROLE_FIELDS if getattr(self, f"{f}_id")}


class SignOff(BaseModel):
    plan = models.ForeignKey(OwnershipPlan, on_delete=models.CASCADE, related_name="signoffs")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("签字意见"), blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="signoff_once")]


class Handover(BaseModel):
    plan = models.ForeignKey(OwnershipPlan, on_delete=models.CASCADE, related_name="handovers")
    role = models.CharField(_("岗位"), max_length=24)
    from_user = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("交接原因"))
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)


class OwnerActionKind(models.TextChoices):
    RECEPTION = "reception", _("亲自接访")
    FILE_REVIEW = "file_review", _("阅卷")
    COORDINATION = "coordination", _("协调")
    MEETING = "meeting", _("约见当事人")
    VISIT = "visit", _("下访")


class OwnerAction(BaseModel):
    plan = models.ForeignKey(OwnershipPlan, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("方式"), max_length=16, choices=OwnerActionKind.choices)
    on = models.DateField(_("日期"))
    note = models.TextField(_("情况"))
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)


class AreaAssignment(BaseModel):
    """包片: a leader oversees a set of units (and what lies beneath them), assigned by a 政法委 for units in its
    region; ended (never deleted) when the assignment stops."""

    leader = models.ForeignKey(
        USER, verbose_name=_("包片领导"), on_delete=models.PROTECT, related_name="areas"
    )
    committee = models.ForeignKey(
        Unit, verbose_name=_("指定单位"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    units = models.ManyToManyField(Unit, verbose_name=_("包片单位"), related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    ended_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("包片")
        verbose_name_plural = _("包片")


class Level(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县")


class Source(models.TextChoices):
    ASSIGNED = "assigned", _("上级交办")
    INSTRUCTION = "instruction", _("领导批示")
    OWN = "own", _("自行督办")


class SupervisionStatus(models.TextChoices):
    OPEN = "open", _("督办中")
    CLOSED = "closed", _("已办结")


class Supervision(BaseModel):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="supervisions")
    supervising_unit = models.ForeignKey(
        Unit, verbose_name=_("督办单位"), on_delete=models.PROTECT, related_name="supervisions_given"
    )
    supervised_unit = models.ForeignKey(
        Unit, verbose_name=_("被督办单位"), on_delete=models.PROTECT, related_name="supervisions_received"
    )
    level = models.CharField(_("督办层级"), max_length=12, choices=Level.choices)
    source = models.CharField(_("督办来源"), max_length=12, choices=Source.choices)
    instructions = models.TextField(_("督办要求"))
    deadline = models.DateField(_("办结期限"))
    report_interval_days = models.PositiveSmallIntegerField(_("报告间隔（天）"), default=15)
    rectification = models.BooleanField(_("限期整改"), default=False)
    on_site = models.BooleanField(_("蹲点督办"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=SupervisionStatus.choices, default="open")
    escalation_level = models.PositiveSmallIntegerField(_("升级次数"), default=0)
    last_activity_at = models.DateTimeField(_("最近进展"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        indexes = [
            models.Index(fields=["supervising_unit", "deadline", "id"], name="sup_board"),
            models.Index(fields=["supervised_unit", "deadline", "id"], name="sup_supervised"),
            models.Index(
                fields=["deadline", "escalation_level"], name="sup_open_due",
                condition=models.Q(status="open"),
            ),
        ]  # fmt: skip
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "supervising_unit"],
                condition=models.Q(status="open"),
                name="sup_one_open",
            )
        ]


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("进展报告")
    FINAL = "final", _("办结报告")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


class SupervisionReport(BaseModel):
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("报告类型"), max_length=12, choices=ReportKind.choices)
    period_start = models.DateField(_("报告期起"))
    period_end = models.DateField(_("报告期止"))
    text = models.TextField(_("报告内容"))
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices, default="submitted")
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]


class Urge(BaseModel):
    """催办 with a read receipt."""

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="urges")
    text = models.TextField(_("催办内容"))
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    read_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)


class Escalation(BaseModel):
    """One row per escalation step: the unique constraint makes a rerun of the sweep send nothing twice."""

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="escalations")
    step = models.PositiveSmallIntegerField()
    notified_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    days_overdue = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["supervision", "step"], name="escalation_once")]


class SheetKind(models.TextChoices):
    ASSIGNMENT = "assignment", _("交办单")
    SUPERVISION = "supervision", _("督办单")
    URGE = "urge", _("催办单")
    FEEDBACK = "feedback", _("反馈单")


class Sheet(BaseModel):
    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="sheets")
    kind = models.CharField(_("文书"), max_length=12, choices=SheetKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("文号"), max_length=64, unique=True)
    attachment = models.OneToOneField(Attachment, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class DocumentCounter(BaseModel):
    """The unit's 文号 sequence: one row per unit and year, taken under a row lock."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="doc_counter_unique")]


ANALYSIS_LABELS = {f: OwnershipPlan._meta.get_field(f).verbose_name for f in (
    "history_facts", "problem_nature", "handling_principle", "petition_demands",
    "responsibility", "social_relations", "crux", "existing_replies", "flaws",
)}  # fmt: skip
