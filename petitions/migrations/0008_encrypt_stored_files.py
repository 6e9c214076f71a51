"""Files stored before encryption at rest (attachments, uploaded ledgers, their error workbooks) are encrypted in
place under the newest field key: no plaintext file stays on disk. ``manage.py rotate_keys`` does the same and
also re-wraps files under older keys; this step only encrypts what is still plaintext."""

from django.db import migrations

from core.rotation import encrypt_plaintext_files


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0007_party_own_petitioner"),
        ("ledger", "0001_initial"),
    ]

    operations = [migrations.RunPython(encrypt_plaintext_files, migrations.RunPython.noop, elidable=True)]
