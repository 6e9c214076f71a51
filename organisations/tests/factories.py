from organisations.models import UNIT_TYPE_SYSTEM, Membership, Region, Unit, UnitLevel, User

LEVEL_BY_REGION = {"province": UnitLevel.PROVINCE, "city": UnitLevel.CITY, "county": UnitLevel.COUNTY}
PASSWORD = "test-pass-123"


def make_unit(region_code: str, unit_type: str, name: str, parent: Unit | None = None) -> Unit:
    region = Region.objects.get(code=region_code)
    return Unit.objects.create(
        code=f"{region_code}-{unit_type}-{Unit.objects.count()}",
        name=name,
        level=LEVEL_BY_REGION[region.level],
        type=unit_type,
        system=UNIT_TYPE_SYSTEM[unit_type],
        region=region,
        parent=parent,
    )


def make_user(username: str, unit: Unit, *roles: str) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
    for role in roles:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user
