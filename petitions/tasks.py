"""Celery tasks of the petitions app. Beat asks for the daily timeline anchor every hour (one is taken per day)."""

from celery import shared_task

from petitions.chain import take_daily_anchor


@shared_task(name="petitions.tasks.anchor_timeline_task", ignore_result=False)
def anchor_timeline_task() -> dict | None:
    """Take today's anchor over every timeline chain unless it exists. Returns the new anchor, or None."""
    anchor = take_daily_anchor()
    if anchor is None:
        return None
    return {"day": anchor.day.isoformat(), "seq": anchor.seq, "chains": anchor.chains, "hash": anchor.hash}
