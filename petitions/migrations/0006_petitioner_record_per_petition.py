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
BATCH = 1000


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
    for start in range(0, len(shared), BATCH):
        chunk = shared[start : start + BATCH]
        people = Petitioner.objects.in_bulk(chunk)
        later: list = []  # every party after its record's first petition
        seen: set[int] = set()
        for party in Party.objects.filter(petitioner_id__in=chunk).order_by(
            "petitioner_id", "petition_id", "id"
        ):
            if party.petitioner_id in seen:
                later.append(party)
            seen.add(party.petitioner_id)
        copies = Petitioner.objects.bulk_create(
            [
                Petitioner(**{name: getattr(people[party.petitioner_id], name) for name in COPIED})
                for party in later
            ]
        )
        for party, copy in zip(later, copies, strict=True):
            party.petitioner_id = copy.pk
        Party.objects.bulk_update(later, ["petitioner"])


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0005_petition_submission_digest"),
    ]

    operations = [
        migrations.RunPython(split_shared_petitioners, migrations.RunPython.noop, elidable=True),
    ]
