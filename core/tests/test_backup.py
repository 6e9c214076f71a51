"""Backup and restore: a whole round trip compared row by row and byte by byte, and damaged archives refused
before anything is touched. Runs on the engine of the test run (SQLite, or PostgreSQL with DATABASE_URL)."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.utils import load_backend

from core import backup
from handling import services as handling
from petitions.models import Attachment, Event, Petition

pytestmark = pytest.mark.django_db(transaction=True)


def _png(seed: int) -> SimpleUploadedFile:
    body = bytes((i * seed) % 256 for i in range(4096))
    content = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + body
    return SimpleUploadedFile(f"照片{seed}.png", content, content_type="image/png")


@pytest.fixture
def populated(province, register, pdf_file):
    first = register(province.liangzhou_clerk, province.liangzhou_center, attachments=[pdf_file()])
    handling.petition_accept(
        actor=province.liangzhou_clerk, petition=first, handling_unit=province.liangzhou_police
    )
    second = register(
        province.minqin_clerk,
        province.minqin_center,
        title="不服执行裁定",
        problem_region="620621",
        attachments=[pdf_file("起诉状.pdf", size=50_000)],
    )
    assert Attachment.objects.count() == 2
    return [first, second]


def _table_rows(alias: str) -> dict[str, list[tuple]]:
    conn = connections[alias]
    rows = {}
    with conn.cursor() as cursor:
        for table in backup._table_names(alias):
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def target(tmp_path):
    """An empty database under the alias "restore": a new SQLite file, or a new PostgreSQL database."""
    default = connections["default"].settings_dict
    postgres = connections["default"].vendor == "postgresql"
    name = f"{default['NAME']}_restore" if postgres else str(tmp_path / "restored.sqlite3")
    if postgres:
        with connections["default"].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    # created directly (not in settings): Django's test isolation allows such a connection
    wrapper = load_backend(default["ENGINE"]).DatabaseWrapper({**default, "NAME": name}, "restore")
    connections._connections.restore = wrapper
    yield "restore"
    wrapper.close()
    delattr(connections._connections, "restore")
    if postgres:
        with connections["default"].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def archive(populated, tmp_path, settings):
    path = tmp_path / "backup" / "xinfang.tar.gz"
    manifest = backup.create_backup(path)
    assert manifest["row_counts"]["petitions_petition"] == 2
    return path


def _assert_round_trip(archive, target, restored_media, media, *, applied_again=False):
    assert backup.database_is_empty(target)

    report = backup.restore_archive(archive, alias=target, media_root=restored_media)

    source_rows = _table_rows("default")
    restored_rows = _table_rows(target)
    assert set(restored_rows) == set(source_rows)
    for table, rows in source_rows.items():
        if applied_again and table == "django_migrations":
            # the portable format migrates the empty database: same migrations, new times
            rows, restored = ({r[1:3] for r in t} for t in (rows, restored_rows[table]))
            assert restored == rows
            continue
        assert restored_rows[table] == rows, table
    assert report.tables["petitions_petition"] == 2
    assert report.tables["petitions_event"] == Event.objects.count() > 2
    assert report.files == 2
    source_files = _files(media)
    assert len(source_files) == 2
    assert _files(restored_media) == source_files
    # the restored application reads its own data back
    assert Petition.objects.using(target).count() == 2
    assert not backup.database_is_empty(target)


def test_round_trip_restores_every_row_and_file_into_an_empty_database(archive, target, tmp_path, settings):
    with tarfile.open(archive, "r:gz") as tar:
        db_format = json.load(tar.extractfile("manifest.json"))["database_format"]
    native = (
        backup.FORMAT_PG_CUSTOM if connections["default"].vendor == "postgresql" else backup.FORMAT_SQLITE
    )
    assert db_format == native
    _assert_round_trip(archive, target, tmp_path / "restored_media", Path(settings.MEDIA_ROOT))


def test_portable_round_trip_keeps_every_row_exactly(populated, target, tmp_path, settings):
    """The engine-independent format (for a pg_dump that does not match the server) loses nothing either."""
    path = tmp_path / "portable.tar.gz"
    manifest = backup.create_backup(path, db_format=backup.FORMAT_PORTABLE)
    assert manifest["database_format"] == backup.FORMAT_PORTABLE
    with tarfile.open(path, "r:gz") as tar:
        dump = tar.extractfile(manifest["database_member"]).read().decode()
    assert "13893512345" not in dump  # personal fields stay encrypted as stored
    _assert_round_trip(
        path, target, tmp_path / "restored_media", Path(settings.MEDIA_ROOT), applied_again=True
    )


def test_archive_holds_manifest_and_no_key(archive, settings):
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        content = b"".join(tar.extractfile(m).read() for m in tar.getmembers())
    assert names[:2] == ["manifest.json", "manifest.sha256"]
    assert manifest["format_version"] == backup.FORMAT_VERSION
    assert manifest["engine"] == connections["default"].vendor
    assert "petitions" in manifest["migrations"]
    media = [n for n in manifest["members"] if n.startswith("media/")]
    assert len(media) == 2
    for name in media:
        data = (Path(settings.MEDIA_ROOT) / name.removeprefix("media/")).read_bytes()
        assert manifest["members"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    for key in [*settings.FIELD_ENCRYPTION_KEYS, settings.FIELD_HASH_KEY, settings.SECRET_KEY]:
        assert key.encode() not in content


def test_backup_refuses_a_key_dropped_into_the_media_root(populated, settings, tmp_path):
    (Path(settings.MEDIA_ROOT) / "keys.txt").write_text(settings.FIELD_HASH_KEY)
    with pytest.raises(backup.BackupError, match="密钥"):
        backup.create_backup(tmp_path / "out.tar.gz")
    assert not (tmp_path / "out.tar.gz").exists()


def test_backup_command_says_where_the_keys_are(populated, tmp_path):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "b.tar.gz"), stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "备份完成" in text
    assert "密钥不在备份中" in text
    assert "secrets.json" in text or "XINFANG_FIELD_KEYS" in text


def test_restore_refuses_a_non_empty_database_without_force(archive):
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    assert Petition.objects.count() == 2


# ---------------------------------------------------------------------------------------------- damage


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def _repack(path: Path, members: dict[str, bytes], *, fix_manifest_sum: bool = False) -> None:
    if fix_manifest_sum:
        members["manifest.sha256"] = hashlib.sha256(members["manifest.json"]).hexdigest().encode()
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def _remove_member(path: Path) -> None:
    members = _members(path)
    del members[next(n for n in members if n.startswith("media/"))]
    _repack(path, members)


def _add_traversal(path: Path) -> None:
    members = _members(path)
    members["media/../../evil.txt"] = b"owned"
    _repack(path, members)


def _add_absolute(path: Path) -> None:
    members = _members(path)
    members["/tmp/evil.txt"] = b"owned"  # noqa: S108 - a hostile member name, never written
    _repack(path, members)


def _add_unlisted(path: Path) -> None:
    members = _members(path)
    members["media/extra.txt"] = b"not in the manifest"
    _repack(path, members)


def _edit_manifest(path: Path) -> None:
    members = _members(path)
    manifest = json.loads(members["manifest.json"])
    manifest["row_counts"]["petitions_petition"] = 999
    members["manifest.json"] = json.dumps(manifest).encode()
    _repack(path, members)


def _change_file_keeping_manifest(path: Path) -> None:
    members = _members(path)
    name = next(n for n in members if n.startswith("media/"))
    members[name] = members[name][:-1] + b"!"
    _repack(path, members)


def _newer_code(path: Path) -> None:
    members = _members(path)
    manifest = json.loads(members["manifest.json"])
    manifest["migrations"]["petitions"].append("9999_from_the_future")
    members["manifest.json"] = json.dumps(manifest).encode()
    _repack(path, members, fix_manifest_sum=True)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_flip, "损坏"),
        (_truncate, "损坏或不完整"),
        (_remove_member, "缺少"),
        (_add_traversal, "不允许的成员"),
        (_add_absolute, "不允许的成员"),
        (_add_unlisted, "清单之外"),
        (_edit_manifest, "清单校验值不符"),
        (_change_file_keeping_manifest, "校验值或大小不符"),
        (_newer_code, "更新版本"),
    ],
)
def test_damaged_archive_is_refused_before_anything_is_touched(
    archive, damage, message, register, province, settings, tmp_path
):
    # data written after the backup: a restore would replace it, a refusal must leave it as it is
    register(province.liangzhou_clerk, province.liangzhou_center, title="备份之后登记")
    media = Path(settings.MEDIA_ROOT)
    (media / "after-backup.txt").write_bytes(b"kept")
    rows_before = _table_rows("default")
    files_before = _files(media)
    damage(archive)

    err = io.StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), "--force", stdout=io.StringIO(), stderr=err)

    assert _table_rows("default") == rows_before
    assert _files(media) == files_before
    assert not (tmp_path / "evil.txt").exists()
    assert not list(tmp_path.rglob("evil.txt"))
