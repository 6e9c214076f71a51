"""What each kind of suggestion can say: its values, their labels, and how a petition's field reads as one."""

from django.utils.translation import gettext_lazy as _

from organisations.models import System
from petitions.models import Petition, ProblemCategory
from textmodels.models import Kind

LEGAL, ORDINARY = "legal", "ordinary"

CHOICES: dict[str, list[tuple[str, str]]] = {
    Kind.IS_LEGAL: [(LEGAL, _("涉法涉诉")), (ORDINARY, _("普通信访（诉访分离）"))],
    Kind.SYSTEM: list(System.choices),
    Kind.CATEGORY: list(ProblemCategory.choices),
}


def label_of(kind: str, value: str) -> str:
    return str(dict(CHOICES.get(kind, [])).get(value, value))


def value_of(petition: Petition, kind: str) -> str:
    """The petition's confirmed value of ``kind`` as a label of the model ("" when not decided)."""
    if kind == Kind.IS_LEGAL:
        return {True: LEGAL, False: ORDINARY}.get(petition.is_legal, "")
    return getattr(petition, kind) or ""


def field_value(kind: str, value: str):
    """What the petition's field holds for the label ``value``."""
    if kind == Kind.IS_LEGAL:
        return value == LEGAL
    return value


def text_of(title: str, demands: str, facts: str) -> str:
    return "\n".join(part for part in (title, demands, facts) if part)
