"""The search index (one row per petition) and the links between petitions found to be one matter or split."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from petitions.models import Petition


class PetitionText(BaseModel):
    """A petition's segmented text, written by ``search.services`` (``index_new_petition``, ``index_petition``) whenever a service writes
    the petition. ``head`` (title, tags, cause of action, case numbers) weighs most, then ``people`` (keyed
    hash tokens of names, never a name), then ``body`` (demands and facts).

    PostgreSQL keeps a weighted ``tsvector`` column beside these, filled by a trigger and indexed with GIN
    (migrations 0001, 0002: together with ``registered_day``); SQLite keeps an FTS5 table ``search_fts`` whose
    rowid is the petition's id."""

    petition = models.OneToOneField(
        Petition, primary_key=True, on_delete=models.CASCADE, related_name="search_text"
    )
    head = models.TextField(blank=True, default="")
    people = models.TextField(blank=True, default="")
    body = models.TextField(blank=True, default="")
    # the petition's registration day (days since 1970-01-01 UTC): on PostgreSQL the GIN index holds it beside
    # the words, so "matches registered since day D" is one index scan (``search.selectors``)
    registered_day = models.IntegerField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = _("检索索引")


def registered_day(at) -> int:
    """The day number ``PetitionText.registered_day`` holds for a registration time: monotonic in time."""
    return int(at.timestamp() // 86400)


class LinkKind(models.TextChoices):
    REPEAT = "repeat", _("重信重访")
    MERGED = "merged", _("合并")
    SPLIT = "split", _("拆分")


class MatterLink(BaseModel):
    """Two petitions that staff found to be one matter (repeat, merged) or one that was split into another.

    ``source`` is the newer (repeat, merged: the one folded into ``target``) or the original (split: ``target``
    is the petition created for the separate matter). Nothing is deleted: both keep their timelines."""

    kind = models.CharField(_("类型"), max_length=12, choices=LinkKind.choices)
    source = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="links_out")
    target = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="links_in")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事项关联")
        verbose_name_plural = _("事项关联")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source", "target"], name="matterlink_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="matterlink_not_self"
            ),
        ]
