"""The security audit log: one append-only, hash-chained record of security-relevant acts.

Each entry names who (a user, or nobody for an anonymous attempt), when, what (an enumerated act, the object
and structured details with old and new values), and from where (client address and user agent). Entries are
chained: ``hash`` is an HMAC over the entry's canonical content and the previous entry's hash, so an edited,
deleted or reordered entry breaks the chain (``manage.py verify_audit``). ``AuditHead`` holds the chain's
length and last hash under its own MAC, so cutting entries off the end is noticed too, and it is the lock that
keeps concurrent writers on one chain.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel

APPEND_ONLY = "audit log entries are append-only"


class Act(models.TextChoices):
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("账户锁定")
    LOGOUT = "logout", _("退出登录")
    OTP_ENROLLED = "otp_enrolled", _("启用双因素认证")
    OTP_FAILED = "otp_failed", _("双因素认证失败")
    OTP_REMOVED = "otp_removed", _("停用双因素认证")
    REVEAL = "reveal", _("查看个人敏感信息")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载文书或附件")
    ROLE_CHANGE = "role_change", _("岗位角色变更")
    ACCOUNT_CHANGE = "account_change", _("账户变更")
    PERMISSION_CHANGE = "permission_change", _("权限变更")
    POLICY_CHANGE = "policy_change", _("时限规则变更")
    CALENDAR_CHANGE = "calendar_change", _("工作日历调整")
    ALERT_RULE_CHANGE = "alert_rule_change", _("预警规则变更")
    KEY_ROTATION = "key_rotation", _("密钥轮换")
    BACKUP = "backup", _("数据备份")
    RESTORE = "restore", _("数据恢复")


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RuntimeError(APPEND_ONLY)

    def delete(self):
        raise RuntimeError(APPEND_ONLY)


class AuditEntry(BaseModel):
    seq = models.BigIntegerField(_("序号"), unique=True, editable=False)
    at = models.DateTimeField(_("时间"), db_index=True)
    act = models.CharField(_("行为"), max_length=32, choices=Act.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # the account name as it was (for a failed login: the name that was tried), kept if the account changes
    actor_name = models.CharField(_("账户名"), max_length=150, blank=True, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计记录")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["act", "-seq"], name="audit_act_seq"),
            models.Index(fields=["actor", "-seq"], name="audit_actor_seq"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.get_act_display()} {self.actor_name}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(APPEND_ONLY)


class AuditHead(BaseModel):
    """The single row (pk 1) naming the chain's length and last hash; locked by every writer."""

    count = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    mac = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
