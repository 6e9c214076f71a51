"""Rebuild the search index in batches: ``python manage.py reindex_search [--batch 2000] [--missing] [--workers N]``.

Segmenting the text (jieba, in Python) is most of the work, so ``--workers`` spreads the batches over that many
processes (PostgreSQL only: SQLite takes one writer at a time). Each batch is one transaction.
"""

import multiprocessing
import time

from django.core.management.base import BaseCommand
from django.db import connection, connections, transaction

from petitions.models import Petition
from search.services import index_petitions


def _index_batch(ids: list[int]) -> int:
    with transaction.atomic():
        return index_petitions(ids)


def _batches(qs, batch: int):
    last = 0
    while True:
        ids = list(qs.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
        if not ids:
            return
        yield ids
        last = ids[-1]


class Command(BaseCommand):
    help = "重建全文检索索引（分批）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="每批事项数（默认2000）")
        parser.add_argument("--missing", action="store_true", help="只为尚无索引的事项建立索引")
        parser.add_argument(
            "--workers", type=int, default=1, help="并行进程数（默认1；仅PostgreSQL，建议不超过CPU核数）"
        )

    def handle(self, *args, batch, missing, workers, **options):
        if batch < 1:
            self.stderr.write("--batch 必须大于0。")
            raise SystemExit(2)
        if workers < 1:
            self.stderr.write("--workers 必须大于0。")
            raise SystemExit(2)
        if workers > 1 and connection.vendor != "postgresql":
            self.stderr.write("--workers 大于1 只适用于PostgreSQL（SQLite 同一时刻只允许一个写入者）。")
            raise SystemExit(2)
        qs = Petition.objects.order_by("pk")
        if missing:
            qs = qs.filter(search_text__isnull=True)
        total = qs.count()
        done, started = 0, time.monotonic()
        if workers == 1:
            results = map(_index_batch, _batches(qs, batch))
            pool = None
        else:
            ids = list(qs.values_list("pk", flat=True))  # read up front: the batches are then independent
            chunks = [ids[i : i + batch] for i in range(0, len(ids), batch)]
            connections.close_all()  # no connection may be shared with the children
            pool = multiprocessing.get_context("fork").Pool(workers)
            results = pool.imap_unordered(_index_batch, chunks)
        try:
            for count in results:
                done += count
                self.stdout.write(f"已索引 {done}/{total}（{time.monotonic() - started:.0f} 秒）")
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        self.stdout.write(self.style.SUCCESS(f"完成：{done} 件，用时 {time.monotonic() - started:.1f} 秒。"))
