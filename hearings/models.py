"""Hearings (听证) and joint consultations (会诊) on a petition (DOMAIN §7).

Rows here are written only by ``hearings.services``; every write also appends a timeline event. A hearing
held during 复核 stops the 复核 clock for its days through ``handling.services.petition_record_hearing``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Unit
from petitions.models import Petition

USER = settings.AUTH_USER_MODEL


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    HELD = "held", _("已举行")
    CANCELLED = "cancelled", _("已取消")


class ParticipantKind(models.TextChoices):
    DEPUTY = "deputy", _("人大代表")
    CPPCC = "cppcc", _("政协委员")
    LAWYER = "lawyer", _("律师")
    EXPERT = "expert", _("专家学者")
    PUBLIC = "public", _("群众代表")
    PARTY = "party", _("当事人")
    CASE_UNIT = "case_unit", _("办案单位")


class HearingOutcome(models.TextChoices):
    UPHELD = "upheld", _("维持原处理意见")
    CHANGED = "changed", _("变更处理意见")
    SUPPORTED = "supported", _("支持信访诉求")
    PARTIAL = "partial", _("部分支持")
    OTHER = "other", _("其他")


class Hearing(BaseModel):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="hearings")
    unit = models.ForeignKey(Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("听证事项"), max_length=200)
    starts_at = models.DateTimeField(_("听证时间"), db_index=True)
    ends_on = models.DateField(_("结束日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    video_link = models.URLField(_("视频会议链接"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED
    )
    minutes = models.TextField(_("听证笔录"), blank=True)
    panel_opinion = models.TextField(_("听证员评议意见"), blank=True)
    outcome = models.CharField(_("听证结论"), max_length=12, choices=HearingOutcome.choices, blank=True)
    petitioner_accepted = models.BooleanField(_("信访人是否接受"), null=True, blank=True)
    clock_days = models.PositiveIntegerField(_("不计入复核期限的天数"), default=0)
    scheduled_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField()
    held_recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_recorded_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(video_link=""), name="hearing_place_or_link"
            ),
        ]

    def __str__(self):
        return f"{self.subject}（{self.petition.number}）"


class Participant(BaseModel):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("类别"), max_length=12, choices=ParticipantKind.choices)
    name = models.CharField(_("姓名"), max_length=50)
    organisation = models.CharField(_("单位/身份"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("会诊中")
    CONCLUDED = "concluded", _("已形成结论")


class Consultation(BaseModel):
    """会诊: several units on a hard case."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="consultations")
    unit = models.ForeignKey(Unit, verbose_name=_("召集单位"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("会诊议题"), max_length=200)
    held_on = models.DateField(_("会诊日期"))
    units = models.ManyToManyField(Unit, verbose_name=_("参加单位"), related_name="+")
    attendees = models.TextField(_("参加人员"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN
    )
    conclusions = models.TextField(_("会诊结论"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("会诊")
        verbose_name_plural = _("会诊")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.subject


class ConsultationTask(BaseModel):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="tasks")
    description = models.TextField(_("任务"))
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        USER, verbose_name=_("责任人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("完成期限"), db_index=True)
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    completion_note = models.TextField(_("完成情况"), blank=True)

    class Meta:
        verbose_name = _("会诊任务")
        verbose_name_plural = _("会诊任务")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(
                fields=["owner_unit", "deadline"],
                name="consult_task_open",
                condition=models.Q(completed_at__isnull=True),
            )
        ]
