"""``manage.py deadline``: one line on success, a Chinese CommandError and a non-zero exit otherwise."""

from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from deadlines.models import CalendarDay

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("deadline", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_working_days_across_national_day():
    out, err = run("--from", "2025-09-26", "--days", "15", "--working")
    assert out == "2025-10-23\n"
    assert err == ""


def test_calendar_days_ending_on_a_holiday():
    out, _ = run("--from", "2025-09-20", "--days", "15")
    assert out == "2025-10-09\n"


def test_overrides_in_the_database_are_used():
    CalendarDay.objects.create(date="2025-10-09", is_working=False)
    out, _ = run("--from", "2025-09-20", "--days", "15")
    assert out == "2025-10-10\n"


def test_uncovered_year_warns_on_stderr_only():
    out, err = run("--from", "2031-03-06", "--days", "1", "--working")
    assert out == "2031-03-07\n"
    assert "2031年度节假日安排尚未录入" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-13-01", "--days", "5"], "起算日格式不正确"),
        (["--from", "2025/09/26", "--days", "5"], "起算日格式不正确"),
        (["--from", "20250926", "--days", "5"], "起算日格式不正确"),
        (["--from", "2025-09-26", "--days", "0"], "期限天数应不小于1"),
        (["--from", "2025-09-26", "--days", "-3"], "期限天数应不小于1"),
        (["--from", "2025-09-26", "--days", "十五"], "期限天数应为整数"),
    ],
)
def test_bad_input_is_refused_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bad_input_exits_non_zero(capsys):
    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(["manage.py", "deadline", "--from", "2025-02-30", "--days", "5"])
    assert exc.value.code != 0
    assert "起算日格式不正确" in capsys.readouterr().err
