"""Reads shared by administration pages."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from core.models import FailedTask


def failed_tasks_recent(*, days: int = 7, limit: int = 50) -> QuerySet[FailedTask]:
    """Background tasks that failed for good in the last ``days`` days, newest first."""
    since = timezone.now() - timedelta(days=days)
    return FailedTask.objects.filter(failed_at__gte=since).order_by("-failed_at", "-id")[:limit]
