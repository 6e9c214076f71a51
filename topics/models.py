"""Hot topics and 类案 (DOMAIN §10, issue 14 item 3): the clusters one batch run found among a period's
petitions, and which petition belongs to which.

A run clusters the petitions registered in its period and in the period of the same length before it, so each
cluster knows its growth: ``size`` members this period against ``previous`` the period before. The figures on a
cluster row are those of the whole province and serve the job, the early-warning rule and administrators; what a
user is shown is recounted from the membership rows inside their scope (``topics.selectors``), which carry the
few facts a page needs (time, region, unit, the member's own key terms) so that recount never reads petitions'
text.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Region, Unit
from petitions.models import Petition


class ClusterRun(BaseModel):
    """One run of the clustering job over a period ``(period_start, period_end]`` and the period before it."""

    label = models.CharField(_("统计期间"), max_length=40)
    period_start = models.DateTimeField(_("本期开始"))
    period_end = models.DateTimeField(_("本期结束"))
    previous_start = models.DateTimeField(_("上期开始"))
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    elapsed = models.FloatField(_("用时（秒）"), null=True, blank=True)
    petitions = models.PositiveIntegerField(_("参与聚类的事项数"), default=0)
    clusters = models.PositiveIntegerField(_("类案数"), default=0)
    params = models.JSONField(_("参数"), default=dict, blank=True)

    class Meta:
        verbose_name = _("类案聚类运行")
        verbose_name_plural = _("类案聚类运行")
        ordering = ["-period_end", "-id"]
        indexes = [models.Index(fields=["-finished_at", "-id"], name="clusterrun_finished")]

    def __str__(self):
        return f"{self.label}（{self.period_start:%Y-%m-%d}—{self.period_end:%Y-%m-%d}）"

    @property
    def is_complete(self) -> bool:
        return self.finished_at is not None


class MatchKind(models.TextChoices):
    CASE = "case", _("同一原案")
    DUPLICATE = "duplicate", _("内容近似")
    TOPIC = "topic", _("同类问题")


class Cluster(BaseModel):
    """A group of near-duplicate or same-topic petitions. ``keywords`` label it; ``size`` counts its members
    registered in the run's period, ``previous`` those of the period before; ``region`` is the smallest region
    holding every member's problem region (whose 政法委 sees all of them)."""

    run = models.ForeignKey(ClusterRun, on_delete=models.CASCADE, related_name="cluster_set")
    kind = models.CharField(_("聚类依据"), max_length=12, choices=MatchKind.choices)
    keywords = models.JSONField(_("关键词"), default=list)
    size = models.PositiveIntegerField(_("本期件数"))
    previous = models.PositiveIntegerField(_("上期件数"))
    growth = models.IntegerField(_("增量"))
    first_at = models.DateTimeField(_("最早登记"))
    last_at = models.DateTimeField(_("最近登记"))
    region = models.ForeignKey(
        Region, verbose_name=_("涉及地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    regions = models.JSONField(_("地区分布"), default=dict, blank=True)  # region code → members
    units = models.JSONField(_("涉及单位"), default=dict, blank=True)  # unit id → members
    cohesion = models.FloatField(_("紧密度"), default=0.0)

    class Meta:
        verbose_name = _("类案")
        verbose_name_plural = _("类案")
        ordering = ["-size", "-growth", "id"]
        indexes = [models.Index(fields=["run", "-size", "-growth"], name="cluster_run_rank")]

    def __str__(self):
        return "、".join(self.keywords[:3]) or f"#{self.pk}"

    @property
    def label(self) -> str:
        return " ".join(self.keywords[:5])

    @property
    def growth_rate(self) -> float | None:
        """(size − previous) / previous, None when nothing the period before."""
        return (self.size - self.previous) / self.previous if self.previous else None


class Membership(BaseModel):
    """A petition in a cluster, with the facts a scoped page counts: when, where, which unit, the member's own
    key terms (labels shown to a user come only from the members they may see)."""

    run = models.ForeignKey(ClusterRun, on_delete=models.CASCADE, related_name="+")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    current = models.BooleanField(_("本期"))
    registered_at = models.DateTimeField(_("登记时间"))
    region_code = models.CharField(_("问题发生地"), max_length=6, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    terms = models.CharField(_("关键词"), max_length=200, blank=True)
    similarity = models.FloatField(_("与类中心相似度"), default=0.0)

    class Meta:
        verbose_name = _("类案成员")
        verbose_name_plural = _("类案成员")
        constraints = [
            models.UniqueConstraint(fields=["run", "petition"], name="membership_one_cluster_per_run")
        ]
        indexes = [
            models.Index(fields=["cluster", "-registered_at"], name="membership_cluster_recent"),
        ]
