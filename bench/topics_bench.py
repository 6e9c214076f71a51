"""Hot-topic figures on PostgreSQL (run on a seeded database of your own: the stored run writes rows):

    DATABASE_URL=postgres://…/xf_topics_bench .venv/bin/python bench/topics_bench.py \
        [--periods 30d,90d,180d,365d] [--store 90d] [--repeat 20]

For each period (each run reads it and the period of the same length before it) prints the petitions read, the
clusters found and the time to read their indexed words, to cluster them (TF-IDF, nearest neighbours, components,
labels) and the process's peak memory. Then stores one run (``--store``) through ``cluster_topics`` — read,
cluster, write — and times the hot-topics page (ranking page 1 as the page renders it), its API, a cluster's page
and the dashboard panel's query as a county, a city and the province (the seeded demo accounts), p50/p95.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from organisations.models import User  # noqa: E402
from topics import clustering, selectors, services  # noqa: E402
from topics.models import Membership  # noqa: E402

USERS = {"county": "baoan", "city": "duban", "province": "lingdao"}


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_period(value: str) -> None:
    period = services.parse_period(value)
    start = time.perf_counter()
    docs = services._documents(period)
    read = time.perf_counter() - start
    start = time.perf_counter()
    result = clustering.cluster_documents([clustering.Doc(text=d["words"], case=d["case"]) for d in docs])
    compute = time.perf_counter() - start
    members = sum(len(g.members) for g in result.groups)
    largest = max((len(g.members) for g in result.groups), default=0)
    print(
        f"cluster {value:>5}: petitions={len(docs):,} features={result.features:,} clusters={len(result.groups):,} "
        f"in clusters={members:,} largest={largest} read={read:.2f}s cluster={compute:.2f}s "
        f"peak RSS={peak_mb():.0f} MB"
    )


def timed_get(client, path, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--periods", default="30d,90d,180d,365d")
    parser.add_argument("--store", default="90d")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only: set DATABASE_URL")
    settings.ALLOWED_HOSTS = ["*"]
    for value in filter(None, args.periods.split(",")):
        bench_period(value.strip())
    start = time.perf_counter()
    run = services.cluster_topics(period=args.store)
    print(
        f"stored run {run.label}: petitions={run.petitions:,} clusters={run.clusters:,} "
        f"members={Membership.objects.filter(run=run).count():,} total={time.perf_counter() - start:.2f}s "
        f"(clustering {run.params['cluster_seconds']:.2f}s)"
    )
    for label, username in USERS.items():
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        client.get("/")
        rows = selectors.ranking(user, run)
        top = rows[0] if rows else None
        figures = {
            "page": timed_get(client, "/topics/", args.repeat),
            "page-growth": timed_get(client, "/topics/?order=growth", args.repeat),
            "api": timed_get(client, "/api/v1/topics/clusters/", args.repeat),
        }
        if top:
            figures["cluster"] = timed_get(client, f"/topics/{top['cluster_id']}/", args.repeat)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            selectors.top_clusters(user)
            times.append((time.perf_counter() - start) * 1000)
        figures["panel"] = times
        visible = len(rows)
        for name, values in figures.items():
            print(
                f"{label:>8} {name:<12} clusters seen={visible:>5} p50={statistics.median(values):6.0f} ms "
                f"p95={pct(values, 0.95):6.0f} ms"
            )


if __name__ == "__main__":
    main()
