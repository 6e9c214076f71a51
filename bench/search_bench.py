"""Search and duplicate-detection figures on PostgreSQL (run on a copy of a seeded database, never on the seed):

    DATABASE_URL=postgres://…/xf_search_1m .venv/bin/python bench/search_bench.py [--repeat 5] [--registrations 40]

Prints p50/p95/p99 per scenario: search with one-, two- and three-word queries as the staff list asks it (the
bounded count of ``CappedPaginator``, the first page of 25, their highlighted snippets) and as the API asks it
(an exact count of the result and a page of 50), for a city committee and the province committee; duplicate
candidates for registered petitions; registration time with and without indexing; the size of the index on disk
(table, TOAST, GIN) and how many petitions are indexed; the machine's load average before and after.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from search_words import QUERIES  # noqa: E402

from organisations.models import Membership, Role, UnitType  # noqa: E402
from petitions.models import Petition  # noqa: E402
from petitions.pagination import CappedPaginator  # noqa: E402
from petitions.services import PetitionerData, RegistrationData, petition_register  # noqa: E402
from search import services as search_services  # noqa: E402
from search import text  # noqa: E402
from search.models import PetitionText  # noqa: E402
from search.selectors import (  # noqa: E402
    attach_snippets,
    duplicate_candidates,
    petition_intake_data,
    search_petitions,
)


def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def committee_user(level):
    # a member the committee's scope applies to (a system administrator sees no petitions), the same every run
    qs = Membership.objects.filter(unit__type=UnitType.COMMITTEE).exclude(
        role__in=[Role.SYSADMIN, Role.LAWYER]
    )
    for m in qs.select_related("user", "unit").order_by("unit__region_id", "user_id"):
        code = m.unit.region_id
        if (level == "province" and code.endswith("0000")) or (
            level == "city" and code.endswith("00") and not code.endswith("0000")
        ):
            return m.user, m.unit
    raise SystemExit(f"no {level} committee member")


def summary(label, times):
    return (
        f"{label}: n={len(times)} p50={p(times, 0.5):.0f} ms p95={p(times, 0.95):.0f} ms "
        f"p99={p(times, 0.99):.0f} ms max={max(times):.0f} ms"
    )


def bench_search(user, label, repeat, kinds=("list", "api")):
    """The staff list's keyword box (bounded count, page 1, snippets) and the API's ``q`` (count, page of 50)."""
    every = {"list": [], "api": []}
    for words, queries in QUERIES.items():
        by_kind = {"list": [], "api": []}
        for q in queries:
            for _ in range(repeat):

                def page(q=q):
                    # the list page's query without its prefetch of petitioners (their decryption is not search)
                    qs = search_petitions(user, q).prefetch_related(None)
                    rows = CappedPaginator(qs, 25).get_page(1)
                    attach_snippets(rows.object_list, q)

                def api(q=q):
                    qs = search_petitions(user, q).prefetch_related(None)
                    qs.count()
                    list(qs[:50])

                for kind, fn in (("list", page), ("api", api)):
                    if kind in kinds:
                        by_kind[kind].append(timed(fn))
        for kind, times in by_kind.items():
            if not times:
                continue
            print(summary(f"search {kind} {label} {words} word(s)", times))
            every[kind] += times
    for kind, times in every.items():
        if times:
            print(summary(f"search {kind} {label} all", times))


def bench_duplicates(user, n):
    ids = list(
        Petition.objects.filter(search_text__isnull=False).order_by("?").values_list("pk", flat=True)[:n]
    )
    times = []
    for pk in ids:
        data = petition_intake_data(Petition.objects.get(pk=pk))
        times.append(timed(lambda data=data, pk=pk: duplicate_candidates(user=user, data=data, exclude=[pk])))
    print(summary("duplicate candidates", times))


def bench_registration(n):
    clerk = Membership.objects.filter(role=Role.RECEPTION).select_related("user", "unit").first()
    sample = list(
        Petition.objects.order_by("?").values("title", "demands", "facts", "problem_region_id")[: n * 2]
    )

    def register(row):
        petition_register(
            actor=clerk.user,
            unit=clerk.unit,
            data=RegistrationData(
                channel="visit",
                title=row["title"],
                demands=row["demands"],
                facts=row["facts"],
                problem_region=row["problem_region_id"],
            ),
            petitioners=[PetitionerData(name="测试人", phone="13900000000")],
        )

    results = {}
    # registration segments its text with new_petition_document and writes it with index_new_petition
    original = search_services.new_petition_document, search_services.index_new_petition
    skipped = (lambda petition, **_parts: ("", "", ""), lambda petition, document: None)
    for mode in ("without", "with", "without", "with"):  # alternated, so load changes hit both alike
        rows = sample[:n] if mode == "with" else sample[n:]
        chosen = skipped if mode == "without" else original
        search_services.new_petition_document, search_services.index_new_petition = chosen
        times = []
        for row in rows:
            with transaction.atomic():
                sid = transaction.savepoint()
                times.append(timed(lambda row=row: register(row)))
                transaction.savepoint_rollback(sid)
        results.setdefault(mode, []).extend(times)
    search_services.new_petition_document, search_services.index_new_petition = original
    w, wo = statistics.mean(results["with"]), statistics.mean(results["without"])
    print(
        f"registration: without index {wo:.1f} ms/petition ({1000 / wo:.1f}/s), with index {w:.1f} ms "
        f"({1000 / w:.1f}/s): throughput {(1 - wo / w) * 100:.1f}% lower with indexing"
    )


def sizes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('search_petitiontext')), "
            "pg_size_pretty(pg_relation_size('search_petitiontext')), "
            "pg_size_pretty(pg_table_size('search_petitiontext') - pg_relation_size('search_petitiontext')), "
            "pg_size_pretty(pg_relation_size('search_petitiontext_vector_day')), "
            "pg_size_pretty(pg_indexes_size('search_petitiontext'))"
        )
        total, heap, toast, gin, indexes = cursor.fetchone()
    indexed, petitions = PetitionText.objects.count(), Petition.objects.count()
    print(
        f"index: {indexed} of {petitions} petitions indexed; on disk {total} "
        f"(table {heap}, TOAST {toast}, GIN {gin}, all its indexes {indexes})"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--duplicates", type=int, default=40)
    parser.add_argument("--registrations", type=int, default=40)
    parser.add_argument("--scopes", default="city,province", help="city, province or both")
    parser.add_argument(
        "--kinds", default="list,api", help="list (the staff list page), api (exact count) or both"
    )
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run on PostgreSQL"
    print(
        f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}, {os.cpu_count()} CPUs"
    )
    sizes()
    city_user, city = committee_user("city")
    province_user, province = committee_user("province")
    search_petitions(city_user, "预热")  # jieba's dictionary and IDF table load once per process
    text.key_terms("预热 执行 判决")
    kinds = args.kinds.split(",")
    if "city" in args.scopes:
        bench_search(city_user, f"city scope ({city.name})", args.repeat, kinds)
    if "province" in args.scopes:
        bench_search(province_user, f"province scope ({province.name})", args.repeat, kinds)
    if args.duplicates:
        bench_duplicates(city_user, args.duplicates)
    if args.registrations:
        bench_registration(args.registrations)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")


if __name__ == "__main__":
    main()
