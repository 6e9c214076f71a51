"""Each petition keeps its own record of its petitioners: split records shared by several petitions.

Before, a registration with a known identity number reused (and overwrote) the record another unit had collected.
The first petition keeps the record; every later petition gets its own copy of what was shown on it, so from now
on no registration reads, copies or overwrites another petition's personal data. Reveal logs are left as
written. People stay linked by the identity number's keyed hash.
"""

from django.db import migrations
from django.db.models import Count

COPIED = (
    "name",
    "gender",
    "id_number",
    "id_number_hash",
    "phone",
    "phone_hash",
    "address",
    "residence_region_id",
    "is_key_person",
)


def split_shared_petitioners(apps, schema_editor):
    Party = apps.get_model("petitions", "PetitionParty")
    Petitioner = apps.get_model("petitions", "Petitioner")
    shared = list(
        Party.objects.order_by()
        .values("petitioner_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("petitioner_id", flat=True)
    )
    for pk in shared:
        person = Petitioner.objects.get(pk=pk)
        parties = list(Party.objects.filter(petitioner_id=pk).order_by("petition_id", "id"))
        for party in parties[1:]:
            copy = Petitioner.objects.create(**{name: getattr(person, name) for name in COPIED})
            Petitioner.objects.filter(pk=copy.pk).update(created_at=person.created_at)
            Party.objects.filter(pk=party.pk).update(petitioner_id=copy.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0005_petition_submission_digest"),
    ]

    operations = [
        migrations.RunPython(split_shared_petitioners, migrations.RunPython.noop, elidable=True),
    ]
