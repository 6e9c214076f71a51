"""Petitioners, petitions, their parties, original case, attachments and the append-only timeline (DOMAIN §3)."""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.masking import mask_address, mask_id_number, mask_phone
from core.models import BaseModel
from organisations.models import Region, System, Unit


class Channel(models.TextChoices):
    VISIT = "visit", _("来访")
    LETTER = "letter", _("来信")
    ONLINE = "online", _("网上")
    PHONE = "phone", _("电话")
    VIDEO = "video", _("视频")
    SUPERIOR = "superior", _("上级交办")
    LEADER = "leader", _("领导批示")
    TRANSFER = "transfer", _("部门转来")


class State(models.TextChoices):
    REGISTERED = "registered", _("登记")
    ONLINE_PENDING = "online_pending", _("网上待审核")
    TRANSFERRED_OUT = "transferred_out", _("转送信访部门")
    DECLINED = "declined", _("不予受理")
    DIVERTED = "diverted", _("导入法律程序")
    ACCEPTED = "accepted", _("受理")
    ASSIGNED = "assigned", _("交办")
    IN_PROGRESS = "in_progress", _("办理中")
    REPLIED = "replied", _("已答复")
    FOLLOWED_UP = "followed_up", _("已回访")
    UNDER_REVIEW = "under_review", _("复查中")
    UNDER_REREVIEW = "under_rereview", _("复核中")
    CLOSED = "closed", _("办结")
    TERMINATED = "terminated", _("终结")
    ARCHIVED = "archived", _("归档")


OPEN_STATES = (
    State.ONLINE_PENDING,
    State.REGISTERED,
    State.ACCEPTED,
    State.ASSIGNED,
    State.IN_PROGRESS,
    State.REPLIED,
    State.FOLLOWED_UP,
    State.UNDER_REVIEW,
    State.UNDER_REREVIEW,
    State.DIVERTED,
)


class SettlementState(models.TextChoices):
    OPEN = "open", _("未结未息")
    SETTLED = "settled", _("已结已息")
    UNSETTLED = "unsettled", _("已结未息")


class SettlementForm(models.TextChoices):
    WRITTEN_PLEDGE = "written_pledge", _("书面保证息诉罢访")
    APPROVED_TERMINATION = "approved_termination", _("批准终结")
    OTHER = "other", _("其他方式办结")


class ClosingPrinciple(models.TextChoices):
    """三到位一处理: which applied when the case was closed."""

    RESOLVED = "resolved", _("合理诉求解决到位")
    EXPLAINED = "explained", _("不合理诉求解释到位")
    HELPED = "helped", _("生活困难帮扶到位")
    DEALT_WITH = "dealt_with", _("违法行为依法处理")


class DueKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理告知期限")
    ASSIGNMENT = "assignment", _("签收期限")
    HANDLING = "handling", _("办理期限")
    REVIEW = "review", _("复查期限")
    REREVIEW = "rereview", _("复核期限")
    DIVERSION = "diversion", _("法律程序跟踪")


class CaseCategory(models.TextChoices):
    CRIMINAL = "criminal", _("刑事")
    CIVIL = "civil", _("民事")
    ADMINISTRATIVE = "administrative", _("行政")
    ENFORCEMENT = "enforcement", _("执行")
    STATE_COMPENSATION = "state_compensation", _("国家赔偿")
    OTHER = "other", _("其他")


class CaseStage(models.TextChoices):
    INVESTIGATION = "investigation", _("侦查")
    PROSECUTION = "prosecution", _("审查起诉")
    FIRST = "first", _("一审")
    SECOND = "second", _("二审")
    RETRIAL = "retrial", _("再审")
    ENFORCEMENT = "enforcement", _("执行")
    EFFECTIVE = "effective", _("已生效")


class CaseProgress(models.TextChoices):
    TRIAL = "trial", _("审理中")
    PROPOSED_END = "proposed_end", _("拟终结")
    PROPOSED_RETRIAL = "proposed_retrial", _("拟再审")
    RETRIED = "retried", _("已再审")
    ENDED = "ended", _("已终结")
    SETTLED = "settled", _("息诉罢访")


class Instance(models.TextChoices):
    FIRST = "first", _("一审")
    SECOND = "second", _("二审")
    RETRIAL = "retrial", _("再审")
    EFFECTIVE = "effective", _("生效")


class ProblemCategory(models.TextChoices):
    JUDGMENT = "judgment", _("不服裁判")
    ENFORCEMENT = "enforcement", _("执行问题")
    POLICE = "police", _("涉警执法")
    DETENTION = "detention", _("羁押监管")
    PROSECUTION = "prosecution", _("检察监督")
    LAWYER = "lawyer", _("律师与法律服务")
    COMPENSATION = "compensation", _("国家赔偿与救助")
    MISCONDUCT = "misconduct", _("违法违纪举报")
    DELAY = "delay", _("久拖不决")
    OTHER = "other", _("其他")


class SupervisionLevel(models.TextChoices):
    NONE = "", _("无")
    COUNTY = "county", _("县级督办")
    CITY = "city", _("市级督办")
    PROVINCE = "province", _("省级督办")


class AgentKind(models.TextChoices):
    NONE = "", _("无")
    LAWYER = "lawyer", _("律师")
    RELATIVE = "relative", _("近亲属")
    AGENT = "agent", _("代办员")
    OTHER = "other", _("其他代理人")


class Gender(models.TextChoices):
    UNKNOWN = "", _("未填")
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Tag(BaseModel):
    """A topic tag (征地, 拆迁, 执行难 …), configured by administrators."""

    name = models.CharField(_("名称"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("专题标签")
        verbose_name_plural = _("专题标签")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Petitioner(BaseModel):
    """A person who petitions. Identity number, phone and address are encrypted; hashes allow matching."""

    # the indexes of the matching columns are declared in Meta: a field's db_index on PostgreSQL adds a second
    # (varchar_pattern_ops) index for LIKE that no query here uses, and random keys make every insert write both
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    id_number = EncryptedTextField(_("身份证号"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    address = EncryptedTextField(_("住址"), blank=True)
    residence_region = models.ForeignKey(
        Region,
        verbose_name=_("户籍/居住地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    is_key_person = models.BooleanField(_("重点人员"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("信访人")
        verbose_name_plural = _("信访人")
        indexes = [
            models.Index(fields=["name"], name="petitioner_name"),
            models.Index(fields=["id_number_hash"], name="petitioner_id_number_hash"),
            models.Index(fields=["phone_hash"], name="petitioner_phone_hash"),
            models.Index(fields=["residence_region"], name="petitioner_residence"),
        ]

    def __str__(self):
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def address_masked(self) -> str:
        return mask_address(self.address)

    @property
    def masked_fields(self) -> list[tuple[str, str]]:
        return [
            ("id_number", self.id_number_masked),
            ("phone", self.phone_masked),
            ("address", self.address_masked),
        ]


class Petition(BaseModel):
    # unique and indexed columns are declared in Meta (see Petitioner): no LIKE index beside each
    number = models.CharField(_("登记编号"), max_length=32)
    query_code = models.CharField(_("查询码"), max_length=16)
    # idempotency: keyed hash of (user, form key) and of the submitted data (petitions.services.petition_register)
    submission_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    submission_digest = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    channel = models.CharField(_("信访渠道"), max_length=16, choices=Channel.choices)
    registered_at = models.DateTimeField(_("登记时间"))  # indexed first in petition_recent
    registered_unit = models.ForeignKey(  # indexed first in petition_unit_recent
        Unit,
        verbose_name=_("登记单位"),
        on_delete=models.PROTECT,
        related_name="registered_petitions",
        db_index=False,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling_unit = models.ForeignKey(
        Unit,
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_petitions",
    )
    petitioners = models.ManyToManyField(Petitioner, through="PetitionParty", related_name="petitions")
    group_size = models.PositiveIntegerField(_("人数"), default=1)
    agent_kind = models.CharField(_("代理人类别"), max_length=16, choices=AgentKind.choices, blank=True)
    agent_name = models.CharField(_("代理人"), max_length=50, blank=True)
    agent_org = models.CharField(_("代理人单位"), max_length=100, blank=True)

    problem_region = models.ForeignKey(  # indexed first in petition_region_recent
        Region, verbose_name=_("问题发生地"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    residence_region = models.ForeignKey(  # indexed in petition_residence
        Region,
        verbose_name=_("信访人住所地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    orig_unit = models.ForeignKey(
        Unit,
        verbose_name=_("原办案单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="original_cases",
    )
    orig_unit_name = models.CharField(_("原办案单位名称"), max_length=100, blank=True)
    case_number = models.CharField(_("原案案号"), max_length=64, blank=True)  # indexed in Meta
    case_category = models.CharField(_("案件类别"), max_length=24, choices=CaseCategory.choices, blank=True)
    case_stage = models.CharField(_("诉讼阶段"), max_length=16, choices=CaseStage.choices, blank=True)
    cause_of_action = models.CharField(_("案由"), max_length=100, blank=True)
    case_progress = models.CharField(_("案件进展"), max_length=24, choices=CaseProgress.choices, blank=True)
    petitioned_before_judgment = models.BooleanField(_("未判先访"), default=False)

    title = models.CharField(_("标题"), max_length=200)
    demands = models.TextField(_("信访诉求"))
    facts = models.TextField(_("事实与理由"))

    flag_skip_level = models.BooleanField(_("越级访"), default=False)
    flag_to_beijing = models.BooleanField(_("进京访"), default=False)
    flag_to_province = models.BooleanField(_("赴省访"), default=False)
    flag_group = models.BooleanField(_("集体访"), default=False)
    flag_repeat = models.BooleanField(_("重信重访"), default=False)
    flag_abnormal = models.BooleanField(_("非正常访"), default=False)
    flag_key_person = models.BooleanField(_("重点人员"), default=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("专题标签"), blank=True, related_name="petitions")

    responsible_system = models.CharField(_("责任系统"), max_length=16, choices=System.choices, blank=True)
    problem_category = models.CharField(
        _("问题类别"), max_length=24, choices=ProblemCategory.choices, blank=True
    )
    supervision_level = models.CharField(
        _("督办级别"), max_length=16, choices=SupervisionLevel.choices, blank=True, default=""
    )
    is_backlog = models.BooleanField(_("积案"), default=False)
    is_legal = models.BooleanField(_("涉法涉诉"), null=True, blank=True)
    related_to = models.ForeignKey(
        "self", verbose_name=_("关联前案"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.REGISTERED)
    settlement_state = models.CharField(
        _("化解状态"), max_length=12, choices=SettlementState.choices, default=SettlementState.OPEN
    )
    due_at = models.DateTimeField(_("下一期限"), null=True, blank=True)
    due_kind = models.CharField(
        _("期限类型"), max_length=16, choices=DueKind.choices, blank=True, default="", db_default=""
    )
    warn_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_on_time = models.BooleanField(_("按期办结"), null=True, blank=True)
    settlement_form = models.CharField(
        _("息诉罢访形式"),
        max_length=24,
        choices=SettlementForm.choices,
        blank=True,
        default="",
        db_default="",
    )
    closing_principle = models.CharField(
        _("三到位一处理"),
        max_length=16,
        choices=ClosingPrinciple.choices,
        blank=True,
        default="",
        db_default="",
    )
    screening_outcome = models.CharField(_("甄别结果"), max_length=16, blank=True, default="", db_default="")
    accepted_on_time = models.BooleanField(_("及时受理"), null=True, blank=True)
    replied_on_time = models.BooleanField(_("按期答复"), null=True, blank=True)
    satisfaction = models.CharField(_("群众满意度"), max_length=12, blank=True, default="", db_default="")
    review_level = models.PositiveSmallIntegerField(_("复查复核层级"), default=0, db_default=0)
    terminated_at = models.DateTimeField(_("终结时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("信访事项")
        verbose_name_plural = _("信访事项")
        ordering = ["-registered_at", "-id"]
        indexes = [
            models.Index(fields=["-registered_at", "-id"], name="petition_recent"),
            models.Index(fields=["state", "-registered_at"], name="petition_state_recent"),
            models.Index(fields=["registered_unit", "-registered_at"], name="petition_unit_recent"),
            models.Index(fields=["problem_region", "-registered_at"], name="petition_region_recent"),
            models.Index(fields=["residence_region"], name="petition_residence"),
            models.Index(fields=["due_at"], name="petition_due", condition=models.Q(due_at__isnull=False)),
            models.Index(fields=["warn_at"], name="petition_warn", condition=models.Q(warn_at__isnull=False)),
            # worklists (handling.worklists): 待甄别 of a unit, and the open deadlines of 即将到期 / 已逾期
            models.Index(
                fields=["registered_unit", "-registered_at"],
                name="petition_unit_registered",
                condition=models.Q(state="registered"),
            ),
            models.Index(
                fields=["due_at"], name="petition_open_due", condition=models.Q(state__in=OPEN_STATES)
            ),
            models.Index(
                fields=["warn_at"], name="petition_open_warn", condition=models.Q(state__in=OPEN_STATES)
            ),
            models.Index(fields=["case_number"], name="petition_case_number"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="petition_number_unique"),
            models.UniqueConstraint(fields=["query_code"], name="petition_query_code_unique"),
            models.UniqueConstraint(fields=["submission_key"], name="petition_submission_key_unique"),
            models.CheckConstraint(
                condition=models.Q(group_size__gte=1), name="petition_group_size_positive"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def flags(self) -> list[str]:
        names = [
            "flag_skip_level",
            "flag_to_beijing",
            "flag_to_province",
            "flag_group",
            "flag_repeat",
            "flag_abnormal",
            "flag_key_person",
        ]
        return [str(self._meta.get_field(n).verbose_name) for n in names if getattr(self, n)]

    @property
    def orig_unit_display(self) -> str:
        return self.orig_unit.name if self.orig_unit_id else self.orig_unit_name


class PetitionParty(BaseModel):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="parties")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="parties")
    is_representative = models.BooleanField(_("代表"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "petitioner"], name="party_unique"),
            # a petitioner record belongs to one petition: what its registering clerk collected
            models.UniqueConstraint(fields=["petitioner"], name="party_own_petitioner"),
        ]


class CourtInstance(BaseModel):
    """Case number, court and presiding judge of one instance of the original court case."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="instances")
    instance = models.CharField(_("审级"), max_length=16, choices=Instance.choices)
    case_number = models.CharField(_("案号"), max_length=64)
    court_name = models.CharField(_("审理法院"), max_length=100)
    judge = models.CharField(_("审判长/承办法官"), max_length=50, blank=True)

    class Meta:
        ordering = ["id"]


class AccessReason(models.TextChoices):
    REGISTERED = "registered", _("登记")
    HANDLING = "handling", _("承办")
    ASSIGNED = "assigned", _("交办")
    OWNER = "owner", _("包案")
    SUPERVISING = "supervising", _("督办")
    PERSONAL = "personal", _("个人指派")


class PetitionAccess(BaseModel):
    """Why a unit (and its superiors) or a person may see a petition. Written only by services."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="access")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=AccessReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit", "petition"], name="access_unit"),
            models.Index(fields=["user", "petition"], name="access_user"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | models.Q(user__isnull=False),
                name="access_has_subject",
            ),
            models.UniqueConstraint(
                fields=["petition", "unit", "reason"],
                condition=models.Q(unit__isnull=False),
                name="access_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["petition", "user", "reason"],
                condition=models.Q(user__isnull=False),
                name="access_user_unique",
            ),
        ]


class EventAction(models.TextChoices):
    REGISTERED = "registered", _("登记")
    ATTACHMENT_ADDED = "attachment_added", _("补充材料")
    NOTE = "note", _("备注")


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RuntimeError("timeline events are append-only")

    def delete(self):
        raise RuntimeError("timeline events are append-only")


class Event(BaseModel):
    """One entry of a petition's timeline: the legal record of who did what and when. Append-only."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("动作"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), db_index=True)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    state_before = models.CharField(max_length=20, blank=True)
    state_after = models.CharField(max_length=20, blank=True)
    # the hash chain of the petition's timeline (petitions.chain): position, previous link, this link
    seq = models.PositiveIntegerField(_("序号"), null=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["petition", "at"], name="event_petition_at")]
        constraints = [models.UniqueConstraint(fields=["petition", "seq"], name="event_petition_seq")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("timeline events are append-only")
        from petitions.chain import seal

        # one transaction for the seal and the row; inside the caller's transaction no savepoint of its own
        # (two round trips on every write, and registration holds its number's row lock meanwhile)
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            if not self.hash:
                seal(self)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("timeline events are append-only")

    @property
    def action_label(self) -> str:
        from petitions.events import action_label

        return action_label(self.action)

    @property
    def state_after_label(self) -> str:
        return str(State(self.state_after).label) if self.state_after in State.values else self.state_after


def attachment_path(instance, filename):
    return f"attachments/{instance.petition_id}/{uuid.uuid4().hex}"


class Attachment(BaseModel):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class RegistrationCounter(BaseModel):
    """The last sequence number issued per region and year; incremented under a row lock."""

    region_code = models.CharField(max_length=6)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region_code", "year"], name="counter_unique")]


class RevealField(models.TextChoices):
    ID_NUMBER = "id_number", _("身份证号")
    PHONE = "phone", _("联系电话")
    ADDRESS = "address", _("住址")


class RevealLog(BaseModel):
    """Every time a person sees a sensitive value unmasked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="+")
    petition = models.ForeignKey(Petition, null=True, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=16, choices=RevealField.choices)
    at = models.DateTimeField(auto_now_add=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("敏感信息查看记录")
        verbose_name_plural = _("敏感信息查看记录")
        ordering = ["-at"]


class TimelineAnchor(BaseModel):
    """A daily anchor over every timeline chain (petitions.chain): the chain heads at a cut, in one hash.

    Anchors form a chain of their own. Printed and kept off the system, an anchor's hash proves later that no
    chain, and no event up to the cut, was removed or rewritten since — even by someone holding the key.
    """

    seq = models.PositiveIntegerField(_("序号"), unique=True)
    day = models.DateField(_("日期"), db_index=True)
    taken_at = models.DateTimeField(_("生成时间"))
    last_event_id = models.BigIntegerField(_("截至办理记录"))
    chains = models.PositiveIntegerField(_("链数"))
    events = models.PositiveBigIntegerField(_("记录数"))
    heads_digest = models.CharField(_("链头摘要"), max_length=64)
    key_id = models.CharField(_("密钥指纹"), max_length=16)
    prev_hash = models.CharField(_("上一锚点"), max_length=64)
    hash = models.CharField(_("锚点哈希"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("办理记录锚点")
        verbose_name_plural = _("办理记录锚点")
        ordering = ["-seq"]

    def __str__(self):
        return f"{self.day} #{self.seq} {self.hash}"


class AnchoredHead(BaseModel):
    """The head of each chain at the latest anchor, so a verification names the petition whose chain went
    missing or shrank. Its rows are covered by the anchor's ``heads_digest``. No foreign key: the row must
    outlive a deleted petition to report it."""

    petition_id = models.BigIntegerField(primary_key=True)
    seq = models.PositiveIntegerField()
    hash = models.CharField(max_length=64)
    anchor_seq = models.PositiveIntegerField()
