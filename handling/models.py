"""The records of a petition's lifecycle: screening outcomes, assignments, extensions, replies, follow-ups,
closure, review requests and the termination approval chain (DOMAIN §4).

Rows here are written only by ``handling.services``; every write also appends a timeline event.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Unit
from petitions.models import Attachment, Petition

USER = settings.AUTH_USER_MODEL


class DiversionProcedure(models.TextChoices):
    APPEAL = "appeal", _("上诉")
    RETRIAL = "retrial", _("申请再审")
    COMPLAINT = "complaint", _("申诉")
    RECONSIDERATION = "reconsideration", _("复议")
    ACCUSATION = "accusation", _("控告")


class ScreeningOutcome(models.TextChoices):
    TRANSFERRED = "transferred", _("转送信访部门")
    DECLINED = "declined", _("不予受理")
    DIVERTED = "diverted", _("导入法律程序")
    ACCEPTED = "accepted", _("受理")


class Screening(BaseModel):
    """One 诉访分离 decision. A returned assignment sends the case back, so a petition may have several."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="screenings")
    outcome = models.CharField(_("甄别结果"), max_length=16, choices=ScreeningOutcome.choices)
    is_legal = models.BooleanField(_("涉法涉诉"))
    reason = models.TextField(_("理由"), blank=True)
    notice = models.TextField(_("告知信访人内容"), blank=True)
    target_unit = models.ForeignKey(
        Unit, verbose_name=_("去向单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.CharField(_("法律程序"), max_length=20, choices=DiversionProcedure.choices, blank=True)
    outcome_note = models.TextField(_("程序结果"), blank=True)
    outcome_at = models.DateTimeField(_("结果登记时间"), null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "id"]


class AssignmentKind(models.TextChoices):
    LEAD = "lead", _("主办")
    ASSIST = "assist", _("协办")
    COMMITTEE = "committee", _("属地政法委（双向交办）")
    REVIEW = "review", _("复查")
    REREVIEW = "rereview", _("复核")


class AssignmentMode(models.TextChoices):
    ORDER = "order", _("交办")
    FORWARD = "forward", _("转办")


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("待签收")
    RECEIVED = "received", _("已签收")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")
    COMPLETED = "completed", _("已办结")


ACTIVE_ASSIGNMENT = (AssignmentStatus.PENDING, AssignmentStatus.RECEIVED)


class Assignment(BaseModel):
    """交办/转办 of a petition to a unit, with its deadline, receipt and report."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField(
        _("类别"), max_length=16, choices=AssignmentKind.choices, default=AssignmentKind.LEAD
    )
    mode = models.CharField(
        _("方式"), max_length=8, choices=AssignmentMode.choices, default=AssignmentMode.ORDER
    )
    instructions = models.TextField(_("交办要求"), blank=True)
    deadline = models.DateField(_("办理期限"))
    due_at = models.DateTimeField()
    warn_at = models.DateTimeField()
    status = models.CharField(
        _("状态"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assigned_by_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    received_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(null=True, blank=True)
    handler = models.ForeignKey(
        USER, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    report = models.TextField(_("办理情况报告"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    extended_days = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["assigned_at", "id"]
        indexes = [models.Index(fields=["unit", "status"], name="assignment_unit_status")]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.unit}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ASSIGNMENT


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class Extension(BaseModel):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="extensions")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveIntegerField(_("延长天数"))
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    notice = models.TextField(_("告知信访人延期理由"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]


class ReplyOutcome(models.TextChoices):
    SUPPORT = "support", _("支持")
    EXPLAIN = "explain", _("解释说明")
    REJECT = "reject", _("不予支持")


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("待审批")
    APPROVED = "approved", _("已签发")
    REJECTED = "rejected", _("退回修改")


class DeliveryMethod(models.TextChoices):
    IN_PERSON = "in_person", _("直接送达")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达")
    NOTICE = "notice", _("公告送达")


class DeliveryStatus(models.TextChoices):
    SIGNED = "signed", _("签收")
    REFUSED = "refused", _("拒收")


class PetitionerOpinion(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")
    NONE = "none", _("无明确意见")


class Reply(BaseModel):
    """信访处理意见书 (level 0), 复查意见书 (1) or 复核意见书 (2)."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="replies")
    level = models.PositiveSmallIntegerField(default=0)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    claim = models.TextField(_("信访请求"))
    facts_reasons = models.TextField(_("事实和理由"))
    decision = models.TextField(_("处理意见"))
    legal_basis = models.TextField(_("法律依据"))
    outcome = models.CharField(_("处理结果"), max_length=10, choices=ReplyOutcome.choices)
    status = models.CharField(max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.DRAFT)
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=64, blank=True)
    document = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivery_method = models.CharField(
        _("送达方式"), max_length=12, choices=DeliveryMethod.choices, blank=True
    )
    delivery_status = models.CharField(
        _("送达情况"), max_length=8, choices=DeliveryStatus.choices, blank=True
    )
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    opinion = models.CharField(_("信访人意见"), max_length=10, choices=PetitionerOpinion.choices, blank=True)
    # written by the ledger import: the reply is on record (level, unit, outcome, delivery) but its text,
    # document and, above level 0, its signing time stayed in the system the ledger came from
    imported = models.BooleanField(_("台账导入"), default=False)

    class Meta:
        ordering = ["drafted_at", "id"]

    @property
    def title(self) -> str:
        return {0: _("信访事项处理意见书"), 1: _("信访事项复查意见书"), 2: _("信访事项复核意见书")}[
            self.level
        ]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class FollowUpMethod(models.TextChoices):
    FACE = "face", _("当面回访")
    PHONE = "phone", _("电话回访")


class FollowUp(BaseModel):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="follow_ups")
    reply = models.ForeignKey(Reply, null=True, on_delete=models.PROTECT, related_name="follow_ups")
    method = models.CharField(_("回访方式"), max_length=8, choices=FollowUpMethod.choices)
    visited_on = models.DateField(_("回访日期"))
    informed = models.BooleanField(_("已告知答复内容"))
    received = models.BooleanField(_("已收到答复"))
    carried_out = models.BooleanField(_("处理意见已落实"))
    satisfaction_office = models.CharField(_("对接访部门满意度"), max_length=12, choices=Satisfaction.choices)
    satisfaction_unit = models.CharField(_("对责任单位满意度"), max_length=12, choices=Satisfaction.choices)
    unsatisfied_reason = models.TextField(_("不满意原因"), blank=True)
    note = models.TextField(_("回访情况"), blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DECIDED = "decided", _("已作出意见")


class ReviewRequest(BaseModel):
    """A petitioner's request for 复查 (level 1) or 复核 (level 2) of a reply."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="review_requests")
    level = models.PositiveSmallIntegerField()
    of_reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(_("申请日期"))
    reason = models.TextField(_("申请理由"))
    reviewing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    hearing_days = models.PositiveIntegerField(_("听证占用天数"), default=0)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    decision = models.ForeignKey(Reply, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["petition", "level"], name="review_level_once")]


class ReviewWaiver(BaseModel):
    """The petitioner's recorded statement that they will not ask for 复查 (level 1) or 复核 (level 2) of a
    reply. Until the window runs out, only such a statement lets a case be archived."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="review_waivers")
    level = models.PositiveSmallIntegerField()
    of_reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="+")
    stated_on = models.DateField(_("声明日期"))
    statement = models.TextField(_("声明内容"))
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("放弃复查复核声明")
        verbose_name_plural = _("放弃复查复核声明")
        ordering = ["recorded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["petition", "level"], name="review_waiver_once")]


class TerminationStatus(models.TextChoices):
    PROPOSED = "proposed", _("已提请")
    REVIEWED = "reviewed", _("已审查")
    SIGNED = "signed", _("领导已签批")
    APPROVED = "approved", _("已批准终结")
    REJECTED = "rejected", _("已退回")


class TerminationStepKind(models.TextChoices):
    PROPOSAL = "proposal", _("承办单位提请")
    REVIEW = "review", _("合议审查")
    SIGN_OFF = "sign_off", _("领导签批")
    APPROVAL = "approval", _("省级审核批准")


class TerminationCase(BaseModel):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="terminations")
    status = models.CharField(
        max_length=10, choices=TerminationStatus.choices, default=TerminationStatus.PROPOSED
    )
    proposing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(_("终结理由"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class TerminationStep(BaseModel):
    """One signed decision in the approval chain. ``signature`` is an HMAC of the decision's content."""

    case = models.ForeignKey(TerminationCase, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=10, choices=TerminationStepKind.choices)
    approve = models.BooleanField()
    comment = models.TextField(_("意见"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["at", "id"]
