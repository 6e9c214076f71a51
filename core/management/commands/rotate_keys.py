"""manage.py rotate_keys — put every encrypted value and stored file under the newest key of the ring."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import rotation


class Command(BaseCommand):
    help = (
        "用密钥环中最新的密钥（XINFANG_FIELD_KEYS 的第一个）重新加密全部个人敏感信息字段，"
        "重新封装全部附件和台账文件的数据密钥，并加密仍为明文的旧文件。分批处理，中断后再次运行即可继续；"
        "全部完成后才可以从密钥环中移除旧密钥。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=rotation.BATCH, help="每批处理的行数（默认 500）"
        )
        parser.add_argument("--fields-only", action="store_true", help="只处理数据库中的加密字段")
        parser.add_argument("--files-only", action="store_true", help="只处理存储的文件")

    def handle(self, *args, batch_size, fields_only, files_only, **options):
        if batch_size < 1:
            raise CommandError("--batch-size 必须是正整数。")
        if fields_only and files_only:
            raise CommandError("--fields-only 与 --files-only 不能同时使用。")
        keys = settings.FIELD_ENCRYPTION_KEYS
        self.stdout.write(f"密钥环中有 {len(keys)} 个密钥；所有数据将改用第一个（最新的）密钥加密。")
        tallies = []
        try:
            if not files_only:
                tallies += rotation.rotate_fields(batch=batch_size, progress=self.stdout.write)
            if not fields_only:
                tallies += rotation.rotate_files(batch=batch_size, progress=self.stdout.write)
        except rotation.RotationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        self.stdout.write("汇总：")
        problems = []
        for tally in tallies:
            self.stdout.write(
                f"  {tally.label}：检查 {tally.seen}，处理 {tally.changed}，问题 {len(tally.problems)}"
            )
            problems += tally.problems
        for problem in problems:
            self.stderr.write(f"  ✗ {problem}")
        if problems:
            raise CommandError(f"有 {len(problems)} 处无法处理（见上）；在处理之前请不要移除旧密钥。")
        message = "全部数据已在最新密钥下。"
        if len(keys) > 1 and not (fields_only or files_only):
            message += "现在可以从 XINFANG_FIELD_KEYS 中移除旧密钥（请先确认备份也已更新）。"
        self.stdout.write(self.style.SUCCESS(message))
