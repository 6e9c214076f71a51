"""Hostile input (issue: 恶意输入): every form of the project and every POST the pages offer, and the
registration service, fed long strings, control characters, NUL, lone surrogates, emoji, HTML/JS, SQL, mixed
scripts, huge numbers and bad dates. Never a server error; a refused submission changes no row of any table.

The forms are found by introspection (every ``Form`` subclass in the project's apps) and the POST targets by
reading the ``<form method="post">`` of every page the URL walker reaches as the records' own staff, so new forms
and views are fuzzed without being listed here. Examples are few by default; ``-m slow`` runs a heavier profile.

Control characters (C0/C1, NUL, bidirectional overrides) are cleaned at input (``core/text.py``) and dates
outside a sane window are refused (``core/validators.py``); both classes have their own tests here.
"""

import contextlib
import datetime as dt
import importlib
import inspect
import io
from pathlib import Path
from urllib.parse import urlencode

import lxml.html
import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core.errors import DomainError
from ledger.selectors import ledger_petitions, ledger_rows
from ledger.workbooks import write_export
from petitions.models import Petition
from petitions.services import PetitionerData, RegistrationData, petition_register

pytestmark = pytest.mark.django_db

FEW = hsettings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
MANY = hsettings(FEW, max_examples=120)
KNOWN = hsettings(FEW, phases=[Phase.explicit, Phase.generate])  # no shrinking: a failure is shown as drawn

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "javascript:window.__xss=1",
    "' OR '1'='1",
    "1; DROP TABLE petitions_petition; --",
    '") UNION SELECT password FROM organisations_user --',
    "%s%s%s%n",
    "{{ 7*7 }}{% debug %}",
    "${7*7}",
    "../../../../etc/passwd",
    "😀👨‍👩‍👧‍👦🇨🇳",
    "Z̷̢͓a̶l̵g̴o̷",
    "ｆｕｌｌｗｉｄｔｈ１２３",
    "مرحبا שלום 你好 Привет 𠀀𪚥",
    "\ufffd\ufeff",
    "9" * 400,
    "-99999999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "99999-01-01",
    "A" * 10_001,
    "中" * 10_001,
]
LONE_SURROGATES = ["\ud800", "abc\udfff", "\udbff\udc00\udc00"]
CONTROL = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0))]
FAR_DATES = ["0001-01-01", "9999-12-31", "1000-01-01 00:00", "9999-12-25"]

# ordinary hostile text: every script, emoji, markup and SQL, long and short — no control characters
plain = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=BIDI)
hostile = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(plain, max_size=120),
    st.builds(lambda a, b: a + b, st.sampled_from(PAYLOADS), st.text(plain, max_size=20)),
)
# the classes the input-cleaning layer and the date checks handle
controls = st.builds(
    lambda a, c, b: a + c + b, st.text(plain, max_size=10), st.sampled_from([*CONTROL, *BIDI]), st.text(plain)
)
far_dates = st.sampled_from(FAR_DATES)


# ---------------------------------------------------------------------------------------------- rows


def row_counts() -> dict[str, int]:
    return {
        m._meta.db_table: m._base_manager.count()
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed
    }


def project_apps() -> list:
    base = Path(django_settings.BASE_DIR).resolve()
    return [
        a
        for a in apps.get_app_configs()
        if Path(a.path).resolve().is_relative_to(base) and ".venv" not in a.path
    ]


# ---------------------------------------------------------------------------------------------- every form


def project_forms() -> list[type]:
    """Every form class defined in the project's apps (their ``forms`` modules imported first)."""
    names = [a.name for a in project_apps()]
    for name in names:
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"{name}.forms")
    found, stack = [], [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            in_app = sub.__module__.split(".")[0] in names and ".tests." not in sub.__module__
            if (
                in_app and sub not in found
            ):  # forms defined by tests (e.g. a password probe) are not the project's
                found.append(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def form_kwargs(form_class, world) -> dict:
    params = set()  # keyword arguments of every __init__ along the class's ancestry
    for klass in form_class.__mro__:
        if "__init__" in vars(klass):
            params |= set(inspect.signature(klass.__init__).parameters)
    kwargs = {}
    if "user" in params:
        kwargs["user"] = world.insider
    if "petition" in params:
        kwargs["petition"] = Petition.objects.get(pk=world.petition.pk)
    for name, (model, records) in RECORD_KWARGS.items():  # forms bound to a record of their app
        if name in params:
            kwargs[name] = apps.get_model(model)._base_manager.get(pk=world.records[records][0])
    return kwargs


# keyword argument of a form → (model, key of the world's records holding one of them)
RECORD_KWARGS = {
    "review": ("quality.Review", "quality_reviews"),
    "consultation": ("hearings.Consultation", "consultations"),
}


def fuzz_data(form, draw, text) -> dict:
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[name] = draw(st.lists(text, max_size=3))
        else:
            data[name] = draw(text)
    return data


def test_every_project_form_is_found():
    names = {c.__name__ for c in project_forms()}
    assert {"RegistrationForm", "PetitionerForm", "AcceptForm", "DraftReplyForm", "CalculatorForm"} <= names
    assert {"StatsFilterForm", "UploadForm", "AlertRuleForm", "CloseForm"} <= names
    assert len(names) >= 30


def check_form(form_class, world, data) -> None:
    form = form_class(data, **form_kwargs(form_class, world))
    if form.is_valid():  # valid hostile input must still convert to what the service takes
        for method in ("to_data", "service_kwargs"):
            if hasattr(form, method):
                getattr(form, method)()
    else:
        assert form.errors  # refused with a message per field, never an exception


@pytest.mark.parametrize("form_class", project_forms(), ids=lambda c: c.__qualname__)
@FEW
@given(st.data())
def test_every_form_refuses_hostile_input_cleanly(world, form_class, data):
    probe = form_class(**form_kwargs(form_class, world))
    check_form(form_class, world, fuzz_data(probe, data.draw, hostile))


def test_ids_no_database_integer_holds_are_form_errors(world):
    """Every model choice of every form, given 10**400 or -10**30: an invalid choice, not an overflow."""
    checked = 0
    for form_class in project_forms():
        probe = form_class(**form_kwargs(form_class, world))
        for name, field in probe.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                for huge in ("9" * 400, "-" + "9" * 30):
                    value = [huge] if isinstance(field, forms.ModelMultipleChoiceField) else huge
                    form = form_class({name: value}, **form_kwargs(form_class, world))
                    assert not form.is_valid() and name in form.errors, (form_class, name)
                    checked += 1
    assert checked >= 10


@pytest.mark.parametrize("form_class", project_forms(), ids=lambda c: c.__qualname__)
@hsettings(KNOWN, max_examples=4)
@given(st.data())
def test_every_form_refuses_or_cleans_control_characters(world, form_class, data):
    probe = form_class(**form_kwargs(form_class, world))
    form = form_class(fuzz_data(probe, data.draw, controls), **form_kwargs(form_class, world))
    if form.is_valid():
        for value in form.cleaned_data.values():
            if isinstance(value, str):
                assert not any(c in value for c in [*CONTROL, *BIDI]), (form_class, repr(value))


# ---------------------------------------------------------------------------------------------- the service


def registration_from(draw, text, dates=None) -> tuple[RegistrationData, list[PetitionerData]]:
    data = RegistrationData(
        channel=draw(st.one_of(st.just("visit"), text)),
        title=draw(text),
        demands=draw(text),
        facts=draw(text),
        problem_region=draw(st.one_of(st.just("620621"), text)),
        residence_region=draw(st.one_of(st.just(""), text)),
        group_size=draw(st.one_of(st.integers(), st.just(1))),
        agent_name=draw(text),
        case_number=draw(st.one_of(st.just(""), text)),
        cause_of_action=draw(text),
        registered_at=draw(dates) if dates is not None else None,
    )
    people = [
        PetitionerData(
            name=draw(text),
            id_number=draw(st.one_of(st.just(""), st.just("620621198001010013"), text)),
            phone=draw(st.one_of(st.just(""), text)),
            address=draw(text),
        )
        for _ in range(draw(st.integers(1, 2)))
    ]
    return data, people


def register_or_refuse(world, data, people) -> Petition | None:
    before = row_counts()
    try:
        return petition_register(
            actor=world.insider, unit=world.petition.registered_unit, data=data, petitioners=people
        )
    except DomainError:
        assert row_counts() == before, "a refused registration left rows behind"
        return None


@FEW
@given(st.data())
def test_registration_service_survives_hostile_text(world, data):
    petition = register_or_refuse(world, *registration_from(data.draw, hostile))
    if petition is not None:
        assert Petition.objects.filter(pk=petition.pk, parties__isnull=False).exists()


@pytest.mark.slow
@pytest.mark.timeout(3600)  # many examples: longer than the suite's five-minute limit per test
@MANY
@given(st.data())
def test_registration_service_survives_hostile_text_heavily(world, data):
    register_or_refuse(world, *registration_from(data.draw, hostile))


@FEW
@given(st.sampled_from(LONE_SURROGATES), st.sampled_from(["title", "demands", "facts", "name", "address"]))
def test_registration_service_refuses_or_cleans_lone_surrogates(world, surrogate, field):
    """Text that is not valid Unicode cannot be stored (PostgreSQL, SQLite): the input-cleaning layer drops it
    (``core/text.py``), or the service refuses it with a message; never a server error or a half-saved row."""
    data = RegistrationData(
        channel="visit", title="标题", demands="诉求", facts="事实", problem_region="620621"
    )
    people = [PetitionerData(name="赵六")]
    target = people[0] if field in ("name", "address") else data
    setattr(target, field, getattr(target, field) + surrogate)
    before = row_counts()
    try:
        petition = petition_register(
            actor=world.insider, unit=world.petition.registered_unit, data=data, petitioners=people
        )
    except DomainError:
        assert row_counts() == before
    else:
        stored = petition.parties.get().petitioner if field in ("name", "address") else petition
        assert surrogate not in getattr(stored, field)


@KNOWN
@given(st.data())
def test_registration_service_refuses_or_cleans_control_characters(world, data):
    petition = register_or_refuse(world, *registration_from(data.draw, controls))
    if petition is not None:  # stored text never breaks the ledger export
        rows = ledger_rows(ledger_petitions(world.insider).filter(pk=petition.pk))
        write_export(rows, io.BytesIO())


@pytest.mark.parametrize("size", [10**40, 2**63, 100_001])
def test_registration_service_refuses_a_group_no_column_holds(world, size):
    data = RegistrationData(channel="visit", title="事项", demands="诉求", facts="事实", problem_region="620621",
                            group_size=size)  # fmt: skip
    people = [PetitionerData(name="王五", id_number="", phone="", address="")]
    assert register_or_refuse(world, data, people) is None  # refused, nothing written (not an OverflowError)


@KNOWN
@given(
    st.sampled_from([dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC)])
)
def test_registration_service_refuses_far_dates(world, when):
    data = RegistrationData(
        channel="visit",
        title="标题",
        demands="诉求",
        facts="事实",
        problem_region="620621",
        registered_at=when,
    )
    before = row_counts()
    with pytest.raises(DomainError):
        petition_register(
            actor=world.insider,
            unit=world.petition.registered_unit,
            data=data,
            petitioners=[PetitionerData(name="赵六")],
        )
    assert row_counts() == before


# ---------------------------------------------------------------------------------------------- every POST


SKIP_ACTIONS = {"/logout/", "/admin/logout/"}  # would end the session the remaining examples need


def post_forms(world) -> dict[str, list[tuple[str, str]]]:
    """Every ``<form>`` of every page the walker reaches as the records' own staff: action → the
    fields with their values as served (hidden fields, e.g. the version, included). The reception officer walks
    every page; the court's head and handler, who can act on the answered petition, its record pages."""
    from core.tests.test_scope_walker import concrete, has_object, walked_routes

    found: dict[str, list[tuple[str, str]]] = {}
    for user in [world.insider, *world.court_staff]:
        client = Client()
        client.force_login(user)
        for route in walked_routes():
            if user is not world.insider and not has_object(route):
                continue
            for values in concrete(route, world):
                if values.get("chart") not in (None, "all"):
                    continue
                path = route.path(values)
                response = client.get(path)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                if not response.content.strip():  # a lazy panel with nothing to show
                    continue
                document = lxml.html.fromstring(response.content, base_url="http://testserver" + path)
                for form in document.forms:
                    if (form.method or "GET").upper() != "POST":
                        continue
                    action = (form.action or path).replace("http://testserver", "")
                    if action in SKIP_ACTIONS:
                        continue
                    fields = [
                        (i.name, i.value or "") for i in form.inputs if i.name and i.get("type") != "file"
                    ]
                    found.setdefault(action, (user, fields))
    return found


def encode(pairs: list[tuple[str, str]]) -> bytes:
    """A urlencoded body as a browser could send it, lone surrogates as their (invalid) UTF-8 bytes."""
    return urlencode(pairs, encoding="utf-8", errors="surrogatepass").encode("ascii")


def test_the_pages_offer_the_main_post_forms(world):
    actions = post_forms(world)
    assert "/petitions/register/" in actions, sorted(actions)
    assert any(a.startswith("/handling/petitions/") for a in actions), sorted(actions)
    assert any("/attachments/" in a for a in actions) and any("/alerts/" in a for a in actions), sorted(
        actions
    )
    world.post_forms = actions


@FEW
@given(st.data())
def test_every_post_form_refuses_hostile_input_cleanly(world, data):
    fuzz_post_forms(world, data)


@pytest.mark.slow
@pytest.mark.timeout(3600)  # many examples: longer than the suite's five-minute limit per test
@MANY
@given(st.data())
def test_every_post_form_refuses_hostile_input_cleanly_heavily(world, data):
    fuzz_post_forms(world, data)


def fuzz_post_forms(world, data):
    if not hasattr(world, "post_forms"):
        world.post_forms = post_forms(world)
    client = Client(raise_request_exception=False)
    client.force_login(world.insider)
    for action, (user, fields) in sorted(world.post_forms.items()):
        client.force_login(user)
        keep_hidden = data.draw(st.booleans())
        pairs = []
        for name, value in fields:
            if keep_hidden and (name == "version" or name.endswith("TOTAL_FORMS") or name.endswith("_FORMS")):
                pairs.append((name, value))
            else:
                pairs.append((name, data.draw(st.one_of(hostile, st.sampled_from(LONE_SURROGATES)))))
        if action.startswith("GET "):  # a filter form: the list, dashboard or worklist it narrows
            response = client.get(action[4:] + "?" + encode(pairs).decode())
            assert response.status_code < 500, f"{action}: {response.status_code}"
            continue
        before = row_counts()
        response = client.post(action, encode(pairs), content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, f"{action}: {response.status_code}"
        if response.status_code == 400:
            assert row_counts() == before, f"{action}: refused, but rows changed"


def test_filters_refuse_far_dates(world):
    """Dates far outside any sane window in the statistics filters (page, downloads, API) and the deadline
    calculator: refused with a message, never a server error (today: OverflowError, 500)."""
    client = Client(raise_request_exception=False)
    client.force_login(world.insider)
    failures = []
    for url, query in [
        ("/analytics/", {"preset": "custom", "date_from": "0001-01-01", "date_to": "0001-12-31"}),
        ("/analytics/", {"preset": "custom", "date_from": "9999-01-01", "date_to": "9999-12-31"}),
        ("/analytics/export/all.xlsx", {"from": "9999-01-01", "to": "9999-12-31"}),
        ("/api/v1/statistics/", {"from": "0001-01-01", "to": "0001-12-31"}),
        ("/api/v1/statistics/", {"from": "9999-01-01", "to": "9999-12-31"}),
        ("/deadlines/calculator/", {"start": "9999-12-25", "days": "15", "counting": "calendar"}),
        ("/petitions/", {"registered_from": "0001-01-01", "registered_to": "9999-12-31"}),
    ]:
        status = client.get(url, query).status_code
        if status >= 500:
            failures.append(f"{url}?{query}: {status}")
    assert not failures, "\n".join(failures)
