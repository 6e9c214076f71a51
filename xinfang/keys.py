"""Secrets for the embedded default.

Production passes every secret through the environment. The embedded default (a single office, the demo)
generates them once into ``var/secrets.json`` so a fresh checkout starts without configuration.
"""

import base64
import json
import os
import secrets
from pathlib import Path


def load_or_create(var_dir: Path) -> dict[str, str]:
    path = var_dir / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    var_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "HASH_KEY": secrets.token_hex(32),
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.chmod(0o600)
    tmp.replace(path)
    return data


# What production must be given through the environment, with what each is for (named in the refusal).
PRODUCTION_VARIABLES = {
    "XINFANG_SECRET_KEY": "Django 密钥，至少50个随机字符 / Django secret key, at least 50 random characters",
    "XINFANG_FIELD_KEYS": "个人信息加密密钥（Fernet，逗号分隔，新密钥在前） / Fernet keys for personal data, newest first",
    "XINFANG_HASH_KEY": "身份证号、电话检索用 HMAC 密钥 / HMAC key for identity-number and phone lookups",
    "XINFANG_ALLOWED_HOSTS": "本站主机名，逗号分隔 / host names of the site, comma-separated",
    "DATABASE_URL": "PostgreSQL 数据库地址 / the PostgreSQL database, postgres://user:password@host:5432/name",
    "REDIS_URL": "Redis 地址（缓存和会话） / Redis for the cache and sessions, redis://127.0.0.1:6379/0",
    "CELERY_BROKER_URL": "Celery 消息队列（Redis） / the Celery broker (Redis), redis://127.0.0.1:6379/1",
}


def _is_fernet_key(key: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
    except ValueError:
        return False


def production_problems(env) -> list[str]:
    """Every reason the environment cannot run production, one line each (empty when it can)."""
    problems = [
        f"{name}: {meaning}"
        for name, meaning in PRODUCTION_VARIABLES.items()
        if not env.get(name, "").strip()
    ]
    field_keys = [k.strip() for k in env.get("XINFANG_FIELD_KEYS", "").split(",") if k.strip()]
    if field_keys and not all(_is_fernet_key(k) for k in field_keys):
        problems.append(
            "XINFANG_FIELD_KEYS: 每个密钥须为 Fernet 密钥（32字节的 URL 安全 base64） / "
            "each key must be a Fernet key (32 bytes, URL-safe base64)"
        )
    database = env.get("DATABASE_URL", "").strip()
    if database and not database.startswith(("postgres://", "postgresql://", "pgsql://")):
        problems.append(
            "DATABASE_URL: 生产环境须使用 PostgreSQL（postgres://…） / production runs on PostgreSQL (postgres://…)"
        )
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        value = env.get(name, "").strip()
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            problems.append(f"{name}: 须为 Redis 地址（redis://…） / must be a Redis URL (redis://…)")
    hash_key = env.get("XINFANG_HASH_KEY", "").strip()
    if hash_key and len(hash_key) < 32:
        problems.append("XINFANG_HASH_KEY: 至少32个字符 / at least 32 characters")
    return problems


def require_production_environment(env) -> None:
    """Refuse to start production without its secrets, naming every missing or unusable variable at once."""
    problems = production_problems(env)
    if problems:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "生产环境配置不完整，以下环境变量缺失或无效 / production settings are incomplete, "
            "these environment variables are missing or invalid:\n  "
            + "\n  ".join(problems)
            + "\n见 docs/security.md / see docs/security.md"
        )
