"""Full-text search inside scope, exact look-ups by keyed hash, bad input (property-based), reindexing."""

import importlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID_ID, person
from organisations.tests.factories import PASSWORD
from petitions.filtersets import PetitionFilterSet
from petitions.selectors import petition_list
from search import selectors
from search.models import PetitionText
from search.selectors import search_petitions, snippet

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(province, register):
    liangzhou = register(
        province.liangzhou_clerk,
        province.liangzhou_center,
        title="凉州区执行款不到位",
        demands="请求法院尽快执行到位。",
        facts="二〇二三年判决生效后，被执行人一直拖欠工程款，法院执行局未采取措施。",
        case_number="(2023)甘0602执123号",
    )
    minqin = register(
        province.minqin_clerk,
        province.minqin_center,
        title="民勤县不服一审判决",
        demands="请求撤销判决。",
        facts="被执行人拖欠工程款，判决认定事实错误。",
        problem_region="620621",
        petitioners=[person(name="李秀英", id_number="620621198001010013", phone="13900000001")],
    )
    ganzhou = register(
        province.ganzhou_clerk,
        province.ganzhou_center,
        title="甘州区涉警投诉",
        demands="请求追究民警责任。",
        facts="派出所民警拖欠工程款调查中态度恶劣。",
        problem_region="620702",
    )
    return {"liangzhou": liangzhou, "minqin": minqin, "ganzhou": ganzhou}


def numbers(qs):
    return {p.number for p in qs}


def test_registration_indexes_the_petition(cases):
    row = PetitionText.objects.get(petition=cases["liangzhou"])
    assert "执行款" in row.head.split()
    assert "王建国" not in f"{row.head} {row.people} {row.body}"  # names enter only as keyed tokens
    assert row.people.startswith("nm")


def test_words_in_facts_are_found_and_ranked(province, cases):
    found = list(search_petitions(province.province_leader, "工程款"))
    assert {p.number for p in found} == numbers(cases.values())
    found = list(search_petitions(province.province_leader, "执行款 到位"))
    assert [p.number for p in found] == [cases["liangzhou"].number]


def test_search_never_leaves_scope(province, cases):
    assert numbers(search_petitions(province.liangzhou_clerk, "工程款")) == {cases["liangzhou"].number}
    assert numbers(search_petitions(province.minqin_clerk, "工程款")) == {cases["minqin"].number}
    assert numbers(search_petitions(province.liangzhou_clerk, cases["minqin"].number)) == set()
    assert numbers(search_petitions(province.liangzhou_clerk, "620621198001010013")) == set()
    assert numbers(search_petitions(province.sysadmin, "工程款")) == set()


def test_exact_lookups_by_keyed_hash_number_and_code(province, cases):
    leader = province.province_leader
    assert numbers(search_petitions(leader, "620621198001010013")) == {cases["minqin"].number}
    assert numbers(search_petitions(leader, "139 0000 0001")) == {cases["minqin"].number}
    assert numbers(search_petitions(leader, VALID_ID)) == {cases["liangzhou"].number, cases["ganzhou"].number}
    assert numbers(search_petitions(leader, cases["ganzhou"].number)) == {cases["ganzhou"].number}
    assert numbers(search_petitions(leader, cases["ganzhou"].query_code.lower())) == {cases["ganzhou"].number}


def test_names_and_case_numbers(province, cases):
    assert numbers(search_petitions(province.province_leader, "李秀英")) == {cases["minqin"].number}
    assert numbers(search_petitions(province.lawyer, "李秀英")) == set()
    assert numbers(search_petitions(province.province_leader, "（2023）甘0602执123号")) == {
        cases["liangzhou"].number
    }


def test_filter_combines_with_other_filters(province, cases):
    user = province.province_leader
    f = PetitionFilterSet({"q": "工程款", "region": "620621"}, queryset=petition_list(user), user=user)
    assert f.is_valid()
    assert numbers(f.qs) == {cases["minqin"].number}


def test_list_page_shows_highlighted_snippets(client, province, cases):
    assert client.login(username=province.province_leader.username, password=PASSWORD)
    response = client.get(reverse("petitions:list"), {"q": "工程款"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<mark>工程款</mark>" in body
    assert cases["ganzhou"].number in body


def test_api_search(client, province, cases):
    assert client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    response = client.get("/api/v1/petitions/", {"q": "工程款"})
    assert response.status_code == 200
    assert [r["number"] for r in response.json()["results"]] == [cases["liangzhou"].number]


def test_snippet_escapes_html(cases):
    petition = cases["liangzhou"]
    petition.facts = "<script>x</script>拖欠工程款"
    html = snippet(petition, "工程款")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>工程款</mark>" in html


def test_the_index_row_holds_the_registration_day(cases):
    for petition in cases.values():
        row = PetitionText.objects.get(petition=petition)
        assert row.registered_day == int(petition.registered_at.timestamp() // 86400)


def test_the_migration_fills_the_same_day_as_the_services(cases):
    migration = importlib.import_module("search.migrations.0002_registered_day")
    expected = dict(PetitionText.objects.values_list("petition_id", "registered_day"))
    PetitionText.objects.update(registered_day=None)
    statements = {"postgresql": migration.PG_FORWARD[1:2], "sqlite": migration.SQLITE_FORWARD}
    with connection.cursor() as cursor:
        for sql in statements[connection.vendor]:
            cursor.execute(sql)
    assert dict(PetitionText.objects.values_list("petition_id", "registered_day")) == expected


def test_the_newest_days_are_searched_first_and_the_answer_is_the_same(province, register, monkeypatch):
    """Nine matches over 40 days, three asked for, the first span one petition wide: the spans grow until three
    are found, and the three are the newest, as without spans."""
    now = timezone.now()
    for days in (0, 1, 3, 6, 10, 15, 21, 30, 40):
        register(
            province.liangzhou_clerk,
            province.liangzhou_center,
            title="工程款纠纷",
            registered_at=now - timedelta(days=days, hours=1),
        )
    register(province.liangzhou_clerk, province.liangzhou_center, title="借款纠纷")
    leader = province.province_leader
    newest = ("-registered_at", "-id")
    whole = list(
        selectors.apply_search(petition_list(leader), "工程款", user=leader)
        .order_by(*newest)
        .values_list("pk", flat=True)
    )
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 3)
    monkeypatch.setattr(selectors, "FIRST_WINDOW", 1)
    monkeypatch.setattr(selectors, "MAX_GROWTH", 2)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.apply_search(petition_list(leader), "工程款", user=leader)
        ids = list(found.order_by(*newest).values_list("pk", flat=True))
    spans = [q["sql"] for q in queries if "registered_day" in q["sql"]]
    assert len(spans) >= 2  # the first span held fewer than three
    assert ids == whole[:3]
    assert len(whole) == 9


def test_reindex_rebuilds_every_row(cases, capsys):
    PetitionText.objects.all().delete()
    call_command("reindex_search", "--batch", "2")
    assert PetitionText.objects.count() == 3
    assert "完成：3 件" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_reindex_spreads_the_batches_over_worker_processes(cases, capsys):
    before = {row.pk: (row.head, row.people, row.body) for row in PetitionText.objects.all()}
    PetitionText.objects.all().delete()
    call_command("reindex_search", "--batch", "1", "--workers", "2")
    assert {row.pk: (row.head, row.people, row.body) for row in PetitionText.objects.all()} == before
    assert "完成：3 件" in capsys.readouterr().out


def test_reindex_refuses_bad_options(capsys):
    for args in (["--batch", "0"], ["--workers", "0"]):
        with pytest.raises(SystemExit):
            call_command("reindex_search", *args)
    if connection.vendor == "sqlite":
        with pytest.raises(SystemExit):
            call_command("reindex_search", "--workers", "2")
        assert "只适用于PostgreSQL" in capsys.readouterr().err


BAD = st.one_of(
    st.text(max_size=3),
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "执",
            "a",
            "' OR 1=1 --",
            "'); DROP TABLE petitions_petition; --",
            "!& | <-> :* ''",
            '" AND NEAR(a b) *',
            ".*[(?",
            "😀🚀工程款",
            "工程款 ABC abc ٣ Ελληνικά",
            "x" * 10_000,
            "工程款" * 3_400,
            "\\",
            "%_",
        ]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=BAD)
def test_bad_input_never_fails(province, cases, value):
    results = list(search_petitions(province.province_leader, value)[:5])
    assert all(r.pk for r in results)
    for r in results:
        snippet(r, value)


def test_demo_seed_indexes_what_is_missing(cases):
    from search.demo import seed

    PetitionText.objects.filter(petition=cases["minqin"]).delete()
    logged = []
    seed(logged.append)
    assert logged == ["检索索引：1 件信访事项"]
    assert PetitionText.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_large_demo_seed_is_indexed_by_several_processes(cases, monkeypatch):
    from search import demo

    monkeypatch.setattr(demo, "PARALLEL_FROM", 2)
    PetitionText.objects.all().delete()
    logged = []
    demo.seed(logged.append)
    assert "个进程并行" in logged[0] and logged[-1] == "检索索引：3 件信访事项"
    assert PetitionText.objects.count() == 3


def test_only_the_newest_matches_are_ranked(province, cases, monkeypatch):
    monkeypatch.setattr("search.selectors.SEARCH_CANDIDATES", 2)
    found = numbers(search_petitions(province.province_leader, "工程款"))
    assert found == {cases["minqin"].number, cases["ganzhou"].number}  # the oldest match is left out


def test_other_filters_choose_the_candidates(province, cases, monkeypatch):
    monkeypatch.setattr("search.selectors.SEARCH_CANDIDATES", 1)
    user = province.province_leader
    assert numbers(search_petitions(user, "工程款")) == {cases["ganzhou"].number}
    f = PetitionFilterSet({"region": "620621", "q": "工程款"}, queryset=petition_list(user), user=user)
    assert f.is_valid()
    assert numbers(f.qs) == {cases["minqin"].number}  # not the newest match, but the newest in 620621


def test_list_and_api_counts_are_capped(client, province, cases, monkeypatch):
    monkeypatch.setattr("petitions.pagination.LIST_CAP", 2)
    monkeypatch.setattr("search.selectors.SEARCH_CANDIDATES", 3)
    assert client.login(username=province.province_leader.username, password=PASSWORD)
    body = client.get(reverse("petitions:list"), {"q": "工程款"}).content.decode()
    assert "共 2+ 件" in body
    monkeypatch.setattr("search.selectors.SEARCH_CANDIDATES", 2)
    assert client.get("/api/v1/petitions/", {"q": "工程款"}).json()["count"] == 2


def test_a_registration_indexes_the_same_text_a_reindex_writes(province):
    """Registration writes its index row from memory (``new_petition_document``); a rebuild from the database
    (``index_petitions``) must give the very same row."""
    from petitions.models import Tag
    from petitions.services import InstanceData, PetitionerData, RegistrationData, petition_register
    from search.models import PetitionText
    from search.services import index_petitions

    tags = [Tag.objects.create(name="征地补偿"), Tag.objects.create(name="执行难")]
    petition = petition_register(
        actor=province.liangzhou_clerk,
        unit=province.liangzhou_center,
        data=RegistrationData(
            channel="visit", title="申请执行款到位", demands="请求法院尽快执行", facts="判决生效两年未执行",
            problem_region="620602", case_number="(2020)甘0602执1号", cause_of_action="民间借贷纠纷", tags=tags,
        ),
        petitioners=[PetitionerData(name="李秀英"), PetitionerData(name="王建国")],
        instances=[InstanceData(instance="first", case_number=" (2019)甘0602民初7号 ", court_name="凉州区法院")],
    )  # fmt: skip
    written = PetitionText.objects.values_list("head", "people", "body").get(petition=petition)
    index_petitions([petition])
    assert PetitionText.objects.values_list("head", "people", "body").get(petition=petition) == written
    assert "民初" in written[0] and written[1]
