"""The review, accountability and hearing figures (analytics.metrics.quality_figures) and the report command."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from analytics.metrics import quality_figures, quality_summary
from hearings.models import Hearing, HearingStatus
from petitions.models import Petition
from quality.models import Accountability, Review, ReviewedCase

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
IN_2026 = dt.datetime(2026, 3, 5, 10, 0, tzinfo=TZ)


def graded_cases(province, petition, grades: dict[str, int], at=IN_2026) -> Review:
    review = Review.objects.create(
        petition=petition,
        unit=province.committee,
        subject="评查",
        opened_by=province.province_reviewer,
        opened_at=at,
    )
    rows = [
        ReviewedCase(review=review, stage="first", unit=province.liangzhou_court, unit_name="凉州区人民法院",
                     case_number=f"{grade}-{i}", grade=grade, graded_at=at)
        for grade, n in grades.items() for i in range(n)
    ]  # fmt: skip
    ReviewedCase.objects.bulk_create(rows)
    return review


def test_grade_shares_add_up_to_exactly_100(province, petition):
    graded_cases(province, petition, {"first": 52, "second": 15, "third": 2})
    figures = quality_figures(None, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert figures["reviewed_cases"] == 69
    assert (figures["grade_first"], figures["grade_second"], figures["grade_third"]) == (52, 15, 2)
    assert figures["grade_first_share"] == Decimal("75.4")
    assert figures["grade_second_share"] == Decimal("21.7")
    assert figures["grade_third_share"] == Decimal("2.9")
    assert quality_summary(figures) == "评查案件 69 件：52 一类 = 75.4 %, 15 二类 = 21.7 %, 2 三类 = 2.9 %"
    # thirds: the largest remainder keeps the sum at exactly 100.0
    graded_cases(
        province, petition, {"first": 1, "second": 2, "third": 0}, at=dt.datetime(2025, 5, 1, tzinfo=TZ)
    )
    thirds = quality_figures(None, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert thirds["grade_first_share"] + thirds["grade_second_share"] + thirds["grade_third_share"] == 100
    assert str(thirds["grade_third_share"]) == "0.0"  # always one decimal


def test_period_is_by_the_grading_day_in_beijing_time(province, petition):
    graded_cases(province, petition, {"first": 1}, at=dt.datetime(2026, 12, 31, 23, 30, tzinfo=TZ))
    assert quality_figures(None, dt.date(2026, 1, 1), dt.date(2026, 12, 31))["reviewed_cases"] == 1
    assert quality_figures(None, dt.date(2027, 1, 1), dt.date(2027, 12, 31))["reviewed_cases"] == 0
    empty = quality_figures(None, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert empty["grade_first_share"] is None and empty["hearing_acceptance_rate"] is None


def test_people_sanctioned_and_share_of_reviewed_cases(province, petition):
    review = graded_cases(province, petition, {"first": 2, "third": 2})
    third = review.cases.filter(grade="third").first()
    for decided in (dt.date(2026, 4, 1), dt.date(2026, 5, 1)):  # one officer sanctioned twice: one person
        Accountability.objects.create(
            petition=petition, review=review, case=third, officer=province.liangzhou_handler,
            unit=province.liangzhou_court, error="错误", sanction="warning", decision_body="纪委", decided_on=decided,
            recorded_by=province.province_reviewer, recorded_at=IN_2026,
        )  # fmt: skip
    figures = quality_figures(None, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert figures["sanctioned_people"] == 1 and figures["accountability_records"] == 2
    assert figures["sanctioned_cases"] == 1 and figures["sanctioned_case_share"] == Decimal("25.0")


def test_hearings_held_and_accepted(province, petition):
    def hearing(status, accepted):
        return Hearing.objects.create(
            petition=petition, unit=province.committee, subject="听证", starts_at=IN_2026, ends_on=IN_2026.date(),
            place="听证室", status=status, petitioner_accepted=accepted, scheduled_by=province.province_reviewer,
            scheduled_at=IN_2026,
        )  # fmt: skip

    hearing(HearingStatus.HELD, True)
    hearing(HearingStatus.HELD, True)
    hearing(HearingStatus.HELD, False)
    hearing(HearingStatus.SCHEDULED, None)
    hearing(HearingStatus.CANCELLED, None)
    figures = quality_figures(None, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (figures["hearings_held"], figures["hearings_accepted"]) == (3, 2)
    assert figures["hearing_acceptance_rate"] == Decimal("66.7")


def test_figures_respect_the_scope(province, petition, register):
    graded_cases(province, petition, {"second": 3})
    other = register(province.ganzhou_clerk, province.ganzhou_center, problem_region="620702")
    graded_cases(province, other, {"first": 1})
    liangzhou = Petition.objects.filter(pk=petition.pk)
    assert quality_figures(liangzhou, dt.date(2026, 1, 1), dt.date(2026, 12, 31))["reviewed_cases"] == 3
    assert quality_figures(None, dt.date(2026, 1, 1), dt.date(2026, 12, 31))["reviewed_cases"] == 4


def test_report_command_includes_the_figures_in_json_and_text(province, petition):
    graded_cases(province, petition, {"first": 52, "second": 15, "third": 2})
    out = StringIO()
    call_command("report", "--from", "2026-01-01", "--to", "2026-12-31", stdout=out)
    data = json.loads(out.getvalue())
    assert data["quality"]["values"]["reviewed_cases"] == 69
    assert data["quality"]["values"]["grade_first_share"] == 75.4
    assert data["quality"]["metrics"]["grade_first_share"] == {"label": "一类占比", "unit": "%"}
    out = StringIO()
    call_command("report", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "text", stdout=out)
    text = out.getvalue()
    assert "评查案件 69 件：52 一类 = 75.4 %, 15 二类 = 21.7 %, 2 三类 = 2.9 %" in text
    assert "一类占比：75.4%" in text and "听证结论接受率：—" in text
    out = StringIO()  # a unit's scope: 甘州区 sees none of 凉州区's reviews
    call_command("report", "--from", "2026-01-01", "--to", "2026-12-31", "--unit", province.ganzhou_center.code,
                 stdout=out)  # fmt: skip
    assert json.loads(out.getvalue())["quality"]["values"]["reviewed_cases"] == 0
