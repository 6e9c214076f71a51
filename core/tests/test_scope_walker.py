"""Data scope proven on every URL (DOMAIN §2): outside scope is 404, never 403, never someone else's data.

The routes come from the resolver itself (``core.testing.routes``), so a new view is walked without anyone adding
it here. Each path parameter is filled with the ids of a sibling county's records (民勤县: a petition with its
petitioner, attachment, reply document, alerts, notification, campaign and ledger import) and every URL is
requested, GET and POST, by staff of another county, by a lawyer with no assignment and anonymously. A URL whose
parameters name a record must answer exactly as it does for a record that does not exist (404; 405 where the
method is not served at all; the login redirect for anonymous visitors, 401/403 without data on the API). No
answer may contain any text of the sibling county's records, with or without query parameters that select a
unit or a region. A route that is neither walked nor listed in ``PUBLIC`` fails ``test_every_route_is_walked``.
"""

import io
import itertools
import zipfile
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from analytics.tables import CHARTS
from core.testing import scope_walk
from core.testing.routes import Route, all_routes
from core.testing.world import ID_NUMBER, MARK, PHONE
from handling.lifecycle import ACTIONS
from handling.worklists import WORKLISTS
from petitions.models import Petition
from petitions.panels import lazy_keys
from petitions.scope import visible_petitions

pytestmark = pytest.mark.django_db

ABSENT_ID = 987654321
ABSENT_TOKEN = "0" * 43

# Views that answer anyone on purpose: route name → why. Everything else needs a login (or admin staff).
PUBLIC = {
    "login": "登录页：未登录的人必须能打开",
    "logout": "退出登录：只结束本人的会话",
    "set_language": "界面语言切换：只写本人的语言偏好",
    "admin:login": "管理后台登录页：未登录的人必须能打开",
    **scope_walk.merged("PUBLIC"),  # what other apps declare (core/testing/scope_walk.py)
}

# Pages that show no records to anyone logged in (walked anonymously only, to keep the walk fast).
NO_RECORDS = {
    "ledger:template": "空白台账模板：只有表头和说明",
    "deadlines:calculator": "期限计算器：只计算日期",
    **scope_walk.merged("NO_RECORDS"),
}

# What the ``pk`` of each route refers to. A new route with a ``pk`` fails until it is listed here.
PK_OF = {
    "petitions:detail": "petitions",
    "petitions:panel": "petitions",
    "petitions:add_attachments": "petitions",
    "petitions:reveal": "petitions",
    "petitions:attachment": "attachments",
    "handling:action": "petitions",
    "alerts:acknowledge": "alerts",
    "alerts:close": "alerts",
    "alerts:petitions": "alerts",
    "petition-detail": "petitions",
    **scope_walk.merged("PK_OF"),
}
# Path parameters that name a record (filled with the sibling's ids) ...
OBJECT_PARAMS = {"pk", "petitioner_pk", "token"}
# ... and those that only choose among fixed things (every choice is walked).
CHOICE_PARAMS = {
    "action": lambda w: list(ACTIONS),
    "name": lambda w: list(WORKLISTS),
    "chart": lambda w: [*CHARTS, "all", f"campaign-{w.campaign.pk}"],
    "format": lambda w: ["json"],
    "panel": lambda w: lazy_keys(),
}


def is_admin(route: Route) -> bool:
    return route.template.startswith("admin/")


def is_api(route: Route) -> bool:
    return route.template.startswith("api/")


# ---------------------------------------------------------------------------------------------- filling


class Unfillable(Exception):
    pass


def object_values(route: Route, w) -> dict[str, list]:
    values: dict[str, list] = {}
    for name in route.params:
        if name == "pk":
            if route.name not in PK_OF:
                raise Unfillable(f"{route.template} ({route.name}): add what its pk refers to in PK_OF")
            values[name] = list(
                {
                    "petitions": [w.petition.pk],
                    "attachments": w.attachments,
                    "alerts": w.alerts,
                    **getattr(w, "records", {}),
                }[PK_OF[route.name]]
            )
            if PK_OF[route.name] == "petitions" and len(OBJECT_PARAMS & set(route.params)) > 1:
                # one's own petition with the sibling's petitioner (or other record) in the same URL
                values[name].append(w.own.pk)
        elif name == "petitioner_pk":
            values[name] = [w.petitioner.pk]
        elif name == "token":
            values[name] = [w.ledger_import.token]
        elif name in CHOICE_PARAMS:
            values[name] = CHOICE_PARAMS[name](w)
        else:
            raise Unfillable(f"{route.template} ({route.name}): no rule fills the parameter {name!r}")
    return values


def absent_values(route: Route, values: dict) -> dict:
    """The same URL naming records that do not exist."""
    absent = dict(values)
    for name in route.params:
        if name in ("pk", "petitioner_pk"):
            absent[name] = ABSENT_ID
        elif name == "token":
            absent[name] = ABSENT_TOKEN
    return absent


def concrete(route: Route, w) -> list[dict]:
    values = object_values(route, w)
    names = list(values)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*(values[n] for n in names))]


def walked_routes() -> list[Route]:
    return [r for r in all_routes() if not is_admin(r) and r.name not in PUBLIC]


def has_object(route: Route) -> bool:
    return bool(OBJECT_PARAMS & set(route.params))


# ---------------------------------------------------------------------------------------------- reading answers


def body_text(response) -> str:
    """Everything a client could read: the page or JSON, or every part of a downloaded workbook or document."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "replace")


def secrets(w) -> list[str]:
    p = w.petition
    return [MARK, p.number, p.query_code, ID_NUMBER, PHONE]


def leaked(response, w) -> list[str]:
    text = body_text(response)
    return [s for s in secrets(w) if s and s in text]


def login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/login/")


# a POST body most action forms accept (unknown fields are ignored): so that a view which checks its input before
# the record would still be asked about the record
PLAUSIBLE = {"field": "id_number", "note": "核实情况", "mode": "all", "acknowledge": "on", "version": "1"}


def request(client, method: str, path: str, query=None):
    if method == "GET":
        return client.get(path, query or {})
    return client.post(path, query or PLAUSIBLE)


def actors(w):
    p = w.province
    return {
        "凉州区接访中心负责人": p.liangzhou_center_head,
        "凉州区委政法委领导": p.liangzhou_leader,
        "甘州区接访员": p.ganzhou_clerk,
        "未受指派的律师": p.lawyer,
        "匿名": None,
    }


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------------- the tests


def test_every_route_is_walked_or_listed_as_public():
    names = {r.name for r in all_routes()}
    assert set(PUBLIC) <= names, set(PUBLIC) - names
    problems = []
    fake = SimpleNamespace(
        petition=SimpleNamespace(pk=1),
        own=SimpleNamespace(pk=2),
        attachments=[1],
        alerts=[1],
        petitioner=SimpleNamespace(pk=1),
        ledger_import=SimpleNamespace(token="t"),
        campaign=SimpleNamespace(pk=1),
        records={kind: [1] for kind in set(scope_walk.merged("PK_OF").values())},
    )
    for route in walked_routes():
        try:
            for values in concrete(route, fake):
                if resolve(route.path(values)).func is not route.callback:
                    problems.append(f"{route.path(values)} does not reach {route.view}")
        except Unfillable as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)
    assert len(walked_routes()) >= 25  # the resolver was really read: pages, actions, downloads and the API


ACTORS = ["凉州区接访中心负责人", "凉州区委政法委领导", "甘州区接访员", "未受指派的律师", "匿名"]


def check(route: Route, response, user, w) -> list[str]:
    """What is wrong with one answer to a URL about the sibling's records (or a list, for ``has_object``)."""
    status = response.status_code
    problems = []
    if status >= 500:
        problems.append(f"{status}")
    if leaks := leaked(response, w):
        problems.append(f"{status} shows {leaks}")
    if user is None:
        ok = login_redirect(response) or (is_api(route) and status in (401, 403, 404, 405))
        if not ok and route.name not in PUBLIC:
            problems.append(f"anonymous answer {status}, not the login redirect")
    elif status == 403:
        problems.append("403 tells an outsider the record exists")
    elif has_object(route) and status not in (404, 405):
        problems.append(f"{status}, not 404")
    return problems


@pytest.mark.parametrize("actor", ACTORS)
def test_record_urls_answer_404_outside_scope(world, actor):
    """Every URL that names a record, filled with 民勤县's ids: the same answer as for a record that does not
    exist (404), as other counties' staff, a lawyer with no assignment and anonymously."""
    user = actors(world)[actor]
    client = client_for(user)
    failures: list[str] = []
    for route in walked_routes():
        if not has_object(route):
            continue
        for index, values in enumerate(concrete(route, world)):
            path = route.path(values)
            for method in ("GET", "POST"):
                response = request(client, method, path)
                where = f"{actor} {method} {path} ({route.view})"
                failures += [f"{where}: {p}" for p in check(route, response, user, world)]
                if index == 0:  # one absent record per route and method is enough to compare with
                    missing = request(client, method, route.path(absent_values(route, values)))
                    if missing.status_code != response.status_code:
                        failures.append(
                            f"{where}: {response.status_code}, but {missing.status_code} for a record that "
                            "does not exist"
                        )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("actor", ["凉州区接访中心负责人", "凉州区委政法委领导", "未受指派的律师", "匿名"])
def test_list_pages_show_nothing_of_a_sibling_county(world, actor):
    """Every URL that names no record (lists, worklists, dashboards, exports, forms, the API), GET and POST."""
    user = actors(world)[actor]
    client = client_for(user)
    failures: list[str] = []
    for route in walked_routes():
        if has_object(route) or (user is not None and route.name in NO_RECORDS):
            continue
        for values in concrete(route, world):
            path = route.path(values)
            for method in ("GET", "POST"):
                response = request(client, method, path)
                where = f"{actor} {method} {path} ({route.view})"
                failures += [f"{where}: {p}" for p in check(route, response, user, world)]
    assert not failures, "\n".join(failures)


def test_insider_reaches_every_record_route(world):
    """The fill is right: 民勤县's own supervisor gets past the scope check on every walked record URL (so the
    404s above are about scope, not about wrong ids)."""
    client = client_for(world.insider)
    failures = []
    for route in walked_routes():
        if not has_object(route):
            continue
        for values in concrete(route, world):
            if PK_OF.get(route.name) == "petitions" and values.get("pk") == world.own.pk:
                continue  # 凉州区's petition: outside the insider's scope
            path = route.path(values)
            response = client.get(path)
            if response.status_code == 405:
                response = client.post(path)
            if response.status_code in (404, 403) or response.status_code >= 500:
                failures.append(f"{path}: {response.status_code}")
    assert not failures, "\n".join(failures)


def scope_queries(w) -> list[dict]:
    p = w.province
    return [
        {"unit": p.minqin_committee.pk, "scope": "all"},
        {"unit": p.minqin_committee.code},
        {"unit": p.committee.pk, "region": "620000"},
        {"unit": p.committee.code, "region": "620621"},
        {"region": "620621"},
    ]


@pytest.mark.parametrize("actor", ["凉州区接访中心负责人", "凉州区委政法委领导", "未受指派的律师"])
def test_unit_and_region_parameters_never_widen_the_scope(world, actor):
    """Lists, worklists, dashboards, exports and the API asked for 民勤县's unit or region, or the province's."""
    failures = []
    for label, user in [(actor, actors(world)[actor])]:
        client = client_for(user)
        for route in walked_routes():
            if has_object(route) or route.name in NO_RECORDS:
                continue
            for values in concrete(route, world):
                if values.get("chart") not in (None, "all"):
                    continue  # "all" holds every chart's table
                path = route.path(values)
                for query in scope_queries(world):
                    response = client.get(path, query)
                    where = f"{label} GET {path}?{query}"
                    if response.status_code >= 500:
                        failures.append(f"{where}: {response.status_code}")
                    if leaks := leaked(response, world):
                        failures.append(f"{where}: shows {leaks}")
    assert not failures, "\n".join(failures)


def test_statistics_for_another_unit_or_region_count_only_what_the_caller_sees(world):
    """The figures answered for 民勤县's unit or region, or the whole province, are those of the caller's own
    scope (``visible_petitions``) within that filter: never the sibling's numbers."""
    user = world.province.liangzhou_leader
    client = client_for(user)
    visible = visible_petitions(user, Petition.objects.filter(registered_at__year=timezone.localdate().year))
    expected = {
        "620621": visible.filter(problem_region_id="620621").count(),
        "620000": visible.count(),
    }
    assert expected == {"620621": 0, "620000": 1}
    for region, count in expected.items():
        response = client.get("/api/v1/statistics/", {"region": region})
        assert response.status_code == 200, response.content
        assert response.json()["values"]["registered"] == count, region
    p = world.province
    for unit in (p.minqin_committee, p.minqin_center):
        response = client.get("/api/v1/statistics/", {"unit": unit.code})
        assert response.status_code == 400 and response.json()["error"]["fields"].get("unit")
        response = client.get("/analytics/export/ranking.xlsx", {"unit": unit.code, "level": "children"})
        assert response.status_code == 400 and "民勤" not in body_text(response)


def test_admin_answers_only_staff(world):
    """The Django admin has its own check: every admin URL sends non-staff (and anonymous visitors) to the admin
    login, whatever the object; unknown admin URLs are 404 for them as for anyone."""
    p = world.province
    fill = {
        "object_id": p.minqin_center.pk,
        "content_type_id": 1,
        "id": p.minqin_clerk.pk,
        "app_label": "organisations",
        "url": "organisations/nothing-here",
        "pk": 1,  # django-otp's TOTP device admin (its QR code page)
    }
    routes = [r for r in all_routes() if is_admin(r) and r.name not in PUBLIC]
    assert len(routes) > 20
    failures = []
    for label, user in {**actors(world), "系统管理员（非后台人员）": p.sysadmin}.items():
        assert user is None or not user.is_staff
        client = client_for(user)
        for route in routes:
            path = route.path(fill)
            for method in ("GET", "POST"):
                response = request(client, method, path)
                status = response.status_code
                to_login = status == 302 and response["Location"].startswith("/admin/login/")
                catch_all = route.name == "" and route.params == ("url",) and status == 404
                if not (to_login or catch_all or (route.name == "admin:logout" and status in (302, 405))):
                    failures.append(f"{label} {method} {path}: {status}")
                if leaked(response, world):
                    failures.append(f"{label} {method} {path}: shows the sibling's records")
    assert not failures, "\n".join(failures)
