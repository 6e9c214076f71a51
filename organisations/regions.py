"""Loading the GB/T 2260 region table shipped in ``data/regions.json`` (province, city and county codes)."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "regions.json"


def load_regions(region_model) -> int:
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    existing = set(region_model.objects.values_list("code", flat=True))
    new = [
        region_model(code=code, name=name, parent_id=parent)
        for code, name, parent in rows
        if code not in existing
    ]
    # parents come before children in the file, so inserting in order satisfies the foreign key
    region_model.objects.bulk_create(new, batch_size=1000)
    return len(new)
