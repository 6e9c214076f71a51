"""The demo province's organisation: units of every type at every level, staff in every role, demo accounts.

Unit tree: the province 政法委 is the root. Each court, procuratorate, police, justice bureau and petition bureau
hangs under the unit of the same type one level up (county court → intermediate court → high court); the
province-level ones, which have no such parent, hang under the province 政法委. A 政法委 hangs under the 政法委
one level up; a 联合接访中心 and the 乡镇/街道 of a county hang under the 政法委 of their own level.
"""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from demo import names, places
from organisations.models import UNIT_TYPE_SYSTEM, Membership, Role, Unit, UnitLevel, UnitType, User

# Meets the password rules (12+ characters, not common, not numeric); production refuses to start while any
# active account still uses it (accounts.checks).
DEMO_PASSWORD = "xinfang-demo-2026"
ROOT_UNIT_CODE = f"{places.PROVINCE_CODE}-{UnitType.COMMITTEE}"

# Unit types present at province, city and county level, in creation order.
LEVEL_TYPES = (
    UnitType.COMMITTEE,
    UnitType.COURT,
    UnitType.PROCURATORATE,
    UnitType.POLICE,
    UnitType.JUSTICE,
    UnitType.PETITION_BUREAU,
    UnitType.RECEPTION_CENTER,
)
TOWNSHIPS_PER_COUNTY = 3


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    level: str
    type: str
    region: str
    parent: str | None


def unit_code(region: str, unit_type: str) -> str:
    return f"{region}-{unit_type}"


def _province_names(unit_type: str) -> tuple[str, str]:
    return {
        UnitType.COMMITTEE: ("中共甘肃省委政法委员会", "省委政法委"),
        UnitType.COURT: ("甘肃省高级人民法院", "省高院"),
        UnitType.PROCURATORATE: ("甘肃省人民检察院", "省检察院"),
        UnitType.POLICE: ("甘肃省公安厅", "省公安厅"),
        UnitType.JUSTICE: ("甘肃省司法厅", "省司法厅"),
        UnitType.PETITION_BUREAU: ("甘肃省信访局", "省信访局"),
        UnitType.RECEPTION_CENTER: ("甘肃省联合接访中心", "省联合接访中心"),
    }[unit_type]


def _city_names(city: places.City, unit_type: str) -> tuple[str, str]:
    stem = city.name[:-1]
    return {
        UnitType.COMMITTEE: (f"中共{city.name}委政法委员会", f"{city.name}委政法委"),
        UnitType.COURT: (f"{city.name}中级人民法院", f"{stem}中院"),
        UnitType.PROCURATORATE: (f"{city.name}人民检察院", f"{city.name}检察院"),
        UnitType.POLICE: (f"{city.name}公安局", f"{city.name}公安局"),
        UnitType.JUSTICE: (f"{city.name}司法局", f"{city.name}司法局"),
        UnitType.PETITION_BUREAU: (f"{city.name}信访局", f"{city.name}信访局"),
        UnitType.RECEPTION_CENTER: (f"{city.name}联合接访中心", f"{city.name}联合接访中心"),
    }[unit_type]


def county_prefix(county: places.County) -> str:
    """Organs of a 市辖区 carry the city's name (武威市凉州区人民法院), those of a county do not (民勤县人民法院)."""
    return places.CITY_BY_CODE[county.city].name + county.name if county.is_district else county.name


def _county_names(county: places.County, unit_type: str) -> tuple[str, str]:
    prefix = county_prefix(county)
    city = places.CITY_BY_CODE[county.city]
    police = f"{city.name}公安局{county.name[:-1]}分局" if county.is_district else f"{county.name}公安局"
    return {
        UnitType.COMMITTEE: (f"中共{prefix}委政法委员会", f"{county.name}委政法委"),
        UnitType.COURT: (f"{prefix}人民法院", f"{county.name}法院"),
        UnitType.PROCURATORATE: (f"{prefix}人民检察院", f"{county.name}检察院"),
        UnitType.POLICE: (
            police,
            f"{county.name[:-1]}公安" if county.is_district else f"{county.name}公安局",
        ),
        UnitType.JUSTICE: (f"{prefix}司法局", f"{county.name}司法局"),
        UnitType.PETITION_BUREAU: (f"{prefix}信访局", f"{county.name}信访局"),
        UnitType.RECEPTION_CENTER: (f"{prefix}联合接访中心", f"{county.name}联合接访中心"),
    }[unit_type]


def unit_specs() -> list[UnitSpec]:
    """Every unit of the demo province, parents before children."""
    province = places.PROVINCE_CODE
    root = unit_code(province, UnitType.COMMITTEE)
    specs: list[UnitSpec] = []
    for unit_type in LEVEL_TYPES:
        name, short = _province_names(unit_type)
        parent = None if unit_type == UnitType.COMMITTEE else root
        specs.append(
            UnitSpec(
                unit_code(province, unit_type), name, short, UnitLevel.PROVINCE, unit_type, province, parent
            )
        )
    for city in places.CITIES:
        for unit_type in LEVEL_TYPES:
            name, short = _city_names(city, unit_type)
            if unit_type == UnitType.RECEPTION_CENTER:
                parent = unit_code(city.code, UnitType.COMMITTEE)
            else:
                parent = unit_code(province, unit_type)
            specs.append(
                UnitSpec(
                    unit_code(city.code, unit_type), name, short, UnitLevel.CITY, unit_type, city.code, parent
                )
            )
    for county in places.COUNTIES:
        for unit_type in LEVEL_TYPES:
            name, short = _county_names(county, unit_type)
            if unit_type == UnitType.RECEPTION_CENTER:
                parent = unit_code(county.code, UnitType.COMMITTEE)
            else:
                parent = unit_code(county.city, unit_type)
            specs.append(
                UnitSpec(
                    unit_code(county.code, unit_type),
                    name,
                    short,
                    UnitLevel.COUNTY,
                    unit_type,
                    county.code,
                    parent,
                )
            )
        prefix = county_prefix(county)
        for i, town in enumerate(county.towns[:TOWNSHIPS_PER_COUNTY], start=1):
            office = "办事处" if town.endswith("街道") else "人民政府"
            specs.append(
                UnitSpec(
                    f"{county.code}-{UnitType.TOWNSHIP}-{i:02d}",
                    f"{prefix}{town}{office}",
                    town,
                    UnitLevel.TOWNSHIP,
                    UnitType.TOWNSHIP,
                    county.code,
                    unit_code(county.code, UnitType.COMMITTEE),
                )
            )
    return specs


def unit_name(code: str) -> str:
    for spec in unit_specs():
        if spec.code == code:
            return spec.name
    raise KeyError(code)


# Staff of each unit type: (role, title) per person. Province and city units get one more handler.
STAFF_PLAN: dict[str, tuple[tuple[str, str], ...]] = {
    UnitType.COMMITTEE: (
        (Role.LEADER, "书记"),
        (Role.OWNER_LEADER, "常务副书记"),
        (Role.SUPERVISOR, "督查室主任"),
        (Role.SUPERVISOR, "督查室干部"),
        (Role.UNIT_HEAD, "维稳信访科科长"),
        (Role.HANDLER, "执法监督科干部"),
        (Role.RECEPTION, "信访科干部"),
        (Role.REVIEWER, "执法监督科科长"),
    ),
    UnitType.COURT: (
        (Role.LEADER, "院长"),
        (Role.OWNER_LEADER, "副院长"),
        (Role.UNIT_HEAD, "立案庭庭长"),
        (Role.HANDLER, "审判员"),
        (Role.HANDLER, "法官助理"),
        (Role.RECEPTION, "诉讼服务中心书记员"),
        (Role.REVIEWER, "审判管理办公室主任"),
    ),
    UnitType.PROCURATORATE: (
        (Role.LEADER, "检察长"),
        (Role.OWNER_LEADER, "副检察长"),
        (Role.UNIT_HEAD, "控告申诉检察部主任"),
        (Role.HANDLER, "检察官"),
        (Role.RECEPTION, "检察服务中心干部"),
        (Role.REVIEWER, "案件管理部主任"),
    ),
    UnitType.POLICE: (
        (Role.LEADER, "局长"),
        (Role.OWNER_LEADER, "副局长"),
        (Role.UNIT_HEAD, "信访科科长"),
        (Role.HANDLER, "法制大队民警"),
        (Role.HANDLER, "信访科民警"),
        (Role.RECEPTION, "信访接待室民警"),
    ),
    UnitType.JUSTICE: (
        (Role.LEADER, "局长"),
        (Role.OWNER_LEADER, "副局长"),
        (Role.UNIT_HEAD, "公共法律服务管理科科长"),
        (Role.HANDLER, "科员"),
        (Role.RECEPTION, "法律服务窗口科员"),
    ),
    UnitType.PETITION_BUREAU: (
        (Role.LEADER, "局长"),
        (Role.UNIT_HEAD, "办信科科长"),
        (Role.HANDLER, "督查科科员"),
        (Role.RECEPTION, "接访科科员"),
    ),
    UnitType.RECEPTION_CENTER: (
        (Role.UNIT_HEAD, "主任"),
        (Role.RECEPTION, "接访员"),
        (Role.RECEPTION, "接访员"),
        (Role.RECEPTION, "接访员"),
        (Role.HANDLER, "综合协调员"),
        (Role.LAWYER, "值班律师"),
        (Role.LAWYER, "值班律师"),
    ),
    UnitType.TOWNSHIP: ((Role.OWNER_LEADER, "党委副书记、政法委员"), (Role.HANDLER, "综治中心专干")),
}
PROVINCE_TITLES = {"局长": "厅长", "副局长": "副厅长"}  # 公安厅、司法厅 are led by 厅长


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_code: str
    full_name: str
    title: str
    scope: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "jiefang",
        Role.RECEPTION,
        "620602-reception_center",
        "王志刚",
        "接访员",
        "凉州区联合接访中心登记的事项",
    ),
    DemoAccount(
        "jiefang2",
        Role.RECEPTION,
        "620621-reception_center",
        "马丽娟",
        "接访员",
        "民勤县联合接访中心登记的事项",
    ),
    DemoAccount("chengban", Role.HANDLER, "620602-court", "李晓梅", "法官助理", "凉州区法院登记、承办的事项"),
    DemoAccount(
        "fuzeren", Role.UNIT_HEAD, "620602-court", "赵建国", "立案庭庭长", "凉州区法院登记、承办的事项"
    ),
    DemoAccount("baoan", Role.OWNER_LEADER, "620602-committee", "陈永福", "常务副书记", "凉州区全区"),
    DemoAccount("duban", Role.SUPERVISOR, "620600-committee", "刘海涛", "督查室主任", "武威市全市"),
    DemoAccount(
        "pingcha", Role.REVIEWER, "620600-court", "杨静", "审判管理办公室主任", "武威中院及其下级法院"
    ),
    DemoAccount("lingdao", Role.LEADER, "620000-committee", "孙立新", "副书记", "甘肃省全省"),
    DemoAccount(
        "lvshi", Role.LAWYER, "620602-reception_center", "周文斌", "值班律师", "仅限指派给本人的事项"
    ),
    DemoAccount(
        "admin", Role.SYSADMIN, "620000-committee", "魏强", "信息中心工程师", "系统配置（不看信访事项）"
    ),
)
LAWYER_USERNAME = "lvshi"
ADMIN_USERNAME = "admin"


def demo_accounts() -> list[dict[str, str]]:
    """The demo log-ins: username, password, role, unit and what each one sees."""
    return [
        {
            "username": a.username,
            "password": DEMO_PASSWORD,
            "role": a.role,
            "role_label": str(Role(a.role).label),
            "unit_code": a.unit_code,
            "unit": unit_name(a.unit_code),
            "full_name": a.full_name,
            "scope": a.scope,
        }
        for a in DEMO_ACCOUNTS
    ]


def format_accounts_table(accounts: list[dict[str, str]]) -> str:
    headers = ("用户名", "角色", "姓名", "单位", "可见范围", "密码")
    rows = [
        (a["username"], a["role_label"], a["full_name"], a["unit"], a["scope"], a["password"])
        for a in accounts
    ]

    def width(text: str) -> int:  # CJK characters take two columns in a terminal
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    widths = [max(width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *[line(r) for r in rows]])


def build_units() -> dict[str, Unit]:
    """Create every unit one by one (``Unit.save`` computes ``path``); return them by code."""
    units: dict[str, Unit] = {}
    for spec in unit_specs():
        unit = Unit(
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            level=spec.level,
            type=spec.type,
            system=UNIT_TYPE_SYSTEM[UnitType(spec.type)],
            region_id=spec.region,
            parent=units[spec.parent] if spec.parent else None,
        )
        unit.save()
        units[spec.code] = unit
    return units


def build_staff(rng: random.Random, units: dict[str, Unit]) -> dict[str, User]:
    """Demo accounts plus generated staff for every unit; all share the documented demo password.

    The password is hashed once and the hash reused: hashing a thousand passwords would take minutes.
    """
    password = make_password(DEMO_PASSWORD)
    users: list[User] = []
    memberships: list[tuple[int, str, str]] = []  # (index in users, unit code, role)
    for account in DEMO_ACCOUNTS:
        is_admin = account.username == ADMIN_USERNAME
        users.append(
            User(
                username=account.username,
                password=password,
                full_name=account.full_name,
                first_name=account.full_name[1:],
                last_name=account.full_name[:1],
                title=account.title,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
        )
        memberships.append((len(users) - 1, account.unit_code, account.role))
    for code, unit in units.items():
        plan = list(STAFF_PLAN[unit.type])
        if unit.level in (UnitLevel.PROVINCE, UnitLevel.CITY) and unit.type != UnitType.TOWNSHIP:
            plan.append((Role.HANDLER, plan[-1][1] if plan[-1][0] == Role.HANDLER else "科员"))
            if unit.type == UnitType.COMMITTEE:
                plan.append((Role.SYSADMIN, "信息中心工程师"))
        for i, (role, title) in enumerate(plan, start=1):
            gender = "M" if rng.random() < 0.62 else "F"
            full_name = names.person_name(rng, gender, rng.randint(1966, 1998))
            if unit.level == UnitLevel.PROVINCE:
                title = PROVINCE_TITLES.get(title, title) if unit.type in ("police", "justice") else title
            if role == Role.LAWYER:
                title = f"{names.law_firm_name(rng)}律师"
            users.append(
                User(
                    username=f"{code.replace('-', '_')}_{i:02d}",
                    password=password,
                    full_name=full_name,
                    first_name=full_name[1:],
                    last_name=full_name[:1],
                    title=title[:50],
                )
            )
            memberships.append((len(users) - 1, code, role))
    User.objects.bulk_create(users, batch_size=500)
    saved = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    Membership.objects.bulk_create(
        [
            Membership(user=saved[users[i].username], unit=units[code], role=role)
            for i, code, role in memberships
        ],
        batch_size=1000,
    )
    return saved


def generated_usernames_filter() -> dict:
    """Lookup matching the accounts this module creates (for ``--reset``)."""
    return {
        "username__regex": r"^(6[0-9]{5}_[a-z0-9_]+_[0-9]{2}|"
        + "|".join(a.username for a in DEMO_ACCOUNTS)
        + ")$"
    }
