"""docs/ledger-template.md documents the template as ``ledger.columns`` defines it."""

from pathlib import Path

from django.conf import settings

from ledger.columns import COLUMNS
from ledger.validation import IMPORTABLE_STATES, REFUSED_STATES
from petitions.models import State

DOC = (Path(settings.BASE_DIR) / "docs" / "ledger-template.md").read_text(encoding="utf-8")


def test_every_column_is_documented_with_its_values():
    table = [line for line in DOC.splitlines() if line.startswith("| ")]
    for column in COLUMNS:
        rows = [line for line in table if line.startswith(f"| {column.header} |")]
        assert rows, column.header
        required = "必填" if column.required else ("可省略整列" if column.optional_header else "可空")
        assert f"| {column.header} | {required} |" in rows[0], column.header
        for label in column.labels():
            if column.key == "state" and label in {str(State(s).label) for s in REFUSED_STATES}:
                continue
            assert label in rows[0], (column.header, label)


def test_importable_and_refused_states_are_documented():
    for state in IMPORTABLE_STATES:
        assert f"| {State(state).label} |" in DOC, state
    refused = DOC.split("以下状态**不能导入**", 1)[1]
    for state in REFUSED_STATES:
        assert f"**{State(state).label}**" in refused, state
