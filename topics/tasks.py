"""Celery task of hot topics. Beat runs ``cluster_topics_task`` daily (settings ``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from core.tasks import ReliableTask
from topics.services import cluster_topics


@shared_task(name="topics.tasks.cluster_topics_task", base=ReliableTask, ignore_result=False)
def cluster_topics_task(period: str = "month") -> dict:
    """Cluster the period's petitions (``week``, ``month``, ``quarter``, ``Nd`` or ``YYYY-MM``)."""
    run = cluster_topics(period=period)
    return {"run": run.pk, "petitions": run.petitions, "clusters": run.clusters, "elapsed": run.elapsed}
