"""Backup and restore of the whole platform: database and attachment files in one archive.

The archive is a gzip-compressed tar holding

* ``manifest.json``: format version, time, database engine and dump format, the applied Django migrations,
  the size and SHA-256 of every other member, and the row count of every table;
* ``manifest.sha256``: the SHA-256 of ``manifest.json`` (so a damaged manifest is caught too);
* ``database/…``: the database — on PostgreSQL a ``pg_dump --format=custom`` dump (when the client's major
  version matches the server's), otherwise a portable dump of every row of every table as stored, in
  dependency order; on SQLite a copy made with SQLite's online backup API;
* ``media/…``: every file under ``MEDIA_ROOT`` byte for byte (attachments, whether encrypted or not).

Keys are never written into the archive: they live in ``var/secrets.json`` (embedded default) or in the
environment, and must be backed up separately. Without them the personal data in the backup cannot be read.

``restore_archive`` checks everything before it touches anything: the gzip stream's checksum, every member
name (no absolute paths, no ``..``, no links or devices, no duplicates, nothing the manifest does not list),
every member's size and SHA-256, the manifest's own checksum and the migration state (the archive must not
come from newer code). Only then does it restore the database and the files, bring the schema up to date
and compare the row counts with the manifest.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore with fixed arguments
import tarfile
import tempfile
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
CHUNK = 1024 * 1024
FORMAT_PG_CUSTOM = "pg_dump-custom"
FORMAT_SQLITE = "sqlite3"
FORMAT_PORTABLE = "django-jsonl"
DB_MEMBERS = {
    FORMAT_PG_CUSTOM: "database/xinfang.pgdump",
    FORMAT_SQLITE: "database/xinfang.sqlite3",
    FORMAT_PORTABLE: "database/xinfang.jsonl",
}
# a database is "not empty" when any of these hold a row (migrations alone never create them)
DATA_MODELS = ("organisations.User", "organisations.Unit", "petitions.Petition", "petitions.Attachment")
_SAFE_PART = re.compile(r"^[^\x00-\x1f\x7f\\]+$")


class BackupError(Exception):
    """A refused backup or restore; the message says why, in the user's language."""


@dataclass
class RestoreReport:
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    migrated: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# ---------------------------------------------------------------------------------------------- keys


def key_locations() -> list[str]:
    """Where the keys of this installation are (never inside a backup)."""
    if os.environ.get("XINFANG_SECRET_KEY"):
        names = ["XINFANG_SECRET_KEY", "XINFANG_FIELD_KEYS", "XINFANG_HASH_KEY"]
        return [_("环境变量 %(name)s") % {"name": n} for n in names]
    return [str(Path(settings.VAR_DIR) / "secrets.json")] if hasattr(settings, "VAR_DIR") else []


def _key_material() -> list[bytes]:
    keys = [*getattr(settings, "FIELD_ENCRYPTION_KEYS", []), getattr(settings, "FIELD_HASH_KEY", "")]
    keys.append(settings.SECRET_KEY)
    return [k.encode() for k in keys if k and len(k) >= 16]


# ---------------------------------------------------------------------------------------------- helpers


def _sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _engine(alias: str) -> str:
    return connections[alias].vendor


FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


def _virtual_tables(alias: str) -> set[str]:
    """SQLite's virtual tables (the FTS5 search index): their rows are read and written through the table
    itself, with an explicit ``rowid``; their shadow tables are the engine's own storage, never copied."""
    conn = connections[alias]
    if conn.vendor != "sqlite":
        return set()
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
        return {name for (name,) in cursor.fetchall()}


def _table_names(alias: str) -> list[str]:
    conn = connections[alias]
    with conn.cursor() as cursor:
        names = conn.introspection.table_names(cursor)
    shadows = {v + suffix for v in _virtual_tables(alias) for suffix in FTS5_SHADOWS}
    return sorted(n for n in names if n not in shadows)


def row_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The number of rows of every table of the database."""
    conn = connections[alias]
    counts = {}
    with conn.cursor() as cursor:
        for table in _table_names(alias):
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608 - introspected
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    state: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def database_is_empty(alias: str = DEFAULT_DB_ALIAS) -> bool:
    tables = set(_table_names(alias))
    for label in DATA_MODELS:
        model = apps.get_model(label)
        if model._meta.db_table in tables and model._default_manager.using(alias).exists():
            return False
    return True


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    cfg = connections[alias].settings_dict
    args = []
    if cfg.get("HOST"):
        args += ["--host", str(cfg["HOST"])]
    if cfg.get("PORT"):
        args += ["--port", str(cfg["PORT"])]
    if cfg.get("USER"):
        args += ["--username", str(cfg["USER"])]
    env = {**os.environ}
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = str(cfg["PASSWORD"])
    return args, env


def pg_client_matches(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """True when ``pg_dump`` exists and has the server's major version (its custom format is then safe)."""
    pg_dump = shutil.which("pg_dump")
    if not pg_dump:
        return False
    out = subprocess.run([pg_dump, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    found = re.search(r"\)\s*(\d+)", out.stdout) if out.returncode == 0 else None
    client = int(found.group(1)) if found else None
    server = connections[alias].pg_version // 10000
    return client == server


# ---------------------------------------------------------------------------------------------- backup


def create_backup(
    output: Path,
    *,
    alias: str = DEFAULT_DB_ALIAS,
    media_root: Path | None = None,
    db_format: str | None = None,
    log: Callable[[str], None] = lambda _m: None,
) -> dict:
    """Write the archive to ``output`` (atomically) and return its manifest."""
    output = Path(output)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = _engine(alias)
    if db_format is None:
        if engine == "sqlite":
            db_format = FORMAT_SQLITE
        elif engine == "postgresql" and pg_client_matches(alias):
            db_format = FORMAT_PG_CUSTOM
        else:
            db_format = FORMAT_PORTABLE
    if (db_format == FORMAT_SQLITE and engine != "sqlite") or (
        db_format == FORMAT_PG_CUSTOM and engine != "postgresql"
    ):
        raise BackupError(_("数据库类型与备份格式不符。"))
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xinfang-backup-", dir=output.parent) as staging:
        staging = Path(staging)
        dump = staging / "db"
        log(_("正在导出数据库（%(format)s）……") % {"format": db_format})
        # the row counts, the migration state and the dump all come from one snapshot: on PostgreSQL a
        # repeatable-read transaction whose snapshot pg_dump shares; on SQLite they are read from the copy
        if db_format == FORMAT_SQLITE:
            _dump_sqlite(dump, alias)
            counts, migrations = _sqlite_copy_state(dump)
        else:
            with transaction.atomic(using=alias):
                snapshot = None
                if engine == "postgresql":
                    with connections[alias].cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                        cursor.execute("SELECT pg_export_snapshot()")
                        snapshot = cursor.fetchone()[0]
                counts = row_counts(alias)
                migrations = applied_migrations(alias)
                if db_format == FORMAT_PORTABLE:
                    _dump_portable(dump, alias)
                else:
                    _dump_postgres(dump, alias, snapshot)
        db_sum, db_size = _sha256_file(dump)
        members = {DB_MEMBERS[db_format]: {"sha256": db_sum, "size": db_size}}
        media = _media_files(media_root)
        for rel, path in media:
            digest, size = _sha256_file(path)
            members[f"media/{rel}"] = {"sha256": digest, "size": size}
        manifest = {
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database_format": db_format,
            "database_member": DB_MEMBERS[db_format],
            "migrations": migrations,
            "row_counts": counts,
            "members": members,
            "keys": _("密钥不在备份中，请另行备份：%(where)s") % {"where": "；".join(key_locations())},
        }
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        (staging / MANIFEST).write_bytes(manifest_bytes)
        (staging / MANIFEST_SUM).write_text(hashlib.sha256(manifest_bytes).hexdigest() + "\n")
        partial = staging / "archive.tar.gz"
        log(_("正在写入备份文件（%(count)s个附件文件）……") % {"count": len(media)})
        with tarfile.open(partial, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
            tar.add(staging / MANIFEST, arcname=MANIFEST, filter=_plain)
            tar.add(staging / MANIFEST_SUM, arcname=MANIFEST_SUM, filter=_plain)
            tar.add(dump, arcname=DB_MEMBERS[db_format], filter=_plain)
            for rel, path in media:
                tar.add(path, arcname=f"media/{rel}", filter=_plain)
        _refuse_key_material(partial)
        partial.chmod(0o600)
        os.replace(partial, output)
    return manifest


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def _media_files(root: Path) -> list[tuple[str, Path]]:
    """Every regular file under ``root`` (links are not followed), with its POSIX path relative to it."""
    if not root.is_dir():
        return []
    secrets_file = (
        (Path(settings.VAR_DIR) / "secrets.json").resolve() if hasattr(settings, "VAR_DIR") else None
    )
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file() or path.resolve() == secrets_file:
                continue
            found.append((path.relative_to(root).as_posix(), path))
    return found


def _refuse_key_material(archive: Path) -> None:
    """A last guard: the archive must not contain a key (e.g. a secrets file dropped into the media root)."""
    keys = _key_material()
    if not keys:
        return
    with gzip.open(archive, "rb") as f:
        tail = b""
        while chunk := f.read(CHUNK):
            window = tail + chunk
            if any(k in window for k in keys):
                raise BackupError(_("备份中发现了密钥，已停止：密钥必须单独保存，不能放在附件目录中。"))
            tail = window[-256:]


def _dump_sqlite(target: Path, alias: str) -> None:
    conn = connections[alias]
    conn.ensure_connection()
    dest = sqlite3.connect(target)
    try:
        conn.connection.backup(dest)
    finally:
        dest.close()


def _sqlite_copy_state(copy: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Row counts and applied migrations of a SQLite copy (the same tables Django's introspection lists)."""
    db = sqlite3.connect(copy)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        virtual = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
            )
        ]
        shadows = {v + suffix for v in virtual for suffix in FTS5_SHADOWS}  # as _table_names: not counted
        tables = [t for t in tables if t not in shadows]
        counts = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        migrations: dict[str, list[str]] = {}
        if "django_migrations" in tables:
            for app, name in db.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
                migrations.setdefault(app, []).append(name)
    finally:
        db.close()
    return counts, migrations


def _dump_postgres(target: Path, alias: str, snapshot: str | None = None) -> None:
    args, env = _pg_env(alias)
    cmd = [
        shutil.which("pg_dump") or "pg_dump",
        *args,
        *([f"--snapshot={snapshot}"] if snapshot else []),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--file",
        str(target),
        connections[alias].settings_dict["NAME"],
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(_("pg_dump 失败：%(error)s") % {"error": done.stderr.strip()[:500]})


def _models_in_order() -> list:
    """Every concrete model with a table, parents before children (``serializers.sort_dependencies``)."""
    app_list = dict.fromkeys(apps.get_app_configs())
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [m for m in ordered if m._meta.managed and not m._meta.proxy]


def _portable_tables(alias: str) -> list[str]:
    """Every table of the database, those of models in dependency order first (django_migrations is left out:
    the restore migrates the empty database itself)."""
    existing = set(_table_names(alias))
    ordered: list[str] = []
    for model in _models_in_order():
        names = [model._meta.db_table]
        names += [f.m2m_db_table() for f in model._meta.local_many_to_many]
        ordered += [n for n in names if n in existing and n not in ordered]
    ordered += sorted(existing - set(ordered) - {"django_migrations"})
    return ordered


def _encode(value):
    """A database value as JSON, with its type kept (times exact, bytes as base64)."""
    if isinstance(value, dt.datetime):
        return {"t": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"t": "date", "v": value.isoformat()}
    if isinstance(value, dt.time):
        return {"t": "time", "v": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"t": "timedelta", "v": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return {"t": "text", "v": str(value)}
    if isinstance(value, bytes | memoryview):
        return {"t": "bytes", "v": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict | list):
        return {"t": "json", "v": json.dumps(value, ensure_ascii=False)}
    return value


def _decode(value):
    if not isinstance(value, dict):
        return value
    kind, raw = value["t"], value["v"]
    if kind == "datetime":
        return dt.datetime.fromisoformat(raw)
    if kind == "date":
        return dt.date.fromisoformat(raw)
    if kind == "time":
        return dt.time.fromisoformat(raw)
    if kind == "timedelta":
        return dt.timedelta(days=raw[0], seconds=raw[1], microseconds=raw[2])
    if kind == "bytes":
        return base64.b64decode(raw)
    return raw


def _dump_portable(target: Path, alias: str) -> None:
    """Every row of every table as stored (encrypted fields stay encrypted), one JSON line per row."""
    conn = connections[alias]
    q = conn.ops.quote_name
    with target.open("w", encoding="utf-8") as out, conn.cursor() as cursor:
        virtual = _virtual_tables(alias)
        for table in _portable_tables(alias):
            star = "rowid, *" if table in virtual else "*"  # the search index's rowid is the petition's id
            cursor.execute(f"SELECT {star} FROM {q(table)}")  # noqa: S608 - introspected name
            columns = [c[0] for c in cursor.description]
            out.write(json.dumps({"table": table, "columns": columns}, ensure_ascii=False) + "\n")
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    out.write(json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------------------- verify


def _check_name(info: tarfile.TarInfo, seen: set[str]) -> None:
    name = info.name
    bad = _("备份文件含有不允许的成员“%(name)s”，已拒绝。") % {"name": name[:200]}
    if not info.isfile():
        raise BackupError(bad)
    path = PurePosixPath(name)
    if (
        name.startswith("/")
        or path.is_absolute()
        or any(part in ("..", ".", "") for part in name.split("/"))
        or not all(_SAFE_PART.match(part) for part in path.parts)
        or ":" in path.parts[0]
    ):
        raise BackupError(bad)
    if name not in (MANIFEST, MANIFEST_SUM) and path.parts[0] not in ("database", "media"):
        raise BackupError(bad)
    if name in seen:
        raise BackupError(_("备份文件中“%(name)s”出现了两次，已拒绝。") % {"name": name[:200]})
    seen.add(name)


def _check_gzip(archive: Path) -> None:
    try:
        with gzip.open(archive, "rb") as f:
            while f.read(CHUNK):
                pass
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise BackupError(_("备份文件已损坏或不完整（压缩数据校验失败）。")) from exc


def verify_archive(archive: Path, staging: Path) -> dict:
    """Check the whole archive and unpack it into ``staging``; return the manifest. Touches nothing else."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("找不到备份文件：%(path)s") % {"path": archive})
    _check_gzip(archive)
    seen: set[str] = set()
    found: dict[str, tuple[str, int]] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for info in tar:
                _check_name(info, seen)
                target = staging.joinpath(*PurePosixPath(info.name).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(info)
                digest, size = hashlib.sha256(), 0
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[info.name] = (digest.hexdigest(), size)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(_("备份文件已损坏或不完整，无法读取。")) from exc
    if MANIFEST not in found or MANIFEST_SUM not in found:
        raise BackupError(_("备份文件缺少清单（manifest），已拒绝。"))
    expected_sum = (staging / MANIFEST_SUM).read_text(errors="replace").strip()
    if found[MANIFEST][0] != expected_sum:
        raise BackupError(_("备份清单校验值不符，备份文件已损坏。"))
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
        members = manifest["members"]
        version = manifest["format_version"]
        db_format = manifest["database_format"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(_("备份清单无法读取，备份文件已损坏。")) from exc
    if version != FORMAT_VERSION:
        raise BackupError(_("不支持的备份格式版本：%(version)s") % {"version": version})
    if db_format not in DB_MEMBERS or manifest.get("database_member") != DB_MEMBERS[db_format]:
        raise BackupError(_("备份清单中的数据库格式无法识别。"))
    listed = set(members)
    present = set(found) - {MANIFEST, MANIFEST_SUM}
    if listed - present:
        missing = sorted(listed - present)
        raise BackupError(
            _("备份文件不完整，缺少%(count)s个成员，例如“%(name)s”。")
            % {"count": len(missing), "name": missing[0]}
        )
    if present - listed:
        extra = sorted(present - listed)
        raise BackupError(_("备份文件含有清单之外的成员“%(name)s”，已拒绝。") % {"name": extra[0][:200]})
    for name, meta in members.items():
        if found[name] != (meta.get("sha256"), meta.get("size")):
            raise BackupError(_("“%(name)s”的校验值或大小不符，备份文件已损坏。") % {"name": name})
    if DB_MEMBERS[db_format] not in members:
        raise BackupError(_("备份文件中没有数据库。"))
    return manifest


def check_migrations(manifest: dict) -> None:
    """The archive must not hold migrations this code does not know (it would come from newer code)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            _("备份来自更新版本的程序（本程序不认识迁移 %(names)s），请先升级程序再恢复。")
            % {"names": "、".join(unknown[:5])}
        )


# ---------------------------------------------------------------------------------------------- restore


def restore_archive(
    archive: Path,
    *,
    alias: str = DEFAULT_DB_ALIAS,
    media_root: Path | None = None,
    force: bool = False,
    log: Callable[[str], None] = lambda _m: None,
) -> RestoreReport:
    """Verify ``archive`` completely, then restore its database into ``alias`` and its files into the media
    root. Refuses (``BackupError``, nothing touched) a damaged archive, one from newer code, one made on another
    database engine, and a non-empty target database unless ``force``."""
    archive = Path(archive)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = _engine(alias)
    with tempfile.TemporaryDirectory(prefix="xinfang-restore-") as staging:
        staging = Path(staging)
        log(_("正在校验备份文件……"))
        manifest = verify_archive(archive, staging)
        check_migrations(manifest)
        db_format = manifest["database_format"]
        if db_format != FORMAT_PORTABLE and manifest.get("engine") != engine:
            raise BackupError(
                _("备份来自 %(source)s 数据库，不能直接恢复到 %(target)s 数据库。")
                % {"source": manifest.get("engine"), "target": engine}
            )
        if not force and not database_is_empty(alias):
            raise BackupError(_("目标数据库不是空的，恢复会覆盖其中的数据。确需覆盖请加 --force。"))
        log(_("校验通过，正在恢复数据库……"))
        dump = staging.joinpath(*PurePosixPath(DB_MEMBERS[db_format]).parts)
        if db_format == FORMAT_SQLITE:
            _restore_sqlite(dump, alias)
        elif db_format == FORMAT_PG_CUSTOM:
            _restore_postgres(dump, alias)
        else:
            _restore_portable(dump, alias)
        report = RestoreReport(manifest=manifest)
        log(_("正在恢复附件文件……"))
        for name, meta in sorted(manifest["members"].items()):
            if not name.startswith("media/"):
                continue
            rel = PurePosixPath(name).relative_to("media")
            target = media_root.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".restoring")
            shutil.copyfile(staging.joinpath(*PurePosixPath(name).parts), partial)
            os.replace(partial, target)
            report.files += 1
            report.bytes += meta["size"]
    before = applied_migrations(alias)
    call_command("migrate", database=alias, interactive=False, verbosity=0)
    after = applied_migrations(alias)
    report.migrated = sorted(
        f"{app}.{name}" for app, names in after.items() for name in names if name not in before.get(app, [])
    )
    report.tables = row_counts(alias)
    if not report.migrated:
        differ = {t: n for t, n in manifest["row_counts"].items() if report.tables.get(t) != n}
        if differ:
            table = sorted(differ)[0]
            raise BackupError(
                _("恢复后表 %(table)s 的行数（%(found)s）与备份清单（%(expected)s）不符。")
                % {"table": table, "found": report.tables.get(table), "expected": differ[table]}
            )
    return report


def _restore_sqlite(dump: Path, alias: str) -> None:
    conn = connections[alias]
    conn.close()
    conn.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(conn.connection)
    finally:
        source.close()
    conn.close()


def _restore_postgres(dump: Path, alias: str) -> None:
    args, env = _pg_env(alias)
    conn = connections[alias]
    conn.close()
    cmd = [
        shutil.which("pg_restore") or "pg_restore",
        *args,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        conn.settings_dict["NAME"],
        str(dump),
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("pg_restore 失败，数据库未改变：%(error)s") % {"error": done.stderr.strip()[:500]}
        )


def _restore_portable(dump: Path, alias: str) -> None:
    """Migrate the schema, empty every table (migrations load reference rows) and insert the rows as stored."""
    call_command("migrate", database=alias, interactive=False, verbosity=0)
    conn = connections[alias]
    q = conn.ops.quote_name
    existing = set(_table_names(alias))
    with transaction.atomic(using=alias), _triggers_disabled(alias, existing), conn.cursor() as cursor:
        for sql in conn.ops.sql_flush(no_style(), _portable_tables(alias), allow_cascade=True):
            cursor.execute(sql)
        insert, batch = "", []
        with dump.open(encoding="utf-8") as stream:
            for line in stream:
                item = json.loads(line)
                if isinstance(item, dict):
                    if batch:
                        cursor.executemany(insert, batch)
                        batch = []
                    if item["table"] not in existing:
                        raise BackupError(
                            _("备份中的表 %(table)s 在本数据库中不存在。") % {"table": item["table"]}
                        )
                    cols = ", ".join(q(c) for c in item["columns"])
                    marks = ", ".join(["%s"] * len(item["columns"]))
                    insert = f"INSERT INTO {q(item['table'])} ({cols}) VALUES ({marks})"  # noqa: S608
                    continue
                batch.append([_decode(v) for v in item])
                if len(batch) >= 1000:
                    cursor.executemany(insert, batch)
                    batch = []
        if batch:
            cursor.executemany(insert, batch)
        # deferred foreign-key checks run now, before the triggers are enabled again
        conn.check_constraints()
    models = [m for m in _models_in_order() if router.allow_migrate_model(alias, m)]
    with conn.cursor() as cursor:
        for sql in conn.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@contextmanager
def _triggers_disabled(alias: str, tables: set[str]):
    """The rows are loaded as they were stored: the database's own triggers (the append-only guard, the data
    version counter) must not act on them. PostgreSQL: disabled per table in this transaction; SQLite, which
    cannot disable a trigger: dropped and created again from their stored definition."""
    conn = connections[alias]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            names = [conn.ops.quote_name(t) for t in sorted(tables)]
            for name in names:
                cursor.execute(f"ALTER TABLE {name} DISABLE TRIGGER USER")
            yield
            for name in names:
                cursor.execute(f"ALTER TABLE {name} ENABLE TRIGGER USER")
        elif conn.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {conn.ops.quote_name(name)}")
            yield
            for _name, sql in triggers:
                cursor.execute(sql)
        else:
            yield
