"""Production refuses to start with demo accounts, the demo password, or two-factor switched off."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts.checks import demo_accounts_in_production
from demo import structure
from organisations.models import User


@pytest.fixture
def production(settings):
    settings.XINFANG_PRODUCTION = True
    settings.XINFANG_REQUIRE_2FA = True
    return settings


def ids(errors):
    return sorted(e.id for e in errors)


def test_a_clean_production_database_passes(production, db):
    User.objects.create_user("zhangsan", password="a-private-long-password-1")
    User.objects.create_superuser("root", password="another-private-password-2")
    assert demo_accounts_in_production() == []


def test_demo_seed_accounts_are_named(production, db):
    User.objects.create_user("jiefang", password="a-private-long-password-1")
    User.objects.create_user("620000_committee_01", password="a-private-long-password-2")
    errors = demo_accounts_in_production()
    assert ids(errors) == ["accounts.E001"]
    assert "jiefang" in errors[0].msg and "620000_committee_01" in errors[0].msg
    assert "演示" in errors[0].msg and "demo-seed accounts" in errors[0].msg


def test_accounts_sharing_the_demo_password_are_named(production, db):
    shared = make_password(structure.DEMO_PASSWORD)
    User.objects.create(username="wangwu", password=shared)
    User.objects.create(username="zhaoliu", password=shared)
    errors = demo_accounts_in_production()
    assert ids(errors) == ["accounts.E002"]
    assert "wangwu" in errors[0].msg and "zhaoliu" in errors[0].msg and "demo password" in errors[0].msg


def test_an_administrator_with_the_demo_password_is_named(production, db):
    User.objects.create_superuser("root", password=structure.DEMO_PASSWORD)
    assert ids(demo_accounts_in_production()) == ["accounts.E002"]


def test_an_inactive_account_with_the_demo_password_is_tolerated(production, db):
    User.objects.create_superuser("root", password=structure.DEMO_PASSWORD, is_active=False)
    assert demo_accounts_in_production() == []


def test_two_factor_switched_off_in_production_is_an_error(production, db):
    production.XINFANG_REQUIRE_2FA = False
    assert ids(demo_accounts_in_production()) == ["accounts.E003"]


def test_the_embedded_demo_is_not_checked(settings, db):
    settings.XINFANG_PRODUCTION = False
    User.objects.create_user("jiefang", password=structure.DEMO_PASSWORD)
    assert demo_accounts_in_production() == []


def test_manage_py_check_deploy_fails(production, db):
    User.objects.create_user("jiefang", password="a-private-long-password-1")
    with pytest.raises(SystemCheckError, match="accounts.E001"):
        call_command("check", "--deploy", "--tag", "security")
    with pytest.raises(SystemCheckError, match="accounts.E001"):
        call_command("check")


def test_a_production_wsgi_server_refuses_to_start(tmp_path):
    """gunicorn imports xinfang.wsgi: with two-factor switched off in production it fails before serving."""
    import os
    import subprocess
    import sys

    from cryptography.fernet import Fernet
    from django.conf import settings as django_settings

    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/xinfang_no_such_database",
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/13",
        "XINFANG_VAR_DIR": str(tmp_path),
        "XINFANG_SECRET_KEY": "x" * 50,
        "XINFANG_FIELD_KEYS": Fernet.generate_key().decode(),
        "XINFANG_HASH_KEY": "h" * 32,
        "XINFANG_ALLOWED_HOSTS": "xinfang.example.org",
        "DJANGO_SETTINGS_MODULE": "xinfang.settings",
    }
    code = "import xinfang.wsgi"
    refused = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "XINFANG_REQUIRE_2FA": "0"},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "accounts.E003" in refused.stderr
    started = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr[-2000:]
