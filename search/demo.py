"""Demo data of search: the index of every demo petition (the demo generator writes petitions in bulk, beside
the registration service), so the list's keyword box finds them from the first start."""

import io
import os

from django.core.management import call_command
from django.db import connection, transaction

from petitions.models import Petition
from search.services import index_petitions

BATCH = 1000
PARALLEL_FROM = 20_000  # petitions: on PostgreSQL a bulk seed this large is indexed by one process per core


def seed(log=print) -> None:
    ids = list(Petition.objects.filter(search_text__isnull=True).order_by("pk").values_list("pk", flat=True))
    if connection.vendor == "postgresql" and len(ids) >= PARALLEL_FROM:
        workers = max(1, min(os.cpu_count() or 1, 8))
        log(f"检索索引：{len(ids)} 件信访事项，{workers} 个进程并行 …")
        call_command("reindex_search", "--missing", "--workers", str(workers), stdout=io.StringIO())
    else:
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                index_petitions(ids[start : start + BATCH])
    log(f"检索索引：{len(ids)} 件信访事项")
