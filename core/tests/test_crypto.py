import pytest
from django.db import connection

from core import crypto
from petitions.models import Petitioner


def test_encrypt_round_trip_and_randomised():
    a, b = crypto.encrypt("620602198503150017"), crypto.encrypt("620602198503150017")
    assert a != b
    assert crypto.decrypt(a) == crypto.decrypt(b) == "620602198503150017"


def test_keyed_hash_is_deterministic_and_normalised():
    assert crypto.keyed_hash("11010519491231002x") == crypto.keyed_hash(" 11010519491231002X ")
    assert crypto.keyed_hash("a") != crypto.keyed_hash("b")
    assert crypto.keyed_hash("") == ""


def test_keyed_hash_depends_on_key(settings):
    before = crypto.keyed_hash("620602198503150017")
    settings.FIELD_HASH_KEY = "another-key"
    assert crypto.keyed_hash("620602198503150017") != before


def test_wrong_key_fails_loudly(settings):
    token = crypto.encrypt("secret")
    settings.FIELD_ENCRYPTION_KEYS = ["kQbpEe3u1dWk2G8n3v5tB9w0yZ1xC2aD3eF4gH5iJ6k="]
    with pytest.raises(ValueError, match="cannot be decrypted"):
        crypto.decrypt(token)


@pytest.mark.django_db
def test_personal_data_is_encrypted_at_rest():
    p = Petitioner.objects.create(
        name="王建国", id_number="620602198503150017", phone="13893512345", address="凉州区东大街1号"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, address FROM petitions_petitioner WHERE id = %s", [p.pk])
        raw = cursor.fetchone()
    assert "620602198503150017" not in raw[0]
    assert "13893512345" not in raw[1]
    assert "东大街" not in raw[2]
    assert Petitioner.objects.get(pk=p.pk).id_number == "620602198503150017"


@pytest.mark.django_db
def test_encrypted_field_cannot_be_filtered_in_sql():
    with pytest.raises(TypeError, match="keyed hash"):
        Petitioner.objects.filter(id_number="620602198503150017").exists()
