"""Rebuild the search index in batches: ``python manage.py reindex_search [--batch 2000] [--missing]``."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from petitions.models import Petition
from search.services import index_petitions


class Command(BaseCommand):
    help = "重建全文检索索引（分批）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="每批事项数（默认2000）")
        parser.add_argument("--missing", action="store_true", help="只为尚无索引的事项建立索引")

    def handle(self, *args, batch, missing, **options):
        if batch < 1:
            self.stderr.write("--batch 必须大于0。")
            raise SystemExit(2)
        qs = Petition.objects.order_by("pk")
        if missing:
            qs = qs.filter(search_text__isnull=True)
        total = qs.count()
        done, last, started = 0, 0, time.monotonic()
        while True:
            ids = list(qs.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
            if not ids:
                break
            with transaction.atomic():
                done += index_petitions(ids)
            last = ids[-1]
            elapsed = time.monotonic() - started
            self.stdout.write(f"已索引 {done}/{total}（{elapsed:.0f} 秒）")
        self.stdout.write(self.style.SUCCESS(f"完成：{done} 件，用时 {time.monotonic() - started:.1f} 秒。"))
