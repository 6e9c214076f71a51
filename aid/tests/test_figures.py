import json
from io import StringIO

import pytest
from django.core.management import call_command

from analytics.metrics import TOOL_FIGURES

pytestmark = pytest.mark.django_db


def test_every_tool_figure_is_documented():
    with open("docs/handling-tools.md", encoding="utf-8") as handle:
        text = handle.read()
    for figure in TOOL_FIGURES:
        assert f"| {figure.label} |" in text, figure.key


def test_report_includes_the_tool_figures(desk, province):
    from aid.services import aid_apply, aid_approve, aid_review

    a = aid_apply(
        actor=desk.handler, petition=desk.petition, unit=desk.court, applicant_name="甲", relation="self",
        harm="伤", hardship="困难", amount="1234.56",
    )  # fmt: skip
    aid_review(actor=desk.handler, application=a, approve=True, opinion="符合")
    aid_approve(actor=desk.head, application=a, approve=True, comment="同意")
    args = ["report", "--from", f"{desk.year}-01-01", "--to", f"{desk.year}-12-31"]
    out = StringIO()
    call_command(*args, "--format", "json", stdout=out)
    tools = json.loads(out.getvalue())["tools"]
    assert tools["aid_granted_amount"] == {"label": "批准救助金额", "unit": "元", "value": "1234.56"}
    assert tools["aid_granted"]["value"] == 1
    text = StringIO()
    call_command(*args, "--format", "text", stdout=text)
    assert "批准救助金额：1,234.56 元" in text.getvalue()
    own = StringIO()  # the registering centre's scope includes it
    call_command(*args, "--unit", province.liangzhou_center.code, "--format", "json", stdout=own)
    assert json.loads(own.getvalue())["tools"]["aid_granted"]["value"] == 1
    other = StringIO()  # another county's committee sees none of it
    call_command(*args, "--unit", province.minqin_committee.code, "--format", "json", stdout=other)
    assert json.loads(other.getvalue())["tools"]["aid_granted_amount"]["value"] == "0.00"
