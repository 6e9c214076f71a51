"""``manage.py restore FILE [--force]``: verify a backup archive completely, then restore database and files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, key_locations, restore_archive


class Command(BaseCommand):
    help = (
        "从备份文件恢复数据库和附件文件。先完整校验（校验值、成员、路径、迁移版本），"
        "有任何问题即拒绝且不改动任何数据；目标数据库非空时须加 --force。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="由 manage.py backup 生成的备份文件")
        parser.add_argument("--force", action="store_true", help="目标数据库非空时仍然覆盖")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, **options) -> None:
        try:
            report = restore_archive(
                Path(options["archive"]),
                alias=options["database"],
                force=options["force"],
                log=lambda m: self.stderr.write(m),
            )
        except BackupError as exc:
            raise CommandError(f"恢复被拒绝：{exc}") from exc
        manifest = report.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：备份时间 {manifest['created_at']}，{len(report.tables)} 张表 {report.rows} 行，"
                f"附件文件 {report.files} 个（{report.bytes} 字节）。"
            )
        )
        for table in ("petitions_petition", "petitions_event", "petitions_attachment", "organisations_user"):
            if table in report.tables:
                self.stdout.write(f"  {table}: {report.tables[table]}")
        if report.migrated:
            self.stdout.write(f"已按本程序补充迁移：{'、'.join(report.migrated)}")
        self.stdout.write(self.style.WARNING("请确认本机使用的是备份时的密钥：" + "；".join(key_locations())))
