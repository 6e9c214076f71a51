"""Query budgets: every page a signed-in user can GET has a committed ceiling on its number of SQL queries.

The routes come from the resolver (like the scope walk, and filled the same way: ``core/tests/test_scope_walker``),
so a new page fails until it has a budget. The world holds several petitions in the insider's scope, so a page
that queries once per row (an N+1) goes over its budget by at least that many queries. The budgets live in
``core/tests/query_budgets.json`` (route name, and the choice parameters, → queries); after a deliberate change
rewrite them with ``XINFANG_WRITE_QUERY_BUDGETS=1 pytest core/tests/test_query_budgets.py`` and review the diff.
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tests.test_scope_walker import PK_OF, client_for, concrete, walked_routes
from petitions.services import PetitionerData, RegistrationData, petition_register

pytestmark = pytest.mark.django_db

BUDGETS = Path(__file__).with_name("query_budgets.json")
HEADROOM = (
    2  # a budget is what the page needs today plus this; a query per row on a page of 6 rows exceeds it
)
EXTRA_ROWS = 5


def _key(route, values) -> str:
    choices = {  # record ids inside a choice (a campaign's chart) differ between databases
        k: re.sub(r"\d+", "N", str(v)) for k, v in values.items() if k not in ("pk", "petitioner_pk", "token")
    }
    suffix = "".join(f"[{k}={v}]" for k, v in sorted(choices.items()))
    return f"{route.name or route.template}{suffix}"


def _more_rows(world) -> None:
    """A few more petitions in the insider's county, each with a petitioner, so lists have rows to repeat on."""
    p = world.province
    for i in range(EXTRA_ROWS):
        petition_register(
            actor=world.insider,
            unit=p.minqin_center,
            data=RegistrationData(
                channel="letter",
                title=f"民勤县执行款未到位{i}",
                demands="请求尽快执行",
                facts="判决已生效",
                problem_region="620621",
                case_number=f"(2021)甘0621执{i}号",
            ),
            petitioners=[PetitionerData(name=f"张{i}", id_number="620621198001010013", phone="13900000002")],
        )


def measure(world, settings) -> dict[str, int]:
    # figures are measured uncached: a cache window that turns over mid-walk would otherwise make a page's
    # count depend on the clock
    settings.XINFANG_ANALYTICS_CACHE_SECONDS = 0
    _more_rows(world)
    client = client_for(world.insider)
    client.get("/")  # first request of the session: its one-off queries are nobody's page
    counts: dict[str, int] = {}
    for route in walked_routes():
        if route.template.startswith("api/schema"):
            continue
        for values in concrete(route, world):
            if PK_OF.get(route.name) == "petitions" and values.get("pk") == world.own.pk:
                continue  # outside the insider's scope
            with CaptureQueriesContext(connection) as queries:
                response = client.get(route.path(values))
            if response.status_code != 200:
                continue  # POST-only actions, redirects: no page to budget
            key = _key(route, values)
            counts[key] = max(counts.get(key, 0), len(queries))
    return counts


def test_every_page_stays_within_its_query_budget(world, settings):
    counts = measure(world, settings)
    if os.environ.get("XINFANG_WRITE_QUERY_BUDGETS") == "1":
        budgets = {key: n + HEADROOM for key, n in sorted(counts.items())}
        BUDGETS.write_text(json.dumps(budgets, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    budgets = json.loads(BUDGETS.read_text())
    missing = sorted(set(counts) - set(budgets))
    over = [
        f"{key}: {n} queries, budget {budgets[key]}"
        for key, n in sorted(counts.items())
        if n > budgets.get(key, n)
    ]
    assert not missing, "pages without a query budget (add them to query_budgets.json):\n" + "\n".join(
        missing
    )
    assert not over, "pages over their query budget (an N+1?):\n" + "\n".join(over)
    assert len(counts) > 20  # the walk reached the pages (a broken fill would pass vacuously)


def test_a_query_per_row_exceeds_the_budget(world):
    """The budget can fail: the list page with a query per row is over budget."""
    from petitions import views

    budgets = json.loads(BUDGETS.read_text())
    _more_rows(world)
    client = client_for(world.insider)
    client.get("/")
    original = views.decorate_rows

    def per_row(rows):
        rows = original(rows)
        for row in rows:
            list(row.events.all())  # one query per row
        return rows

    views.decorate_rows = per_row
    try:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/petitions/").status_code == 200
    finally:
        views.decorate_rows = original
    assert len(queries) > budgets["petitions:list"]
