"""The project's base model, and shared records that belong to no domain area: background tasks that failed
for good."""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Django's model with a cheaper ``get_<field>_display``.

    Django builds ``dict(make_hashable(field.flatchoices))`` on every call, and hashing each lazily translated
    label translates it: 20–40 message look-ups per call, about 0.1 ms — 5 ms on a list page that shows a
    state and a channel per row. Here the value → label map is built once per field (labels stay lazy, so each
    call still speaks the request's language) and rebuilt if the field's choices are replaced.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        cached = field.__dict__.get("_choice_labels")
        if cached is None or cached[0] is not field.choices:
            cached = (field.choices, {make_hashable(k): v for k, v in field.flatchoices})
            field.__dict__["_choice_labels"] = cached
        try:
            label = cached[1].get(value, value)
        except TypeError:  # an unhashable value (a JSON list, say): as Django does it
            label = cached[1].get(make_hashable(value), value)
        return force_str(label, strings_only=True)


class FailedTask(BaseModel):
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
