"""Production settings, each run in a fresh interpreter with the environment a deployer would give it."""

import base64
import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")


def production_env(tmp_path, **overrides) -> dict[str, str]:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in this process (core.testing.browser); never in production
    ignored = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_") and k not in ignored}
    env.update(
        XINFANG_SECRET_KEY=secrets.token_urlsafe(60),
        XINFANG_FIELD_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        XINFANG_HASH_KEY=secrets.token_hex(32),
        XINFANG_ALLOWED_HOSTS="xinfang.example.org",
        XINFANG_VAR_DIR=str(tmp_path / "var"),
        # no database of this name exists: the checks that read the database find nothing (accounts.checks)
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/xinfang_no_such_database",
        REDIS_URL="redis://127.0.0.1:6379/13",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/13",
        DJANGO_SETTINGS_MODULE="xinfang.settings",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


def production_settings(tmp_path, *names, **overrides):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = run(["-c", code], production_env(tmp_path, **overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_reports_nothing_in_production_settings(tmp_path):
    result = run([MANAGE, "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_check_deploy_would_catch_plain_http(tmp_path):
    """The clean report above is earned: the same check flags a deployment that turns HTTPS off."""
    result = run(
        [MANAGE, "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path, XINFANG_HTTPS="0")
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output


@pytest.mark.parametrize(
    "missing",
    [
        ("XINFANG_FIELD_KEYS",),
        ("XINFANG_HASH_KEY",),
        ("XINFANG_ALLOWED_HOSTS",),
        ("XINFANG_FIELD_KEYS", "XINFANG_HASH_KEY", "XINFANG_ALLOWED_HOSTS"),
        ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"),
    ],
)
def test_production_refuses_to_start_naming_every_missing_variable(tmp_path, missing):
    result = run([MANAGE, "check"], production_env(tmp_path, **dict.fromkeys(missing)))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "KeyError" not in result.stderr
    assert "生产环境配置不完整" in result.stderr and "production settings are incomplete" in result.stderr
    for name in missing:
        assert f"{name}:" in result.stderr
    present = {
        "XINFANG_FIELD_KEYS",
        "XINFANG_HASH_KEY",
        "XINFANG_ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
    } - set(missing)
    for name in present:
        assert f"{name}:" not in result.stderr
    assert not (tmp_path / "var" / "secrets.json").exists()


def test_explicit_production_mode_requires_the_secret_key_too(tmp_path):
    result = run(
        [MANAGE, "check"], production_env(tmp_path, XINFANG_SECRET_KEY=None, XINFANG_ENV="production")
    )
    assert result.returncode != 0
    assert "XINFANG_SECRET_KEY:" in result.stderr
    assert not (tmp_path / "var" / "secrets.json").exists()


def test_production_refuses_sqlite_and_a_broker_that_is_not_redis(tmp_path):
    env = production_env(
        tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", CELERY_BROKER_URL="amqp://x"
    )
    result = run([MANAGE, "check"], env)
    assert result.returncode != 0
    assert "DATABASE_URL: 生产环境须使用 PostgreSQL" in result.stderr
    assert "CELERY_BROKER_URL: 须为 Redis 地址" in result.stderr
    assert "REDIS_URL:" not in result.stderr


def test_production_keeps_cache_and_sessions_in_redis_and_logs_json(tmp_path):
    values = production_settings(tmp_path, "CACHES", "SESSION_ENGINE", "LOG_FORMAT")
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["LOG_FORMAT"] == "json"


def test_unusable_keys_are_refused(tmp_path):
    result = run(
        [MANAGE, "check"], production_env(tmp_path, XINFANG_FIELD_KEYS="not-a-key", XINFANG_HASH_KEY="short")
    )
    assert result.returncode != 0
    assert "XINFANG_FIELD_KEYS: 每个密钥须为 Fernet 密钥" in result.stderr
    assert "XINFANG_HASH_KEY: 至少32个字符" in result.stderr


def test_production_defaults_to_https_with_hsts_and_secure_cookies(tmp_path):
    values = production_settings(
        tmp_path,
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
    )
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
    }


def test_behind_a_proxy_the_forwarded_scheme_header_is_configurable(tmp_path):
    values = production_settings(
        tmp_path,
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        XINFANG_PROXY_SSL_HEADER="X-Forwarded-Proto",
        XINFANG_HSTS_PRELOAD="0",
        XINFANG_SSL_REDIRECT="0",
    )
    assert values == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_SSL_REDIRECT": False,
    }
    values = production_settings(
        tmp_path, "SECURE_PROXY_SSL_HEADER", XINFANG_PROXY_SSL_HEADER="X-Scheme=HTTPS"
    )
    assert values == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_SCHEME", "HTTPS"]}


def test_https_off_turns_off_secure_cookies_hsts_and_redirect(tmp_path):
    values = production_settings(
        tmp_path,
        "SESSION_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_NAME",
        XINFANG_HTTPS="0",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_NAME": "sessionid",
    }


def test_in_production_http_is_redirected_and_https_answers_carry_hsts_and_secure_cookies(tmp_path):
    """A request as the proxy forwards it: plain http is sent to https; an https answer has HSTS, and its CSRF
    cookie is Secure with the __Host- prefix."""
    code = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="xinfang.example.org")
plain = client.get("/login/")
secure = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
cookie = secure.cookies["__Host-csrftoken"]
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location")],
    "secure": [secure.status_code, secure.headers.get("Strict-Transport-Security")],
    "cookie": [bool(cookie["secure"]), cookie["path"], cookie["domain"]],
}))
"""
    result = run(["-c", code], production_env(tmp_path, XINFANG_PROXY_SSL_HEADER="X-Forwarded-Proto"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "plain": [301, "https://xinfang.example.org/login/"],
        "secure": [200, "max-age=31536000; includeSubDomains; preload"],
        "cookie": [True, "/", ""],
    }


def test_embedded_default_runs_without_debug_and_logs_in_over_plain_http(tmp_path):
    """`make run` serves with DEBUG off unless XINFANG_DEBUG=1; secure cookies come from configuration (HTTPS),
    not from DEBUG, so the embedded server still logs in over http://127.0.0.1."""
    names = ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "WHITENOISE_USE_FINDERS"]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    embedded = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_") and k != "DATABASE_URL"}
    embedded.update(XINFANG_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="xinfang.settings")
    result = run(["-c", code], embedded)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "WHITENOISE_USE_FINDERS": True,
    }
    result = run(["-c", code], {**embedded, "XINFANG_DEBUG": "1"})
    assert json.loads(result.stdout)["DEBUG"] is True
