"""What keeps the list fast at a province's scale stays exact: bounded counts, the page's closed-matter lookup, badges."""

import pytest
from django.urls import reverse

from conftest import VALID_ID
from core.navigation import BADGE_CAP, NavItem, badge
from organisations.tests.factories import PASSWORD
from petitions.models import Petition, State
from petitions.pagination import CappedPaginator, capped_count
from petitions.selectors import closed_matter_for, closed_matter_ids
from petitions.services import PetitionerData, RegistrationData, petition_register

pytestmark = pytest.mark.django_db


def register(province, i, case_number="(2020)甘0602执1号", id_number=VALID_ID):
    return petition_register(
        actor=province.liangzhou_clerk,
        unit=province.liangzhou_center,
        data=RegistrationData(
            channel="visit",
            title=f"执行款未到位{i}",
            demands="请求执行",
            facts="判决已生效",
            problem_region="620602",
            case_number=case_number,
        ),
        petitioners=[PetitionerData(name="李秀英", id_number=id_number, phone="13893512345")],
    )


def test_capped_paginator_is_exact_below_the_cap_and_bounded_above(province):
    for i in range(5):
        register(province, i, case_number=f"(2020)甘0602执{i}号")
    qs = Petition.objects.order_by("-registered_at", "-id")
    exact = CappedPaginator(qs, 2, cap=10)
    assert (exact.count, exact.capped, exact.num_pages) == (5, False, 3)
    bounded = CappedPaginator(qs, 2, cap=3)
    assert (bounded.count, bounded.capped, bounded.num_pages) == (3, True, 2)
    assert capped_count(qs, 3) == 3 and capped_count(qs, 10) == 5


def test_list_page_says_when_the_count_is_capped(client, province, monkeypatch):
    for i in range(3):
        register(province, i, case_number=f"(2020)甘0602执{i}号")
    client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    assert "共 3 件" in client.get(reverse("petitions:list")).content.decode()
    monkeypatch.setattr("petitions.pagination.LIST_CAP", 2)
    page = client.get(reverse("petitions:list")).content.decode()
    assert "共 2+ 件" in page


def test_closed_matter_ids_agree_with_closed_matter_for(province):
    first = register(province, 1)
    second = register(province, 2)
    other = register(province, 3, case_number="(2021)甘0602执9号")
    rows = [first, second, other]
    assert closed_matter_ids(rows) == set()
    Petition.objects.filter(pk=first.pk).update(state=State.TERMINATED)
    for p in rows:
        p.refresh_from_db()
    expected = {p.pk for p in rows if closed_matter_for(p) is not None}
    assert expected == {second.pk}
    assert closed_matter_ids(rows) == expected


def test_badges_are_fresh_and_bounded():
    counts = iter([3, BADGE_CAP + 5, 0])
    item = NavItem(section="s", label="l", url_name="home", count=lambda user: next(counts))
    assert badge(item, None) == 3
    assert badge(item, None) == f"{BADGE_CAP - 1}+"
    assert badge(item, None) == 0


def test_pages_carry_empty_badge_slots_that_nav_badges_fills(client, province):
    register(province, 1)
    client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    page = client.get(reverse("petitions:list")).content.decode()
    slot = 'id="nav-badge-handling-worklist-screening"'
    assert f'<span class="badge" {slot} hidden></span>' in page  # the page itself counts nothing
    assert 'hx-get="/nav/badges/" hx-trigger="load"' in page
    filled = client.get(reverse("nav_badges")).content.decode()
    assert f'<span class="badge" {slot} hx-swap-oob="outerHTML">1</span>' in filled
    client.logout()
    assert client.get(reverse("nav_badges")).status_code == 302  # to the login page


def test_same_matter_for_agrees_with_the_two_lookups(province):
    from petitions.selectors import same_matter_for

    first = register(province, 1)
    second = register(province, 2)
    other = register(province, 3, case_number="(2021)甘0602执9号")
    # the earlier petition on the same matter: none before the first, the first for the second, none elsewhere
    assert [same_matter_for(p) for p in (first, second, other)] == [(None, None), (None, first), (None, None)]
    assert (second.related_to, second.flag_repeat) == (first, True)
    Petition.objects.filter(pk=first.pk).update(state=State.TERMINATED)
    second.refresh_from_db()
    assert same_matter_for(second) == (first, first) == (closed_matter_for(second), first)
    third = register(province, 4)
    assert (third.related_to, third.flag_repeat) == (first, True)  # registration links the closed matter


def test_date_filters_take_whole_beijing_days(client, province):
    import datetime as dt

    from deadlines.calendar import CHINA_TZ

    late, early = register(province, 1), register(province, 2, case_number="(2020)甘0602执2号")
    Petition.objects.filter(pk=late.pk).update(
        registered_at=dt.datetime(2026, 6, 30, 23, 50, tzinfo=CHINA_TZ)
    )
    Petition.objects.filter(pk=early.pk).update(registered_at=dt.datetime(2026, 7, 1, 0, 5, tzinfo=CHINA_TZ))
    client.login(username=province.liangzhou_clerk.username, password=PASSWORD)

    def listed(**query):
        page = client.get(reverse("petitions:list"), query).content.decode()
        return {p.number for p in (late, early) if p.number in page}

    assert listed(registered_to="2026-06-30") == {late.number}
    assert listed(registered_from="2026-07-01") == {early.number}
    assert listed(registered_from="2026-06-30", registered_to="2026-07-01") == {late.number, early.number}
