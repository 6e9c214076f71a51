"""Reception schedules (DOMAIN §7): the joint center's duty roster, leader reception days, named and video
appointments, travelling receptions, the slots the public books, and the lawyers who take part."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import BaseModel
from organisations.models import Unit
from petitions.models import Petition, Petitioner


class Period(models.TextChoices):
    MORNING = "am", _("上午")
    AFTERNOON = "pm", _("下午")


class DutySystem(models.TextChoices):
    COURT = "court", _("法院")
    PROCURATORATE = "procuratorate", _("检察")
    POLICE = "police", _("公安")
    JUSTICE = "justice", _("司法行政")
    COMMITTEE = "committee", _("政法委")
    LAWYER = "lawyer", _("律师")


class LawyerStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    SUSPENDED = "suspended", _("暂停")
    LEFT = "left", _("退出")


class Lawyer(BaseModel):
    """A lawyer on the roster of a reception center (律师参与). ``user`` is the lawyer's own login, if any."""

    unit = models.ForeignKey(Unit, verbose_name=_("所属接访中心"), on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lawyer_profile",
    )
    name = models.CharField(_("姓名"), max_length=50)
    firm = models.CharField(_("律师事务所"), max_length=100)
    licence_number = models.CharField(_("执业证号"), max_length=17, unique=True)
    specialities = models.CharField(_("擅长领域"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=LawyerStatus.choices, default=LawyerStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("律师")
        verbose_name_plural = _("律师")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name}（{self.firm}）"


class DutyShift(BaseModel):
    """One half-day at a reception center's window: a person of one system, or a lawyer (轮流排班)."""

    unit = models.ForeignKey(Unit, verbose_name=_("接访中心"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"))
    period = models.CharField(_("时段"), max_length=2, choices=Period.choices)
    system = models.CharField(_("系统"), max_length=16, choices=DutySystem.choices)
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("派驻单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("值班人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("值班律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duties",
    )
    persons_received = models.PositiveIntegerField(_("接待人次"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["date", "period", "system", "pk"]
        indexes = [models.Index(fields=["unit", "date"], name="reception_duty_unit_date")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(lawyer__isnull=True))
                | (models.Q(person__isnull=True) & models.Q(lawyer__isnull=False)),
                name="reception_duty_one_person",
            ),
            models.UniqueConstraint(
                fields=["person", "date", "period"],
                condition=models.Q(person__isnull=False),
                name="reception_duty_person_once",
            ),
            models.UniqueConstraint(
                fields=["lawyer", "date", "period"],
                condition=models.Q(lawyer__isnull=False),
                name="reception_duty_lawyer_once",
            ),
        ]

    @property
    def who(self) -> str:
        return str(self.lawyer.name if self.lawyer_id else self.person)


class Officer(BaseModel):
    """An officer published for named appointments (点名约访)."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50)
    bio = models.TextField(_("简介"), max_length=500, blank=True)
    photo = models.FileField(_("照片"), upload_to="reception/", blank=True)
    published = models.BooleanField(_("公开"), default=True)

    class Meta:
        verbose_name = _("约访对象")
        verbose_name_plural = _("约访对象")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name}（{self.title}）"


class ReceptionKind(models.TextChoices):
    LEADER_DAY = "leader_day", _("领导接待日")
    NAMED = "named", _("点名约访")
    VIDEO = "video", _("视频接访")
    TRAVELLING = "travelling", _("巡回下访")


class Reception(BaseModel):
    """A reception session: who receives, when, where, about what; its slots are what the public books."""

    unit = models.ForeignKey(Unit, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=ReceptionKind.choices)
    host = models.CharField(_("接待领导/人员"), max_length=50)
    host_title = models.CharField(_("职务"), max_length=50, blank=True)
    officer = models.ForeignKey(
        Officer,
        verbose_name=_("约访对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receptions",
    )
    date = models.DateField(_("日期"))
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    topics = models.CharField(_("接待事项"), max_length=200, blank=True)
    meeting_link = models.URLField(_("视频会议链接"), max_length=500, blank=True)
    published = models.BooleanField(_("公开"), default=True)
    petitions = models.ManyToManyField(Petition, through="ReceptionPetition", related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("接访安排")
        verbose_name_plural = _("接访安排")
        ordering = ["date", "start_time", "pk"]
        indexes = [models.Index(fields=["unit", "date"], name="reception_unit_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="reception_times"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d} {self.host}"


class ReceptionPetition(BaseModel):
    """A petition registered at a reception."""

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="links")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reception", "petition"], name="reception_petition_once")
        ]


class Slot(BaseModel):
    """A bookable time at a reception (one person per slot)."""

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["reception", "starts_at"], name="reception_slot_once")]


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CANCELLED = "cancelled", _("已取消")
    RECEIVED = "received", _("已接待")


class Booking(BaseModel):
    """A member of the public's appointment. Name, phone and summary are encrypted; the phone also hashed."""

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    code = models.CharField(_("预约码"), max_length=16, unique=True)
    name = EncryptedTextField(_("姓名"))
    phone = EncryptedTextField(_("联系电话"))
    phone_hash = models.CharField(max_length=64, db_index=True)
    summary = EncryptedTextField(_("反映事项"))
    status = models.CharField(
        _("状态"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("登记事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=~models.Q(status="cancelled"), name="reception_slot_one_booking"
            )
        ]


class AssignmentRole(models.TextChoices):
    ADVISER = "adviser", _("法律咨询")
    AGENT = "agent", _("信访代理人")


class LawyerAssignment(BaseModel):
    """A lawyer assigned to a petition; while active, the lawyer sees it (a personal ``PetitionAccess``)."""

    lawyer = models.ForeignKey(Lawyer, on_delete=models.PROTECT, related_name="assignments")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    petitioner = models.ForeignKey(
        Petitioner,
        verbose_name=_("代理对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("参与方式"), max_length=16, choices=AssignmentRole.choices)
    active = models.BooleanField(default=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lawyer", "petition"],
                condition=models.Q(active=True),
                name="reception_assignment_once",
            )
        ]


class Advice(BaseModel):
    """A lawyer's advice record on an assigned petition."""

    assignment = models.ForeignKey(LawyerAssignment, on_delete=models.PROTECT, related_name="advice")
    date = models.DateField(_("日期"))
    persons = models.PositiveIntegerField(_("接待人数"), default=1)
    content = models.TextField(_("咨询意见"), max_length=4000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
