"""Files encrypted at rest (attachments, uploaded ledgers, their error workbooks), read and written in chunks.

Fernet (``core.crypto``) encrypts a whole message at once, which would need a 20 MB file as 20 MB of Python
bytes, twice. Files use a chunked format instead::

    header   MAGIC (6 bytes: b"XFENC" + version) | key id (8 bytes) | wrapped-key length (2 bytes, big endian)
             | wrapped data key (a Fernet token of a random 256-bit key, under the field key ring)
    chunks   AES-256-GCM of each 64 KiB of plaintext (the last one shorter), each followed by its 16-byte tag

Every file has its own random data key, so a nonce needs only to be unique within the file: it is the chunk
index (11 bytes) and a final flag (1 byte). The additional data binds each chunk to the format version, its
index and whether it is the last one: chunks cannot be reordered, dropped, duplicated or cut off at the end
without the decryption failing. The data key is wrapped with ``MultiFernet`` under
``settings.FIELD_ENCRYPTION_KEYS`` (newest first), the same ring as personal fields: rotating keys re-wraps the
data key (the header changes, the chunks stay). The key id (the first 8 bytes of SHA-256 of the wrapping key)
tells which key of the ring wrapped it, so a rotation can skip files already under the newest key.

Because every chunk but the last has the same size, a chunk is found by arithmetic: ``DecryptingReader`` is a
seekable read-only file, which lets ``zipfile`` read an encrypted workbook without a plaintext copy.
"""

import hashlib
import io
import os
import secrets
from collections.abc import Iterable, Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files.base import File

from core import crypto

MAGIC = b"XFENC\x01"
CHUNK = 64 * 1024
TAG = 16
KEY_ID_BYTES = 8


class FileIntegrityError(ValueError):
    """The stored file cannot be decrypted or does not match its recorded checksum."""


def key_id(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()[:KEY_ID_BYTES]


def newest_key_id() -> bytes:
    return key_id(settings.FIELD_ENCRYPTION_KEYS[0])


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def _aad(index: int, final: bool) -> bytes:
    return MAGIC + _nonce(index, final)


def _header(data_key: bytes) -> bytes:
    newest = settings.FIELD_ENCRYPTION_KEYS[0]
    wrapped = Fernet(newest.encode()).encrypt(data_key)
    return MAGIC + key_id(newest) + len(wrapped).to_bytes(2, "big") + wrapped


def _read_header(handle: IO[bytes]) -> tuple[bytes, bytes, int]:
    """(data key, key id, header length) of an encrypted file positioned at its start."""
    head = handle.read(len(MAGIC) + KEY_ID_BYTES + 2)
    if len(head) < len(MAGIC) + KEY_ID_BYTES + 2 or not head.startswith(MAGIC):
        raise FileIntegrityError("not an encrypted file")
    kid = head[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES]
    length = int.from_bytes(head[-2:], "big")
    wrapped = handle.read(length)
    try:
        data_key = crypto.fernet().decrypt(wrapped)
    except InvalidToken as exc:
        raise FileIntegrityError("the data key cannot be unwrapped with the configured keys") from exc
    return data_key, kid, len(head) + length


def is_encrypted(handle: IO[bytes]) -> bool:
    position = handle.tell()
    try:
        return handle.read(len(MAGIC)) == MAGIC
    finally:
        handle.seek(position)


def header_key_id(handle: IO[bytes]) -> bytes | None:
    """The key id in the header of an encrypted file (None for a plaintext file); the position is kept."""
    position = handle.tell()
    try:
        head = handle.read(len(MAGIC) + KEY_ID_BYTES)
        return head[len(MAGIC) :] if head.startswith(MAGIC) else None
    finally:
        handle.seek(position)


def _blocks(source: Iterable[bytes]) -> Iterator[bytes]:
    """Re-cut a stream of byte strings of any sizes into CHUNK-sized blocks (the last may be shorter)."""
    pending = bytearray()
    for piece in source:
        pending += piece
        while len(pending) >= CHUNK:
            yield bytes(pending[:CHUNK])
            del pending[:CHUNK]
    yield bytes(pending)


class Encryptor:
    """Encrypt a stream of plaintext pieces; ``size`` and ``sha256`` of the plaintext are known at the end."""

    def __init__(self):
        self.data_key = AESGCM.generate_key(bit_length=256)
        self.size = 0
        self.digest = hashlib.sha256()

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()

    def encrypt(self, source: Iterable[bytes]) -> Iterator[bytes]:
        aead = AESGCM(self.data_key)
        yield _header(self.data_key)
        blocks = _blocks(source)
        index, current = 0, next(blocks)
        for following in blocks:
            if not following and len(current) == CHUNK:  # the stream ended exactly on a chunk boundary
                break
            yield self._seal(aead, index, current, final=False)
            index, current = index + 1, following
        yield self._seal(aead, index, current, final=True)

    def _seal(self, aead: AESGCM, index: int, block: bytes, *, final: bool) -> bytes:
        self.size += len(block)
        self.digest.update(block)
        return aead.encrypt(_nonce(index, final), block, _aad(index, final))


def _pieces(handle: IO[bytes]) -> Iterator[bytes]:
    if hasattr(handle, "chunks"):
        handle.seek(0)
        yield from handle.chunks(CHUNK)
        return
    while piece := handle.read(CHUNK):
        yield piece


class EncryptingFile(File):
    """A Django ``File`` whose ``chunks()`` are the encrypted form of another file: give it to ``Storage.save``
    (or ``FieldFile.save``) to store the file encrypted, never as plaintext. After saving, ``size`` and
    ``sha256`` describe the plaintext."""

    def __init__(self, source: IO[bytes], name: str = "encrypted"):
        super().__init__(None, name)
        self.source = source
        self.encryptor = Encryptor()

    @property
    def size(self) -> int:
        """The plaintext's size, once written."""
        return self.encryptor.size

    @property
    def sha256(self) -> str:
        return self.encryptor.sha256

    def chunks(self, chunk_size=None):
        self.encryptor = Encryptor()  # a second pass (a retried save) starts over with a new data key
        yield from self.encryptor.encrypt(_pieces(self.source))

    def multiple_chunks(self, chunk_size=None):
        return True

    def open(self, mode=None):
        return self

    def close(self):
        pass

    def __bool__(self):
        return True


class DecryptingReader(io.RawIOBase):
    """A seekable, read-only view of the plaintext of an encrypted file. Memory: one chunk."""

    def __init__(self, handle: IO[bytes]):
        super().__init__()
        self.handle = handle
        handle.seek(0)
        data_key, self.key_id, self.offset = _read_header(handle)
        self.aead = AESGCM(data_key)
        handle.seek(0, os.SEEK_END)
        body = handle.tell() - self.offset
        self.chunks_count = max(1, -(-body // (CHUNK + TAG)))
        last = body - (self.chunks_count - 1) * (CHUNK + TAG) - TAG
        if last < 0:
            raise FileIntegrityError("the encrypted file is truncated")
        self.length = (self.chunks_count - 1) * CHUNK + last
        self.position = 0
        self.cached: tuple[int, bytes] | None = None

    def _chunk(self, index: int) -> bytes:
        if self.cached and self.cached[0] == index:
            return self.cached[1]
        final = index == self.chunks_count - 1
        self.handle.seek(self.offset + index * (CHUNK + TAG))
        sealed = self.handle.read(CHUNK + TAG)
        try:
            block = self.aead.decrypt(_nonce(index, final), sealed, _aad(index, final))
        except InvalidTag as exc:
            raise FileIntegrityError(f"chunk {index} of the encrypted file is damaged") from exc
        self.cached = (index, block)
        return block

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self.position, os.SEEK_END: self.length}[whence]
        self.position = max(0, base + offset)
        return self.position

    def readinto(self, buffer) -> int:
        if self.position >= self.length:
            return 0
        index, start = divmod(self.position, CHUNK)
        block = self._chunk(index)
        count = min(len(buffer), len(block) - start)
        buffer[:count] = block[start : start + count]
        self.position += count
        return count

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.length - self.position
        parts = []
        while size > 0 and self.position < self.length:
            index, start = divmod(self.position, CHUNK)
            block = self._chunk(index)
            part = block[start : start + size]
            parts.append(part)
            self.position += len(part)
            size -= len(part)
        return b"".join(parts)

    def iter_chunks(self) -> Iterator[bytes]:
        """Every chunk in order, each authenticated (the final flag catches a file cut at a chunk boundary)."""
        for index in range(self.chunks_count):
            yield self._chunk(index)

    def close(self) -> None:
        self.handle.close()
        super().close()


def open_decrypted(handle: IO[bytes]) -> DecryptingReader:
    return DecryptingReader(handle)


def iter_plaintext(reader) -> Iterator[bytes]:
    """The plaintext of a ``DecryptingReader`` (every chunk authenticated) or of a plain file, in chunks."""
    if isinstance(reader, DecryptingReader):
        yield from reader.iter_chunks()
        return
    reader.seek(0)
    while piece := reader.read(CHUNK):
        yield piece


def check_sha256(reader, sha256: str | None) -> None:
    """Read the whole plaintext (authenticating each chunk) and compare its SHA-256 when one is recorded."""
    digest = hashlib.sha256()
    for block in iter_plaintext(reader):
        digest.update(block)
    if sha256 and digest.hexdigest() != sha256:
        raise FileIntegrityError("the decrypted file does not match its recorded checksum")


def rewrap(handle: IO[bytes], output: IO[bytes]) -> None:
    """Copy an encrypted file with its data key wrapped under the newest key; the chunks are copied as is."""
    handle.seek(0)
    data_key, _kid, offset = _read_header(handle)
    output.write(_header(data_key))
    handle.seek(offset)
    while piece := handle.read(1 << 20):
        output.write(piece)


def random_name(folder: str) -> str:
    """A storage name that says nothing about the file (no original name, no extension)."""
    return f"{folder}/{secrets.token_hex(16)}"
