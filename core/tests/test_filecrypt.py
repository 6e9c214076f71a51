import hashlib
import io
import os
import tracemalloc

import pytest
from cryptography.fernet import Fernet

from core import filecrypt

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def encrypt(data: bytes) -> tuple[bytes, filecrypt.Encryptor]:
    encryptor = filecrypt.Encryptor()
    return b"".join(encryptor.encrypt([data])), encryptor


@pytest.fixture(autouse=True)
def _ring(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]


@pytest.mark.parametrize(
    "size", [0, 1, filecrypt.CHUNK - 1, filecrypt.CHUNK, filecrypt.CHUNK + 1, 3 * filecrypt.CHUNK, 200_000]
)
def test_round_trip_of_every_size(size):
    data = os.urandom(size)
    sealed, encryptor = encrypt(data)
    assert encryptor.size == size and encryptor.sha256 == hashlib.sha256(data).hexdigest()
    assert size < 32 or data[:32] not in sealed
    reader = filecrypt.DecryptingReader(io.BytesIO(sealed))
    assert reader.length == size
    assert reader.read() == data
    assert b"".join(reader.iter_chunks()) == data


def test_reader_seeks_like_a_file():
    data = os.urandom(5 * filecrypt.CHUNK + 123)
    reader = filecrypt.DecryptingReader(io.BytesIO(encrypt(data)[0]))
    reader.seek(filecrypt.CHUNK * 2 - 10)
    assert reader.read(30) == data[filecrypt.CHUNK * 2 - 10 : filecrypt.CHUNK * 2 + 20]
    reader.seek(-7, os.SEEK_END)
    assert reader.read() == data[-7:]
    assert io.BufferedReader(filecrypt.DecryptingReader(io.BytesIO(encrypt(data)[0]))).read() == data


def test_header_carries_version_and_key_id_and_no_plaintext():
    sealed, _ = encrypt("620602198503150017 王建国".encode())
    assert sealed.startswith(filecrypt.MAGIC)
    assert filecrypt.header_key_id(io.BytesIO(sealed)) == filecrypt.key_id(KEY_A)
    assert "王建国".encode() not in sealed and b"620602198503150017" not in sealed


def _chunks_of(sealed: bytes) -> tuple[bytes, list[bytes]]:
    reader = filecrypt.DecryptingReader(io.BytesIO(sealed))
    head, body = sealed[: reader.offset], sealed[reader.offset :]
    size = filecrypt.CHUNK + filecrypt.TAG
    return head, [body[i : i + size] for i in range(0, len(body), size)]


def test_reordered_truncated_or_altered_chunks_are_refused():
    data = os.urandom(3 * filecrypt.CHUNK + 5)
    sealed, _ = encrypt(data)
    head, chunks = _chunks_of(sealed)
    swapped = head + chunks[1] + chunks[0] + chunks[2] + chunks[3]
    cut_at_boundary = head + b"".join(chunks[:3])
    flipped = bytearray(sealed)
    flipped[-40] ^= 1
    for damaged in (swapped, cut_at_boundary, bytes(flipped), sealed[:-3]):
        with pytest.raises(filecrypt.FileIntegrityError):
            filecrypt.check_sha256(filecrypt.DecryptingReader(io.BytesIO(damaged)), None)


def test_wrong_key_ring_is_refused(settings):
    sealed, _ = encrypt(b"data")
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(filecrypt.FileIntegrityError, match="unwrapped"):
        filecrypt.DecryptingReader(io.BytesIO(sealed))


def test_checksum_mismatch_is_refused():
    sealed, _ = encrypt(b"data")
    with pytest.raises(filecrypt.FileIntegrityError, match="checksum"):
        filecrypt.check_sha256(filecrypt.DecryptingReader(io.BytesIO(sealed)), "0" * 64)


def test_rewrap_moves_the_data_key_to_the_newest_key(settings):
    data = os.urandom(100_000)
    sealed, _ = encrypt(data)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    output = io.BytesIO()
    filecrypt.rewrap(io.BytesIO(sealed), output)
    assert filecrypt.header_key_id(io.BytesIO(output.getvalue())) == filecrypt.key_id(KEY_B)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert filecrypt.DecryptingReader(io.BytesIO(output.getvalue())).read() == data


def test_twenty_megabytes_are_encrypted_and_decrypted_in_bounded_memory(tmp_path):
    """A 20 MB file goes through in chunks: the peak of Python allocations stays far below the file's size."""
    source, target = tmp_path / "plain", tmp_path / "sealed"
    with source.open("wb") as handle:
        for _ in range(20 * 16):
            handle.write(os.urandom(64 * 1024))
    tracemalloc.start()
    try:
        with source.open("rb") as plain, target.open("wb") as out:
            encrypting = filecrypt.EncryptingFile(plain)
            for piece in encrypting.chunks():
                out.write(piece)
        with target.open("rb") as handle:
            filecrypt.check_sha256(filecrypt.DecryptingReader(handle), encrypting.sha256)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert encrypting.size == 20 * 1024 * 1024
    assert peak < 2 * 1024 * 1024, peak
