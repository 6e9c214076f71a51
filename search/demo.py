"""Demo data of search: the index of every demo petition (the demo generator writes petitions in bulk, beside
the registration service), so the list's keyword box finds them from the first start. Written by
``reindex_search --missing``; a large seed on PostgreSQL spreads it over one process per core."""

import io
import os

from django.core.management import call_command
from django.db import connection

from petitions.models import Petition

PARALLEL_FROM = 20_000  # petitions


def seed(log=print) -> None:
    missing = Petition.objects.filter(search_text__isnull=True).count()
    workers = 1
    if connection.vendor == "postgresql" and missing >= PARALLEL_FROM:
        workers = max(1, min(os.cpu_count() or 1, 8))
        log(f"检索索引：{missing} 件信访事项，{workers} 个进程并行 …")
    call_command(
        "reindex_search", "--missing", "--batch", "1000", "--workers", str(workers), stdout=io.StringIO()
    )
    log(f"检索索引：{missing} 件信访事项")
