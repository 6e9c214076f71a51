"""Benchmark of the ledger import (台账导入) on PostgreSQL.

Creates a fresh database (dropping one of the same name), migrates it, creates the units of one province (甘肃:
per city a 政法委 and an intermediate court, per county a 政法委, a 联合接访中心, a court and a police bureau)
and a 系统管理员, generates a realistic ledger xlsx in the template of ``ledger.columns`` (Chinese names, valid
identity numbers, case numbers, texts, and lifecycle markers consistent with each state), then runs validation
and import through the service (``ledger.services``, not the web view) and prints the seconds of each. It also
exports the imported ledger again and times that. The database is dropped afterwards unless ``--keep``.

    .venv/bin/python bench/import_bench.py                  # 100,000 rows; requirement: import under 2 minutes
    .venv/bin/python bench/import_bench.py --rows 10000 --keep
"""

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS = 120  # validation + import of 100,000 rows
TZ = ZoneInfo("Asia/Shanghai")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国秀英志强海燕国华桂兰玉梅德明春生文军丽娟红霞小平永刚立新淑珍晓东振华凤英学军金花宏伟桂芳俊杰婷婷佳豪子涵浩然雨欣思远"
STATES = [  # (label, weight)
    ("办结", 56), ("归档", 6), ("终结", 2), ("转送信访部门", 8), ("不予受理", 4), ("导入法律程序", 3),
    ("办理中", 6), ("交办", 3), ("已答复", 2), ("已回访", 1), ("复查中", 2), ("复核中", 1), ("登记", 6),
]  # fmt: skip
REPLY_OUTCOMES = [("支持", 15), ("解释说明", 60), ("不予支持", 25)]
CHANNELS = [
    ("来访", 45),
    ("来信", 20),
    ("网上", 20),
    ("电话", 5),
    ("视频", 4),
    ("上级交办", 4),
    ("领导批示", 1),
    ("部门转来", 1),
]
CASE_KINDS = [  # (case type in the number, category, problem category, title template)
    ("民初", "民事", "不服裁判", "不服{case}民事判决，请求再审"),
    ("民终", "民事", "不服裁判", "对{case}二审判决不服，申请再审"),
    ("执", "执行", "执行问题", "申请执行{case}案件，执行款至今未到位"),
    ("刑初", "刑事", "不服裁判", "不服{case}刑事判决，申诉要求改判"),
    ("行初", "行政", "不服裁判", "要求撤销{case}行政判决"),
    ("赔", "国家赔偿", "国家赔偿与救助", "就{case}申请国家赔偿"),
]
POLICE_TITLES = [
    "反映{county}公安局民警违法办案",
    "要求{county}公安局对诈骗案立案侦查",
    "反映派出所久拖不决，要求依法处理",
]
SENTENCES = [
    "信访人称原审法院认定事实不清、证据不足，适用法律错误。",
    "信访人反映判决生效已两年，被执行人名下房产车辆未被依法查封。",
    "信访人认为办案人员态度粗暴，未依法告知其诉讼权利。",
    "信访人称其多次到法院询问执行进展，均未得到明确答复。",
    "信访人要求依法追究相关责任人员的责任，并赔偿其经济损失。",
    "据信访人所述，案件审理期间鉴定程序违法，鉴定意见不应采信。",
    "信访人反映其与村委会土地承包合同纠纷一案，判决后未能履行。",
    "信访人称公安机关对其报案不予立案，也未出具不予立案通知书。",
    "信访人认为一审、二审判决均未考虑其提交的新证据。",
    "信访人因生活困难，请求给予司法救助。",
]
DEMANDS = [
    "请求依法再审，撤销原判决。",
    "请求法院尽快执行到位，维护合法权益。",
    "请求依法立案侦查，追究违法人员责任。",
    "请求依法给予国家赔偿。",
    "请求对办案人员违法行为进行调查处理。",
]
TAGS = ["征地", "拆迁", "执行难", "劳务纠纷", "国企改制"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database", default="xinfang_importbench")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--keep", action="store_true", help="keep the database and the generated file")
    parser.add_argument(
        "--no-export", action="store_true", help="skip timing the export of the imported ledger"
    )
    return parser.parse_args(argv)


def admin_connection(args: argparse.Namespace) -> psycopg.Connection:
    return psycopg.connect(host=args.host, port=args.port, user=args.user, dbname="postgres", autocommit=True)


def recreate_database(args: argparse.Namespace) -> None:
    with admin_connection(args) as conn:
        name = sql.Identifier(args.database)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def drop_database(args: argparse.Namespace) -> None:
    with admin_connection(args) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(args.database)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["XINFANG_DEBUG"] = "0"  # no query log: it would hold every bulk INSERT in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_province():
    """The units the rows reference, and the 系统管理员 who imports."""
    from organisations.models import (
        UNIT_TYPE_SYSTEM,
        Membership,
        Region,
        Role,
        Unit,
        UnitLevel,
        UnitType,
        User,
    )
    from petitions.models import Tag

    def unit(region, unit_type, name, parent, level):
        return Unit.objects.create(
            code=f"{region.code}-{unit_type}",
            name=name,
            level=level,
            type=unit_type,
            system=UNIT_TYPE_SYSTEM[unit_type],
            region=region,
            parent=parent,
        )

    province = Region.objects.get(code="620000")
    top = unit(province, UnitType.COMMITTEE, "甘肃省委政法委", None, UnitLevel.PROVINCE)
    unit(province, UnitType.COURT, "甘肃省高级人民法院", top, UnitLevel.PROVINCE)
    counties = []
    for city in Region.objects.filter(parent=province).order_by("code"):
        committee = unit(city, UnitType.COMMITTEE, f"{city.name}委政法委", top, UnitLevel.CITY)
        court = unit(city, UnitType.COURT, f"{city.name}中级人民法院", committee, UnitLevel.CITY)
        for county in Region.objects.filter(parent=city).order_by("code"):
            c_committee = unit(
                county, UnitType.COMMITTEE, f"{county.name}委政法委", committee, UnitLevel.COUNTY
            )
            counties.append(
                {
                    "region": county.code,
                    "name": county.name,
                    "city_code": city.code,
                    "center": unit(
                        county,
                        UnitType.RECEPTION_CENTER,
                        f"{county.name}联合接访中心",
                        c_committee,
                        UnitLevel.COUNTY,
                    ).code,  # fmt: skip
                    "court": unit(
                        county, UnitType.COURT, f"{county.name}人民法院", court, UnitLevel.COUNTY
                    ).code,
                    "police": unit(
                        county, UnitType.POLICE, f"{county.name}公安局", c_committee, UnitLevel.COUNTY
                    ).code,
                    "committee": c_committee.code,
                    "city_court": court.code,
                    "city_committee": committee.code,
                }
            )
    admin = User.objects.create_user(username="ledger-admin", password=None, full_name="台账管理员")
    Membership.objects.create(user=admin, unit=top, role=Role.SYSADMIN)
    for name in TAGS:
        Tag.objects.get_or_create(name=name)
    return admin, counties, Unit.objects.count()


def id_number(rng: random.Random, region: str) -> str:
    from core.validators import id_number_check_char

    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 60 * 365))
    first17 = f"{region}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + id_number_check_char(first17)


def moment(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    span = max(int((end - start).total_seconds()), 60)
    value = start + dt.timedelta(seconds=rng.randrange(0, span))
    return value.astimezone(TZ).replace(second=0, microsecond=0, tzinfo=None)  # Beijing wall-clock time


def weighted(rng: random.Random, pairs):
    labels, weights = zip(*pairs, strict=True)
    return rng.choices(labels, weights)[0]


def generate_rows(rng: random.Random, counties: list[dict], n: int, now: dt.datetime):
    """Rows in the template's column order, each consistent with its state (ledger.services checks)."""
    from ledger.columns import COLUMNS

    keys = [c.key for c in COLUMNS]
    start = dt.datetime(2021, 1, 1, 8, 0, tzinfo=TZ)
    sequence: dict[tuple[str, int], int] = {}
    days = dt.timedelta(days=1)
    for _ in range(n):
        county = rng.choice(counties)
        state = weighted(rng, STATES)
        if state == "登记":
            registered = moment(rng, now - 12 * days, now - days)
        elif state in ("交办", "办理中", "导入法律程序"):
            registered = moment(rng, now - 120 * days, now - 20 * days)
        elif state in ("已答复", "已回访"):
            registered = moment(rng, now - 250 * days, now - 120 * days)
        elif state in ("复查中", "复核中"):
            registered = moment(rng, now - 300 * days, now - 150 * days)
        else:
            registered = moment(rng, start, now - 500 * days)
        key = (county["region"], registered.year)
        sequence[key] = sequence.get(key, 0) + 1
        kind, category, problem, title = rng.choice(CASE_KINDS)
        case = (
            f"({registered.year - rng.randint(1, 4)})甘{county['region'][2:]}{kind}{rng.randint(1, 2999)}号"
        )
        police = rng.random() < 0.15
        names = [rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))]
        group = 1
        if rng.random() < 0.05:
            group = rng.randint(5, 30)
            names += [rng.choice(SURNAMES) + rng.choice(GIVEN) for _ in range(rng.randint(1, 3))]
        flags = [
            f
            for f, p in (("越级访", 0.04), ("重信重访", 0.1), ("赴省访", 0.02), ("进京访", 0.005))
            if rng.random() < p
        ]
        v = dict.fromkeys(keys)
        v.update(
            number=f"{county['region']}-{registered.year}-{sequence[key]:06d}",
            registered_at=registered,
            registered_unit=county["center"],
            channel=weighted(rng, CHANNELS),
            names="、".join(names),
            id_number=id_number(rng, county["region"]) if rng.random() < 0.9 else None,
            phone=f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}" if rng.random() < 0.85 else None,
            group_size=group,
            problem_region=county["region"],
            residence_region=county["region"] if rng.random() < 0.9 else rng.choice(counties)["region"],
            title=(
                rng.choice(POLICE_TITLES).format(county=county["name"]) if police else title.format(case=case)
            ),
            demands=rng.choice(DEMANDS),
            facts="".join(rng.sample(SENTENCES, rng.randint(2, 5))),
            orig_unit=f"{county['name']}公安局" if police else f"{county['name']}人民法院",
            case_number="" if police else case,
            case_category="" if police else category,
            case_stage=rng.choice(["已生效", "执行", "二审", "一审"]) if not police else "侦查",
            flags=";".join(flags),
            tags=rng.choice(TAGS) if rng.random() < 0.2 else None,
            problem_category="涉警执法" if police else problem,
            responsible_system="公安" if police else "法院",
            is_backlog="是" if rng.random() < 0.03 else "否",
            state=state,
            review_level=0,
            settlement_state="未结未息",
        )
        handler = county["police"] if police else county["court"]
        if state in ("转送信访部门", "不予受理"):
            v["screening_outcome"] = state
            v["accepted_on_time"] = "是" if rng.random() < 0.93 else "否"
            v["closed_at"] = registered + rng.randint(1, 15) * days
        elif state == "导入法律程序":
            v.update(screening_outcome=state, accepted_on_time="是", handling_unit=county["city_court"])
        elif state != "登记":
            accepted = registered + dt.timedelta(hours=rng.randint(2, 20 * 24))
            v.update(
                screening_outcome="受理",
                accepted_at=accepted,
                accepted_on_time="是" if accepted - registered <= 15 * days else "否",
                handling_unit=handler,
            )
            if state in ("交办", "办理中"):
                if rng.random() < 0.5:
                    v["deadline"] = (accepted + 60 * days).date()
            else:
                replied = accepted + rng.randint(10, 75) * days
                v.update(
                    replied_at=replied,
                    replied_on_time="是" if replied - accepted <= 60 * days else "否",
                    satisfaction=weighted(rng, [("满意", 60), ("基本满意", 25), ("不满意", 10), (None, 5)]),
                    reply_outcome=weighted(rng, REPLY_OUTCOMES),
                    delivered_on=(replied + rng.randint(1, 7) * days).date(),
                )
                if state == "已答复":
                    v["satisfaction"] = None
                    if rng.random() < 0.4:  # signed, not yet delivered
                        v["delivered_on"] = None
                elif state == "已回访":
                    v["satisfaction"] = v["satisfaction"] or "基本满意"
                elif state in ("复查中", "复核中"):
                    level = 0 if state == "复查中" else 1
                    v.update(
                        review_level=level,
                        handling_unit=county["city_court"] if level == 0 else county["city_committee"],
                        deadline=(replied + (40 + 60 * level) * days).date(),
                    )
                else:
                    closed = replied + rng.randint(3, 40) * days
                    settled = state == "终结" or rng.random() < 0.85
                    v.update(
                        closed_at=closed,
                        closed_on_time=v["replied_on_time"],
                        settlement_state="已结已息" if settled else "已结未息",
                        settlement_form=(
                            rng.choice(["书面保证息诉罢访", "其他方式办结"]) if settled else None
                        ),
                    )
                    if state == "终结":
                        v.update(
                            review_level=2,
                            settlement_form="批准终结",
                            terminated_at=closed + rng.randint(30, 300) * days,
                        )
        yield [v[k] for k in keys]


def write_ledger(rows, path: Path) -> int:
    from openpyxl import Workbook

    from ledger.columns import HEADERS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(HEADERS)
    count = 0
    for row in rows:
        ws.append(row)
        count += 1
    wb.save(path)
    return count


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = f"postgres://{args.user}@{args.host}:{args.port}/{args.database}"
    env = {**os.environ, "DATABASE_URL": url, "XINFANG_DEBUG": "0"}

    print(f"数据库 {args.database}：重新创建并迁移 …", flush=True)
    started = time.monotonic()
    recreate_database(args)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    print(f"迁移用时 {time.monotonic() - started:.1f} 秒", flush=True)
    setup_django(url)
    from django.db import connection
    from django.utils import timezone

    from ledger import selectors
    from ledger.services import ledger_import
    from ledger.validation import ledger_validate
    from ledger.workbooks import write_export
    from petitions.models import Event, Petition, Petitioner

    admin, counties, units = create_province()
    print(f"单位 {units} 个（{len(counties)} 个县区）", flush=True)

    path = Path(tempfile.gettempdir()) / f"ledger-bench-{args.rows}.xlsx"
    started = time.monotonic()
    written = write_ledger(generate_rows(random.Random(args.seed), counties, args.rows, timezone.now()), path)
    print(
        f"生成台账 {written:,} 行，{path.stat().st_size / 1024 / 1024:.1f} MB，用时 {time.monotonic() - started:.1f} 秒"
    )

    report = ledger_validate(actor=admin, source=path, file_name=path.name)
    print(f"校验：{report.total_rows:,} 行，有效 {report.valid_rows:,} 行，错误 {len(report.errors)} 处，"
          f"用时 {report.seconds:.1f} 秒", flush=True)  # fmt: skip
    for error in report.errors[:10]:
        print("  ", error)
    if not report.ok:
        print("*** 生成的台账未通过校验")
        return 1
    result = ledger_import(actor=admin, report=report)
    print(f"导入：{result.imported:,} 件，用时 {result.seconds:.1f} 秒", flush=True)
    total = report.seconds + result.seconds
    counts = (Petition.objects.count(), Petitioner.objects.count(), Event.objects.count())
    print(f"数据库中：信访事项 {counts[0]:,}，信访人 {counts[1]:,}，办理记录 {counts[2]:,}")

    started = time.monotonic()
    with tempfile.TemporaryFile() as handle:
        exported = write_export(
            selectors.ledger_rows(selectors.ledger_petitions(admin_scope_user(admin))), handle
        )
    print(f"再导出台账 {exported:,} 行，用时 {time.monotonic() - started:.1f} 秒")
    connection.close()

    verdict = "达标" if total < LIMIT_SECONDS or args.rows < 100_000 else "未达标"
    print(f"\n行数 {result.imported:,}；校验 {report.seconds:.1f} 秒 + 导入 {result.seconds:.1f} 秒 = {total:.1f} 秒"
          f"（要求 10 万行两分钟以内：{verdict}）")  # fmt: skip
    if args.keep:
        print(f"保留数据库 {args.database} 和文件 {path}")
    else:
        path.unlink(missing_ok=True)
        drop_database(args)
    return 0 if verdict == "达标" and counts[0] == written else 1


def admin_scope_user(admin):
    """A 政法委 supervisor of the province, who sees every petition (the 系统管理员 sees none)."""
    from organisations.models import Membership, Role, Unit, User

    user = User.objects.create_user(username="ledger-supervisor", password=None, full_name="督办员")
    Membership.objects.create(user=user, unit=Unit.objects.get(code="620000-committee"), role=Role.SUPERVISOR)
    return user


if __name__ == "__main__":
    sys.exit(main())
