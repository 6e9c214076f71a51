"""Trained text models (versioned, stored in the database) and the officers' decisions on their suggestions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from petitions.models import Petition


class Kind(models.TextChoices):
    """What a suggestion is about: the three routing decisions made at intake (issue 14 item 4)."""

    IS_LEGAL = "is_legal", _("诉访分离")
    SYSTEM = "responsible_system", _("责任系统")
    CATEGORY = "problem_category", _("问题类别")


class Source(models.TextChoices):
    PLATFORM = "platform", _("本平台已确认的信访事项")
    DEMO = "demo", _("演示数据（起始模型）")


class TextModel(BaseModel):
    """One trained version: a classifier per kind, pickled by joblib into ``payload`` and sealed with an HMAC
    (``digest``) under the field hash key, so only what this installation trained is ever unpickled."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    trained_at = models.DateTimeField(_("训练时间"))
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("训练数据"), max_length=16, choices=Source.choices)
    method = models.CharField(_("方法"), max_length=32)
    n_texts = models.PositiveIntegerField(_("训练文本数"))
    # per kind: {"n_texts", "labels": {label: n}, "dropped": {label: n}, "cv": {"accuracy", "macro_f1", ...}}
    metrics = models.JSONField(_("评估结果"), default=dict)
    seconds = models.FloatField(_("训练耗时（秒）"), default=0)
    payload = models.BinaryField(editable=False)
    digest = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("文本模型")
        verbose_name_plural = _("文本模型")
        ordering = ["-version"]

    def __str__(self):
        return f"v{self.version} {self.get_source_display()}"

    @property
    def is_starter(self) -> bool:
        return self.source == Source.DEMO


class Decision(BaseModel):
    """An officer's decision on one suggestion: accepted as suggested, or changed to another value. Written
    only by ``textmodels.services.suggestion_confirm``; one per petition and kind."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="suggestion_decisions")
    kind = models.CharField(_("建议类型"), max_length=24, choices=Kind.choices)
    model = models.ForeignKey(TextModel, on_delete=models.PROTECT, related_name="decisions")
    suggested = models.CharField(_("建议值"), max_length=24)
    confidence = models.FloatField(_("置信度"))
    chosen = models.CharField(_("确认值"), max_length=24)
    accepted = models.BooleanField(_("采纳建议"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("确认时间"))

    class Meta:
        verbose_name = _("建议确认记录")
        verbose_name_plural = _("建议确认记录")
        ordering = ["-decided_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["petition", "kind"], name="decision_once_per_kind")]
        indexes = [models.Index(fields=["kind", "accepted"], name="decision_kind_accepted")]
