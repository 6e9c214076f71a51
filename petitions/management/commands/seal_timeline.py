"""``manage.py seal_timeline``: seal the events written before the hash chain existed (the backfill).

The migration that added the chain seals existing events already; this command does the same for events an
older version of the platform wrote afterwards, and may be rerun at any time (it touches only unsealed events).
"""

from django.core.management.base import BaseCommand

from petitions.chain import seal_unsealed


class Command(BaseCommand):
    help = "为尚未封存的办理记录补建哈希链（按写入顺序逐个信访事项封存；只处理未封存的记录，可重复执行）。"

    def handle(self, *args, **options) -> None:
        count = seal_unsealed(log=lambda message: self.stdout.write(message))
        self.stdout.write(self.style.SUCCESS(f"共封存 {count:,d} 条办理记录。"))
