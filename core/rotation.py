"""Key rotation: bring every encrypted value and every stored file under the newest key of the ring.

``settings.FIELD_ENCRYPTION_KEYS`` lists keys newest first; every key decrypts, the first encrypts. To rotate,
put a new key first and keep the old ones, run ``manage.py rotate_keys``, then remove the old keys. Until the run
has finished, values under an old key stay readable because the old key is still in the ring.

What is rotated is found through the model registry, not a hand-kept list: every ``EncryptedTextField`` of every
model (re-encrypted with ``MultiFernet.rotate``) and every ``FileField`` (the data key of an encrypted file is
re-wrapped; a file still in plaintext, from before encryption at rest, is encrypted). Work goes in batches by
primary key, each batch in its own transaction. Every row and file is idempotent: what is already under the
newest key is skipped, so an interrupted run is resumed by running it again.
"""

import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps as global_apps
from django.conf import settings
from django.db import connections, models, router, transaction

from core import crypto, filecrypt
from core.fields import EncryptedTextField

logger = logging.getLogger(__name__)

BATCH = 500


class RotationError(Exception):
    """The rotation cannot run here (e.g. files not on a local file system)."""


@dataclass
class Tally:
    label: str
    seen: int = 0
    changed: int = 0
    problems: list[str] = field(default_factory=list)


def encrypted_fields(apps=global_apps) -> Iterator[tuple[type[models.Model], list[models.Field]]]:
    """Every concrete model with its encrypted columns."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        found = [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedTextField)]
        if found:
            yield model, found


def file_fields(apps=global_apps) -> Iterator[tuple[type[models.Model], list[models.FileField]]]:
    """Every concrete model with its file columns (attachments, uploaded ledgers, their error workbooks…)."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        found = [f for f in model._meta.local_concrete_fields if isinstance(f, models.FileField)]
        if found:
            yield model, found


def _newest() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode())


def _under_newest(token: str, newest: Fernet) -> bool:
    try:
        newest.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def _batches(model, using: str, batch: int) -> Iterator[list]:
    last = None
    pk = model._meta.pk.attname
    while True:
        query = model._base_manager.using(using).order_by(pk)
        if last is not None:
            query = query.filter(**{f"{pk}__gt": last})
        keys = list(query.values_list(pk, flat=True)[:batch])
        if not keys:
            return
        yield keys
        last = keys[-1]


def rotate_fields(
    *, batch: int = BATCH, progress: Callable[[str], None] = lambda line: None, apps=global_apps
) -> list[Tally]:
    """Re-encrypt every encrypted column under the newest key. Reads and writes the stored tokens directly (no
    model ``save``: nothing else on the row changes)."""
    ring, newest = crypto.fernet(), _newest()
    tallies = []
    for model, fields in encrypted_fields(apps):
        tally = Tally(f"{model._meta.label}（{'、'.join(f.column for f in fields)}）")
        using = router.db_for_write(model)
        connection = connections[using]
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        columns = ", ".join(quote(f.column) for f in fields)
        for keys in _batches(model, using, batch):
            with transaction.atomic(using=using), connection.cursor() as cursor:
                placeholders = ", ".join(["%s"] * len(keys))
                cursor.execute(
                    f"SELECT {pk}, {columns} FROM {table} WHERE {pk} IN ({placeholders})",  # noqa: S608  quoted names
                    keys,
                )
                for row in cursor.fetchall():
                    tally.seen += 1
                    updates = {}
                    for f, token in zip(fields, row[1:], strict=True):
                        if not token or _under_newest(token, newest):
                            continue
                        try:
                            updates[f.column] = ring.rotate(token.encode()).decode()
                        except InvalidToken:
                            tally.problems.append(
                                f"{model._meta.label} #{row[0]} {f.column}：现有密钥均无法解密"
                            )
                    if updates:
                        assignments = ", ".join(f"{quote(c)} = %s" for c in updates)
                        cursor.execute(
                            f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608  quoted names
                            [*updates.values(), row[0]],
                        )
                        tally.changed += 1
            progress(f"{tally.label}：已检查 {tally.seen} 行，重新加密 {tally.changed} 行")
        tallies.append(tally)
    return tallies


def _replace(path: str, write: Callable) -> None:
    """Write a new version of a file beside it and move it into place atomically (a crash leaves either the
    old file or the new one, never half of one)."""
    temporary = f"{path}.rotating"
    with open(temporary, "wb") as output:
        write(output)
        output.flush()
        os.fsync(output.fileno())
    os.replace(temporary, path)


def _encrypt_plaintext(handle, output) -> str:
    handle.seek(0)
    encrypting = filecrypt.EncryptingFile(handle)
    for piece in encrypting.chunks():
        output.write(piece)
    return encrypting.sha256


def secure_file(storage, name: str, *, sha256: str = "", rewrap: bool = True) -> str:
    """Bring one stored file under the newest key. Returns what was done: "encrypted" (it was plaintext),
    "rewrapped", "current" (nothing to do) or "missing"."""
    try:
        path = storage.path(name)
    except NotImplementedError as exc:
        raise RotationError("rotate_keys needs files on a local file system (FileSystemStorage)") from exc
    if not os.path.exists(path):
        return "missing"
    newest = filecrypt.newest_key_id()
    with open(path, "rb") as handle:
        kid = filecrypt.header_key_id(handle)
        if kid is None:
            if sha256:
                digest = hashlib.sha256()
                while piece := handle.read(filecrypt.CHUNK):
                    digest.update(piece)
                if digest.hexdigest() != sha256:
                    logger.warning("plaintext file %s does not match its recorded checksum", name)
            _replace(path, lambda output: _encrypt_plaintext(handle, output))
            return "encrypted"
        if kid == newest or not rewrap:
            return "current"
        _replace(path, lambda output: filecrypt.rewrap(handle, output))
        return "rewrapped"


def rotate_files(
    *,
    batch: int = BATCH,
    progress: Callable[[str], None] = lambda line: None,
    apps=global_apps,
    rewrap: bool = True,
) -> list[Tally]:
    """Encrypt every stored file still in plaintext and re-wrap the data key of every other one under the
    newest key (the chunks are copied unchanged: a rotation does not decrypt the content)."""
    tallies = []
    for model, fields in file_fields(apps):
        for f in fields:
            tally = Tally(f"{model._meta.label}.{f.name}")
            using = router.db_for_write(model)
            has_sha = any(x.name == "sha256" for x in model._meta.concrete_fields)
            values = [f.attname, "sha256"] if has_sha else [f.attname]
            for keys in _batches(model, using, batch):
                rows = model._base_manager.using(using).filter(pk__in=keys).exclude(**{f.attname: ""})
                for pk, name, *digest in rows.values_list("pk", *values):
                    if not name:
                        continue
                    tally.seen += 1
                    try:
                        outcome = secure_file(
                            f.storage, name, sha256=digest[0] if digest else "", rewrap=rewrap
                        )
                    except filecrypt.FileIntegrityError as exc:
                        tally.problems.append(f"{model._meta.label} #{pk} {name}：{exc}")
                        continue
                    if outcome == "missing":
                        tally.problems.append(f"{model._meta.label} #{pk} {name}：文件不存在")
                    elif outcome != "current":
                        tally.changed += 1
                progress(f"{tally.label}：已检查 {tally.seen} 个文件，处理 {tally.changed} 个")
            tallies.append(tally)
    return tallies


def encrypt_plaintext_files(apps, schema_editor) -> None:
    """The data migration that leaves no plaintext file on disk (historical models: no re-wrapping)."""
    rotate_files(apps=apps, rewrap=False)
