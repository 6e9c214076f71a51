"""Shared records that belong to no domain area: background tasks that failed for good."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FailedTask(models.Model):
    """A background task that failed after its last retry, for administrators to see and act on."""

    task_name = models.CharField(_("任务"), max_length=200, db_index=True)
    task_id = models.CharField(_("任务编号"), max_length=100, blank=True)
    args = models.JSONField(_("位置参数"), default=list, blank=True)
    kwargs = models.JSONField(_("关键字参数"), default=dict, blank=True)
    exception = models.TextField(_("错误"))
    traceback = models.TextField(_("调用栈摘要"), blank=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=1)
    failed_at = models.DateTimeField(_("失败时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("失败的后台任务")
        verbose_name_plural = _("失败的后台任务")
        ordering = ["-failed_at", "-id"]

    def __str__(self):
        return f"{self.task_name} · {self.failed_at:%Y-%m-%d %H:%M}"
