"""Rebuild the search index in batches: ``python manage.py reindex_search [--batch 2000] [--missing] [--workers N]``.

Segmenting the text (jieba, in Python) is most of the work, so ``--workers`` spreads the batches over that many
processes (PostgreSQL only: SQLite takes one writer at a time), each a fresh interpreter (``search.workers``). Each
batch is one transaction.
"""

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.core.management.base import BaseCommand
from django.db import connection

from petitions.models import Petition
from search import workers as worker


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
            for ids in _batches(qs, batch):
                done += worker.index_batch(ids)
                self.stdout.write(f"已索引 {done}/{total}（{time.monotonic() - started:.0f} 秒）")
        else:
            ids = list(qs.values_list("pk", flat=True))  # read up front: the batches are then independent
            pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker.start,
                initargs=(os.environ["DJANGO_SETTINGS_MODULE"], dict(connection.settings_dict)),
            )
            try:
                jobs = [
                    pool.submit(worker.index_batch, ids[i : i + batch]) for i in range(0, len(ids), batch)
                ]
                for job in as_completed(jobs):
                    done += job.result()  # a worker's error (or its death) ends the command here
                    self.stdout.write(f"已索引 {done}/{total}（{time.monotonic() - started:.0f} 秒）")
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        self.stdout.write(self.style.SUCCESS(f"完成：{done} 件，用时 {time.monotonic() - started:.1f} 秒。"))
