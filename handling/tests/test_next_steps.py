"""The "what happens next" line is read off the lifecycle table, the same on a page and on a list's rows."""

import datetime as dt

import pytest

from handling import services as s
from handling.next_steps import next_step, next_steps
from handling.tests.conftest import refresh
from petitions.models import Petition

pytestmark = pytest.mark.django_db


def _petitions_in_every_stage(flow, province):
    registered = flow.registered()
    accepted = flow.accepted()
    in_progress = flow.in_progress()
    extension = flow.in_progress()
    s.petition_request_extension(actor=province.liangzhou_handler, petition=extension, days=10, reason="调卷")
    replied = flow.replied()
    delivered = flow.delivered(flow.replied(), dt.date(2026, 6, 1))
    return [registered, accepted, in_progress, refresh(extension), replied, delivered]


def test_each_stage_names_who_acts_next(clock, flow, province):
    registered, accepted, in_progress, extension, replied, delivered = _petitions_in_every_stage(
        flow, province
    )
    assert str(next_step(registered)).startswith("待 凉州区联合接访中心 接访员/部门负责人/督办员 受理并交办")
    assert str(next_step(accepted)).startswith("待 凉州区人民法院 接访员/承办人/部门负责人 签收，期限")
    assert str(next_step(in_progress)).startswith("待 凉州区人民法院 承办人/部门负责人 拟写答复意见书")
    assert str(next_step(extension)).startswith(
        "待 凉州区人民法院 部门负责人 审批延期"
    )  # the head acts first
    assert str(next_step(replied)) == "待 凉州区人民法院 接访员/承办人/部门负责人 登记送达"
    assert str(next_step(delivered)) == "待 凉州区人民法院 接访员/承办人/部门负责人 回访"


def test_a_page_of_rows_gets_the_same_lines_in_a_fixed_number_of_queries(
    clock, flow, province, django_assert_max_num_queries
):
    petitions = _petitions_in_every_stage(flow, province)
    expected = {p.pk: str(next_step(p)) for p in petitions}
    page = list(Petition.objects.filter(pk__in=expected).select_related("registered_unit", "handling_unit"))
    with django_assert_max_num_queries(
        12
    ):  # one per kind of record plus the registered row's closed-matter check
        steps = next_steps(page)
    assert {pk: str(step) for pk, step in steps.items()} == expected


def test_a_page_loads_only_the_kinds_of_record_its_rows_ask_for(
    clock, flow, province, django_assert_num_queries, django_assert_max_num_queries
):
    registered = [flow.registered() for _ in range(3)]
    expected = {p.pk: str(next_step(p)) for p in registered}
    page = list(Petition.objects.filter(pk__in=expected).select_related("registered_unit", "handling_unit"))
    # a newly registered row asks who received it and whether its matter was closed before: no reply,
    # extension, termination or waiver query for a page of them
    with django_assert_max_num_queries(2):
        steps = next_steps(page)
    assert {pk: str(step) for pk, step in steps.items()} == expected
    for p in page:
        p.state = "archived"
    with django_assert_num_queries(0):  # nothing is left to do on an archived row
        assert set(next_steps(page).values()) == {None}
