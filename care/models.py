"""Support of the petitioner around a matter: 稳控帮扶 of terminated matters (care tasks and visits), 心理疏导
(counselling sessions, notes readable by few) and 代办员 (officials who carry a matter for the petitioner)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import BaseModel
from organisations.models import Unit


class CareReason(models.TextChoices):
    TERMINATED = "terminated", _("事项依法终结")
    RETURNED = "returned", _("终结后再次来访")


class CareStatus(models.TextChoices):
    OPEN = "open", _("帮扶中")
    CLOSED = "closed", _("已结束")


class ResponsibleKind(models.TextChoices):
    GRID = "grid", _("网格员")
    VILLAGE = "village", _("村（社区）干部")
    JUSTICE_OFFICE = "justice_office", _("司法所")
    POLICE_STATION = "police_station", _("派出所")
    OTHER = "other", _("其他")


class CareTask(BaseModel):
    """The locality's 政法委 (where the petitioner lives: 人案分离) looks after a terminated matter's petitioner."""

    petition = models.ForeignKey(
        "petitions.Petition", verbose_name=_("信访事项"), on_delete=models.PROTECT, related_name="care_tasks"
    )
    committee = models.ForeignKey(
        Unit, verbose_name=_("属地政法委"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("缘由"), max_length=16, choices=CareReason.choices)
    status = models.CharField(_("状态"), max_length=16, choices=CareStatus.choices, default=CareStatus.OPEN)
    responsible_name = models.CharField(_("责任人"), max_length=50, blank=True)
    responsible_kind = models.CharField(
        _("责任人身份"), max_length=16, choices=ResponsibleKind.choices, blank=True
    )
    responsible_phone = EncryptedTextField(_("责任人电话"), blank=True)
    visit_interval_days = models.PositiveSmallIntegerField(_("走访周期（天）"), null=True, blank=True)
    plan = models.TextField(_("帮扶计划"), blank=True)
    next_visit_on = models.DateField(_("下次走访日期"), null=True, blank=True, db_index=True)
    overdue_flagged_for = models.DateField(_("已提示逾期的走访日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    close_note = models.TextField(_("结束说明"), blank=True)

    class Meta:
        verbose_name = _("稳控帮扶任务")
        verbose_name_plural = _("稳控帮扶任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition"], condition=Q(status="open"), name="care_one_open_task_per_petition"
            )
        ]
        indexes = [
            models.Index(fields=["next_visit_on"], condition=Q(status="open"), name="care_open_due"),
        ]

    def __str__(self):
        return f"{self.petition_id} · {self.committee}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return (
            self.status == CareStatus.OPEN
            and self.next_visit_on is not None
            and (self.next_visit_on < timezone.localdate())
        )


class VisitMode(models.TextChoices):
    FACE = "face", _("当面走访")
    PHONE = "phone", _("电话回访")


class CareVisit(BaseModel):
    task = models.ForeignKey(CareTask, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    mode = models.CharField(_("方式"), max_length=8, choices=VisitMode.choices)
    situation = models.TextField(_("当事人现状"))
    help_given = models.TextField(_("帮扶措施"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-visited_on", "-id"]


class CounsellingSession(BaseModel):
    """心理疏导: the notes are read only by the counsellor, the handling unit's head and the 政法委."""

    petition = models.ForeignKey(
        "petitions.Petition", verbose_name=_("信访事项"), on_delete=models.PROTECT, related_name="counselling"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("疏导人员"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("疏导日期"))
    notes = EncryptedTextField(_("疏导记录"))
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("心理疏导记录")
        verbose_name_plural = _("心理疏导记录")
        ordering = ["-held_on", "-id"]


class AgentAssignment(BaseModel):
    """代办员: an official assigned to carry a petitioner's matter through on their behalf."""

    petition = models.ForeignKey(
        "petitions.Petition", verbose_name=_("信访事项"), on_delete=models.PROTECT, related_name="agents"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代办员"),
        on_delete=models.PROTECT,
        related_name="agent_assignments",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("指派单位"), on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("指派时间"))
    note = models.TextField(_("代办事项"), blank=True)
    active = models.BooleanField(_("代办中"), default=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("代办员指派")
        verbose_name_plural = _("代办员指派")
        ordering = ["-assigned_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "agent"], condition=Q(active=True), name="agent_one_active_per_petition"
            )
        ]
        indexes = [models.Index(fields=["agent", "active"], name="agent_worklist")]


class AgentActionKind(models.TextChoices):
    ACCOMPANY = "accompany", _("陪同来访")
    SUBMIT = "submit", _("代为递交材料")
    CONTACT = "contact", _("联系办理单位")
    EXPLAIN = "explain", _("释法明理")
    FOLLOW = "follow", _("跟踪办理进度")
    OTHER = "other", _("其他")
