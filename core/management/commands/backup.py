"""``manage.py backup --output FILE``: database and attachment files in one verified archive (keys excluded)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import FORMAT_PORTABLE, BackupError, create_backup, key_locations


class Command(BaseCommand):
    help = (
        "备份数据库和附件文件到一个归档文件（tar.gz，含清单与逐文件 SHA-256 校验值）。"
        "密钥不在备份中，须另行备份。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", required=True, help="备份文件路径，如 /backup/xinfang-20260101.tar.gz"
        )
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")
        parser.add_argument(
            "--portable",
            action="store_true",
            help="PostgreSQL 也用与版本无关的通用格式（Django 序列化）导出，而不用 pg_dump",
        )

    def handle(self, *args, **options) -> None:
        output = Path(options["output"])
        if output.is_dir():
            raise CommandError(f"--output 应为文件路径，而“{output}”是目录。")
        try:
            manifest = create_backup(
                output,
                alias=options["database"],
                db_format=FORMAT_PORTABLE if options["portable"] else None,
                log=lambda m: self.stderr.write(m),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = [m for m in manifest["members"] if m.startswith("media/")]
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{output}（{output.stat().st_size} 字节）；数据库 {manifest['engine']}，"
                f"格式 {manifest['database_format']}，{len(manifest['row_counts'])} 张表 {rows} 行；"
                f"附件文件 {len(files)} 个。"
            )
        )
        self.stdout.write(
            self.style.WARNING(
                "注意：密钥不在备份中。没有密钥，备份中的个人信息和加密附件无法解密。请把以下密钥另行安全备份"
                "（与备份文件分开保存）："
            )
        )
        for where in key_locations():
            self.stdout.write(f"  - {where}")
