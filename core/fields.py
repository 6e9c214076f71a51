"""Model fields for encrypted personal data."""

from django.db import models

from core import crypto


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code always sees the plain value.

    It cannot be filtered or ordered on in SQL: pair it with a keyed-hash column where matching is needed.
    """

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull",):
            raise TypeError(f"encrypted field cannot be queried with '{lookup_name}'; use its keyed hash")
        return super().get_lookup(lookup_name)
