"""One ledger import (台账导入): the uploaded file, who uploaded it, what validation found, what was imported.

The uploaded workbook and its workbook of rejected rows are kept encrypted (``core.filecrypt``) under random
names in ``MEDIA_ROOT/ledger-imports/`` (never served directly); the import is addressed by a random token that
only its uploader can use. Rows here are written only by ``ledger.services``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.filecrypt import random_name
from core.models import BaseModel


class ImportStatus(models.TextChoices):
    VALIDATED = "validated", _("已校验，待确认")
    INVALID = "invalid", _("文件无法导入")
    IMPORTING = "importing", _("正在导入")
    IMPORTED = "imported", _("已导入")
    FAILED = "failed", _("导入失败")


class ImportMode(models.TextChoices):
    ALL = "all", _("全部导入（有错误则不导入）")
    VALID_ONLY = "valid_only", _("只导入有效行")


def upload_path(instance, filename):
    """A random name: neither the access token nor the uploaded name appears on disk."""
    return random_name("ledger-imports")


def error_path(instance, filename):
    return random_name("ledger-imports")


class LedgerImport(BaseModel):
    token = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(upload_to=upload_path, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("大小"), default=0)
    status = models.CharField(_("状态"), max_length=12, choices=ImportStatus.choices)
    mode = models.CharField(_("导入方式"), max_length=12, choices=ImportMode.choices, blank=True)
    total_rows = models.PositiveIntegerField(_("数据行"), default=0)
    valid_rows = models.PositiveIntegerField(_("有效行"), default=0)
    bad_rows = models.PositiveIntegerField(_("错误行"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    errors = models.JSONField(default=list, blank=True)  # the first errors: [row, column, message]
    by_state = models.JSONField(default=dict, blank=True)  # valid rows per state label
    error_file = models.FileField(upload_to=error_path, max_length=255, blank=True)
    imported_count = models.PositiveIntegerField(_("已导入件数"), default=0)
    message = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="ledger_import_user_recent")]

    def __str__(self):
        return self.file_name

    @property
    def can_import_all(self) -> bool:
        return self.status == ImportStatus.VALIDATED and self.valid_rows > 0 and self.bad_rows == 0

    @property
    def can_import_valid_only(self) -> bool:
        return self.status == ImportStatus.VALIDATED and self.valid_rows > 0 and self.bad_rows > 0
