"""Data scope (DOMAIN §2): who sees which petition, through every door."""

import pytest
from django.urls import reverse

from organisations.tests.factories import PASSWORD
from petitions.models import AccessReason
from petitions.scope import visible_petitions
from petitions.selectors import petition_list
from petitions.services import grant_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(province, register, pdf_file):
    liangzhou = register(
        province.liangzhou_clerk,
        province.liangzhou_center,
        title="凉州区执行款不到位",
        attachments=[pdf_file()],
    )
    minqin = register(
        province.minqin_clerk,
        province.minqin_center,
        title="民勤县不服一审判决",
        problem_region="620621",
        attachments=[pdf_file()],
    )
    ganzhou = register(
        province.ganzhou_clerk, province.ganzhou_center, title="甘州区涉警投诉", problem_region="620702"
    )
    return {"liangzhou": liangzhou, "minqin": minqin, "ganzhou": ganzhou}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def seen(user, cases):
    ids = set(visible_petitions(user).values_list("pk", flat=True))
    return {name for name, p in cases.items() if p.pk in ids}


def test_who_sees_what(province, cases):
    assert seen(province.liangzhou_clerk, cases) == {"liangzhou"}
    assert seen(province.minqin_clerk, cases) == {"minqin"}
    assert seen(province.wuwei_supervisor, cases) == {"liangzhou", "minqin"}  # city 政法委 sees its counties
    assert seen(province.province_leader, cases) == {"liangzhou", "minqin", "ganzhou"}
    assert seen(province.liangzhou_leader, cases) == {"liangzhou"}  # county 政法委 region
    assert seen(province.liangzhou_handler, cases) == set()  # the court has not been given the case yet
    assert seen(province.lawyer, cases) == set()
    assert seen(province.sysadmin, cases) == set()


def test_units_above_a_handling_unit_see_its_cases(province, cases):
    grant_access(cases["minqin"], reason=AccessReason.HANDLING, unit=province.liangzhou_court)
    assert "minqin" in seen(province.liangzhou_handler, cases)


def test_personal_grant_is_the_only_way_a_lawyer_sees_a_case(province, cases):
    grant_access(cases["liangzhou"], reason=AccessReason.PERSONAL, user=province.lawyer)
    assert seen(province.lawyer, cases) == {"liangzhou"}


def test_petitioner_residence_brings_a_case_into_the_committee_region(province, register):
    petition = register(
        province.ganzhou_clerk, province.ganzhou_center, problem_region="620702", residence_region="620621"
    )
    assert visible_petitions(province.wuwei_supervisor).filter(pk=petition.pk).exists()
    assert not visible_petitions(province.liangzhou_leader).filter(pk=petition.pk).exists()


def test_other_county_is_invisible_through_list_detail_attachment_search_and_api(client, province, cases):
    login(client, province.liangzhou_clerk)
    other = cases["minqin"]
    listing = client.get(reverse("petitions:list"))
    assert listing.status_code == 200
    assert other.number not in listing.content.decode()
    assert cases["liangzhou"].number in listing.content.decode()
    assert client.get(reverse("petitions:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("petitions:attachment", args=[other.attachments.get().pk])).status_code == 404
    search = client.get(reverse("petitions:list"), {"q": "民勤县"})
    assert other.title not in search.content.decode()
    assert "共 0 件" in search.content.decode()
    search_by_number = client.get(reverse("petitions:list"), {"q": other.number}).content.decode()
    assert "共 0 件" in search_by_number and other.title not in search_by_number
    api_list = client.get("/api/v1/petitions/").json()
    assert {r["number"] for r in api_list["results"]} == {cases["liangzhou"].number}
    assert client.get(f"/api/v1/petitions/{other.pk}/").status_code == 404
    petitioner = other.petitioners.get()
    reveal = client.post(reverse("petitions:reveal", args=[other.pk, petitioner.pk]), {"field": "id_number"})
    assert reveal.status_code == 404
    assert client.post(reverse("petitions:add_attachments", args=[other.pk])).status_code == 404


def test_city_committee_sees_its_counties_through_every_door(client, province, cases):
    login(client, province.wuwei_supervisor)
    listing = client.get(reverse("petitions:list")).content.decode()
    assert cases["liangzhou"].number in listing and cases["minqin"].number in listing
    assert cases["ganzhou"].number not in listing
    minqin = cases["minqin"]
    assert client.get(reverse("petitions:detail", args=[minqin.pk])).status_code == 200
    download = client.get(reverse("petitions:attachment", args=[minqin.attachments.get().pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("petitions:detail", args=[cases["ganzhou"].pk])).status_code == 404
    assert client.get(f"/api/v1/petitions/{minqin.pk}/").status_code == 200


def test_anonymous_users_are_sent_to_login(client, cases):
    response = client.get(reverse("petitions:detail", args=[cases["liangzhou"].pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/api/v1/petitions/").status_code == 403


def test_a_committee_page_probes_the_access_rows_of_its_rows_and_may_not_hash_them(province, cases):
    """PostgreSQL may answer an ``EXISTS`` over the access rows by hashing every access row the scope names, a
    choice it makes from the rows a scan would read without the page's ``LIMIT`` (for a city at 1,000,000
    petitions: 180,000 rows hashed for a page of 25). It can hash only a sub-query linked by equalities alone,
    so a 政法委's access probes also carry the link as ``>=``; a unit's stay hashable (its counts gain by it)."""
    link = '"petition_id" = ("petitions_petition"."id")'
    guard = '"petition_id" >= ("petitions_petition"."id")'
    for user, guarded in ((province.wuwei_supervisor, True), (province.liangzhou_clerk, False)):
        sql = str(petition_list(user)[:25].query)
        probes = sql.count("EXISTS(SELECT")
        assert probes == 2  # the units', the person's
        assert sql.count(link) == probes and sql.count(guard) == (probes if guarded else 0), sql
        assert visible_petitions(user).count() == len(seen(user, cases))
