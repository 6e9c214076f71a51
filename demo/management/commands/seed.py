"""``manage.py seed``: the demo province with its units, staff, demo accounts and petitions."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from demo import generator, structure
from demo.apps import seed_apps


class Command(BaseCommand):
    help = (
        "生成演示数据：甘肃省（兰州、武威、张掖三市及所辖18个县区）的各级政法单位、各角色工作人员、演示账号、"
        "信访人和信访事项（默认2000件，2021年至今）。同一 --seed 生成相同的数据。"
        "数据库中已有演示省份时不做任何改动，除非指定 --add（在现有省份上再追加 --petitions 件）"
        "或 --reset（仅 PostgreSQL：清空全部信访数据、演示单位和生成的账号后重新生成；"
        "SQLite 的办理记录受触发器保护不能删除，请删除数据库文件后重新 migrate）。"
        f"所有演示账号的密码均为 {structure.DEMO_PASSWORD}。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--petitions",
            type=int,
            default=None,
            help=f"生成的信访事项件数（默认 {generator.DEFAULT_PETITIONS}）",
        )
        parser.add_argument("--seed", type=int, default=generator.DEFAULT_SEED, help="随机种子（默认 2026）")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help=f"用 PostgreSQL COPY 批量写入（{generator.BULK_THRESHOLD:,} 件起自动启用；其他数据库改用 bulk_create）",
        )
        parser.add_argument(
            "--add",
            action="store_true",
            help="演示省份已存在时，再追加 --petitions 件信访事项（用于性能测试）",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="先清空信访数据、演示单位和生成的账号再重新生成（仅 PostgreSQL）",
        )
        parser.add_argument("--noinput", "--no-input", action="store_true", help="--reset 时不再询问确认")

    def handle(self, *args, **options) -> None:
        count = options["petitions"]
        if count is not None and count < 0:
            raise CommandError("--petitions 不能为负数。")
        if options["reset"]:
            if connection.vendor != "postgresql":
                raise CommandError(
                    "--reset 仅支持 PostgreSQL：SQLite 上的办理记录受触发器保护、不能删除。"
                    "请删除数据库文件（默认 var/xinfang.sqlite3）后执行 migrate 和 seed。"
                )
            if not options["noinput"]:
                answer = input("将清空全部信访事项、演示单位和生成的账号，确定吗？输入 yes 继续：")
                if answer.strip().lower() != "yes":
                    raise CommandError("已取消。")
            generator.reset_demo_data()
            self.stdout.write("已清空演示数据。")

        def log(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        result = generator.seed(
            petitions=count,
            seed_value=options["seed"],
            bulk=True if options["bulk"] else None,
            add=options["add"],
            log=log,
        )
        if result.message:
            self.stdout.write(result.message)
            self.stdout.write("如需追加信访事项请使用 --add，重新生成请使用 --reset（PostgreSQL）。")
        else:
            rate = result.petitions / result.seconds if result.seconds else 0.0
            self.stdout.write(
                self.style.SUCCESS(
                    f"已生成信访事项 {result.petitions:,} 件、信访人 {result.petitioners:,} 名，"
                    f"用时 {result.seconds:.1f} 秒（{rate:,.0f} 件/秒，写入方式 {result.sink}）。"
                )
            )
            seed_apps(log)
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {structure.DEMO_PASSWORD}）：")
        self.stdout.write(structure.format_accounts_table(structure.demo_accounts()))
        if settings.XINFANG_REQUIRE_2FA:
            self.stdout.write(
                "管理员、督办员和领导账号首次登录后须用手机身份验证器设置双因素认证（XINFANG_REQUIRE_2FA=1）。"
            )
        else:
            self.stdout.write(
                "演示环境不强制双因素认证（生产环境对管理员、督办员和领导强制）；任何账号都可在“账号安全”中开启。"
            )
