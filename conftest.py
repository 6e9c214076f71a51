"""Shared fixtures: a small province with two counties of one city and one county of another."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.models import Role, UnitType
from organisations.tests.factories import make_unit, make_user
from petitions.services import PetitionerData, RegistrationData, petition_register


def pytest_configure(config):
    from django.conf import settings

    # fast hashing for the many test users; production keeps Django's PBKDF2 default
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # badges must reflect every action at once in tests; production caches them for a minute
    settings.XINFANG_BADGE_CACHE_SECONDS = 0
    # Django's test client logs in without a request, which the lockout backend needs; the lockout tests
    # (accounts/tests) switch it back on and log in through the login page.
    settings.AXES_ENABLED = False
    # pages are tested as their roles see them; accounts/tests turns the two-factor requirement on
    settings.XINFANG_REQUIRE_2FA = False
    settings.XINFANG_PRODUCTION = False


MIGRATION_DATA = [
    ("deadlines.migrations.0002_seed_time_limit_rules", "seed"),
    ("alerts.migrations.0002_default_rules", "create_rules"),
    ("alerts.migrations.0004_cluster_growth", "create_rule"),
]


@pytest.fixture(autouse=True)
def _migration_data(request):
    """A transactional test's teardown empties every table, including the rows migrations load (regions,
    time-limit rules, default alert rules). Put them back before each such test, from the same code."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    import importlib

    from django.apps import apps
    from django.core.cache import cache

    from organisations.models import Region
    from organisations.regions import load_regions

    request.getfixturevalue("transactional_db")
    cache.clear()  # what a process cached of the rows an earlier test wrote is gone with them
    load_regions(Region)
    for module, function in MIGRATION_DATA:
        getattr(importlib.import_module(module), function)(apps, None)
    apps.get_model("analytics", "DataVersion").objects.get_or_create(pk=1, defaults={"version": 1})


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (简体中文). A request in English activates English for the
    thread, and Django leaves it active after the response: without this, later tests on the same worker would
    see English messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Province:
    """Units and staff of a small test province: 甘肃 → 武威市 (凉州区, 民勤县) and 张掖市 (甘州区)."""

    def __init__(self):
        self.committee = make_unit("620000", UnitType.COMMITTEE, "甘肃省委政法委")
        self.wuwei_committee = make_unit(
            "620600", UnitType.COMMITTEE, "武威市委政法委", parent=self.committee
        )
        self.wuwei_court = make_unit(
            "620600", UnitType.COURT, "武威市中级人民法院", parent=self.wuwei_committee
        )
        self.liangzhou_committee = make_unit(
            "620602", UnitType.COMMITTEE, "凉州区委政法委", parent=self.wuwei_committee
        )
        self.liangzhou_center = make_unit(
            "620602", UnitType.RECEPTION_CENTER, "凉州区联合接访中心", parent=self.liangzhou_committee
        )
        self.liangzhou_court = make_unit("620602", UnitType.COURT, "凉州区人民法院", parent=self.wuwei_court)
        self.minqin_committee = make_unit(
            "620621", UnitType.COMMITTEE, "民勤县委政法委", parent=self.wuwei_committee
        )
        self.minqin_center = make_unit(
            "620621", UnitType.RECEPTION_CENTER, "民勤县联合接访中心", parent=self.minqin_committee
        )
        self.zhangye_committee = make_unit(
            "620700", UnitType.COMMITTEE, "张掖市委政法委", parent=self.committee
        )
        self.ganzhou_center = make_unit(
            "620702", UnitType.RECEPTION_CENTER, "甘州区联合接访中心", parent=self.zhangye_committee
        )

        self.province_court = make_unit("620000", UnitType.COURT, "甘肃省高级人民法院", parent=self.committee)
        self.liangzhou_bureau = make_unit(
            "620602", UnitType.PETITION_BUREAU, "凉州区信访局", parent=self.liangzhou_committee
        )
        self.liangzhou_police = make_unit(
            "620602", UnitType.POLICE, "凉州区公安局", parent=self.liangzhou_committee
        )

        self.liangzhou_clerk = make_user("lz_clerk", self.liangzhou_center, Role.RECEPTION)
        self.liangzhou_center_head = make_user("lz_center_head", self.liangzhou_center, Role.UNIT_HEAD)
        self.court_head = make_user("lz_court_head", self.liangzhou_court, Role.UNIT_HEAD)
        self.city_court_head = make_user("ww_court_head", self.wuwei_court, Role.UNIT_HEAD)
        self.city_court_handler = make_user("ww_court_handler", self.wuwei_court, Role.HANDLER)
        self.city_committee_head = make_user("ww_committee_head", self.wuwei_committee, Role.UNIT_HEAD)
        self.police_head = make_user("lz_police_head", self.liangzhou_police, Role.UNIT_HEAD)
        self.province_reviewer = make_user("gs_reviewer", self.committee, Role.REVIEWER)
        self.province_owner = make_user("gs_owner", self.committee, Role.OWNER_LEADER)
        self.province_supervisor = make_user("gs_supervisor", self.committee, Role.SUPERVISOR)
        self.minqin_clerk = make_user("mq_clerk", self.minqin_center, Role.RECEPTION)
        self.ganzhou_clerk = make_user("gz_clerk", self.ganzhou_center, Role.RECEPTION)
        self.liangzhou_handler = make_user("lz_handler", self.liangzhou_court, Role.HANDLER)
        self.wuwei_supervisor = make_user("ww_supervisor", self.wuwei_committee, Role.SUPERVISOR)
        self.province_leader = make_user("gs_leader", self.committee, Role.LEADER)
        self.liangzhou_leader = make_user("lz_leader", self.liangzhou_committee, Role.LEADER)
        self.lawyer = make_user("lawyer", self.liangzhou_center, Role.LAWYER)
        self.sysadmin = make_user("sysadmin", self.committee, Role.SYSADMIN)


@pytest.fixture
def province(db):
    return Province()


VALID_ID = "620602198503150017"  # check digit computed by core.validators.id_number_check_char


def registration(**overrides) -> RegistrationData:
    values = {
        "channel": "visit",
        "title": "不服(2019)甘06民终123号民事判决",
        "demands": "请求依法再审，撤销原判决。",
        "facts": "原审认定借款事实错误，证据不足。",
        "problem_region": "620602",
    }
    values.update(overrides)
    return RegistrationData(**values)


def person(**overrides) -> PetitionerData:
    values = {
        "name": "王建国",
        "id_number": VALID_ID,
        "phone": "13893512345",
        "address": "甘肃省武威市凉州区东大街1号",
    }
    values.update(overrides)
    return PetitionerData(**values)


@pytest.fixture
def register():
    """Register a petition through the real service."""

    def _register(actor, unit, *, data=None, petitioners=None, attachments=(), **kwargs):
        return petition_register(
            actor=actor,
            unit=unit,
            data=data or registration(**kwargs),
            petitioners=petitioners or [person()],
            attachments=attachments,
        )

    return _register


@pytest.fixture
def pdf_file():
    def _make(name="判决书.pdf", size=None):
        content = b"%PDF-1.4\n" + (b"x" * (size - 9) if size else b"1 0 obj <<>> endobj\n%%EOF")
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return _make
