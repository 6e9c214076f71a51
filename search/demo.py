"""Demo data of search: the index of every demo petition (the demo generator writes petitions in bulk, beside
the registration service), so the list's keyword box finds them from the first start."""

from django.db import transaction

from petitions.models import Petition
from search.services import index_petitions

BATCH = 1000


def seed(log=print) -> None:
    ids = list(Petition.objects.filter(search_text__isnull=True).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            index_petitions(ids[start : start + BATCH])
    log(f"检索索引：{len(ids)} 件信访事项")
