"""Reads for the ledger: the export's petitions (scope and the list's filters) and a user's imports."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone

from core.errors import InvalidInput
from core.masking import mask_id_number, mask_phone
from handling.models import Reply, ReplyStatus
from handling.selectors import LATEST_FIRST
from ledger.columns import COLUMNS, ENUM, LIST_SEPARATOR, NAME_SEPARATOR, NO, YES, flag_choices
from ledger.models import LedgerImport
from petitions.filtersets import PetitionFilterSet
from petitions.models import Petition, PetitionParty, State
from petitions.scope import visible_petitions

EXPORT_CHUNK = 2000
# states whose stored deadline is the active assignment's (the 办理期限 column)
ASSIGNMENT_STATES = (State.ASSIGNED, State.IN_PROGRESS, State.UNDER_REVIEW, State.UNDER_REREVIEW)


def ledger_petitions(user, params: QueryDict | None = None) -> QuerySet:
    """The petitions of the user's export: their scope (``visible_petitions``) narrowed by the same filters as
    the petition list. Invalid filters are refused rather than silently widened to everything."""
    base = visible_petitions(user).exclude(state=State.ONLINE_PENDING)  # not yet a matter of the ledger
    filterset = PetitionFilterSet(params or None, queryset=base, user=user)
    if filterset.is_bound:
        if not filterset.is_valid():
            errors = {key: [str(e) for e in errs] for key, errs in filterset.errors.items()}
            raise InvalidInput(errors, message="筛选条件有误，未导出。")
        base = filterset.qs
    parties = PetitionParty.objects.select_related("petitioner").only(
        "petition_id", "position", "petitioner__name", "petitioner__id_number", "petitioner__phone"
    )
    replies = Reply.objects.filter(status=ReplyStatus.APPROVED).only(
        "petition_id", "approved_at", "outcome", "delivered_on"
    )
    return (
        base.select_related("registered_unit", "handling_unit", "orig_unit")
        .prefetch_related(
            Prefetch("parties", queryset=parties.order_by("position", "id")),
            "tags",
            Prefetch("replies", queryset=replies.order_by(LATEST_FIRST, "-id"), to_attr="signed_replies"),
        )
        .order_by("registered_at", "id")
    )


def _local(value: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: Beijing wall-clock time, to the second."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


def _bool(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def ledger_row(p: Petition, labels: dict[str, dict[str, str]]) -> list[Any]:
    """One petition as the template's cells, in ``COLUMNS`` order. Identity number and phone are masked.

    ``labels`` maps each enumerated column's key to {stored value: Chinese label}."""
    people = [party.petitioner for party in p.parties.all()]
    first = people[0] if people else None
    latest = p.signed_replies[0] if p.signed_replies else None  # the latest signed reply (ledger_petitions)
    deadline = None
    if p.state in ASSIGNMENT_STATES and p.due_at is not None:
        deadline = timezone.localtime(p.due_at).date()
    values = {
        "number": p.number,
        "registered_at": _local(p.registered_at),
        "registered_unit": p.registered_unit.code,
        "names": NAME_SEPARATOR.join(person.name for person in people),
        "id_number": mask_id_number(first.id_number) if first else "",
        "phone": mask_phone(first.phone) if first else "",
        "group_size": p.group_size,
        "problem_region": p.problem_region_id,
        "residence_region": p.residence_region_id or "",
        "title": p.title,
        "demands": p.demands,
        "facts": p.facts,
        "orig_unit": p.orig_unit_display,
        "case_number": p.case_number,
        "flags": LIST_SEPARATOR.join(label for name, label in flag_choices() if getattr(p, name)),
        "tags": LIST_SEPARATOR.join(tag.name for tag in p.tags.all()),
        "is_backlog": _bool(p.is_backlog),
        "accepted_at": _local(p.accepted_at),
        "accepted_on_time": _bool(p.accepted_on_time),
        "handling_unit": p.handling_unit.code if p.handling_unit_id else "",
        "deadline": deadline,
        "replied_at": _local(p.replied_at),
        "replied_on_time": _bool(p.replied_on_time),
        "delivered_on": latest.delivered_on if latest else None,
        "closed_at": _local(p.closed_at),
        "closed_on_time": _bool(p.closed_on_time),
        "review_level": p.review_level,
        "terminated_at": _local(p.terminated_at),
    }
    reply_values = {"reply_outcome": latest.outcome if latest else ""}  # enumerated, not on the petition
    for key, mapping in labels.items():
        raw = reply_values[key] if key in reply_values else getattr(p, key)
        values[key] = mapping.get(raw, raw)
    return [values[c.key] for c in COLUMNS]


def ledger_rows(queryset: QuerySet) -> Iterator[list[Any]]:
    labels = {c.key: dict(c.choices()) for c in COLUMNS if c.kind == ENUM}
    for petition in queryset.iterator(chunk_size=EXPORT_CHUNK):
        yield ledger_row(petition, labels)


def import_for_user(user, token: str) -> LedgerImport:
    """An import by its token, only for the user who uploaded it (anyone else gets 404)."""
    found = LedgerImport.objects.filter(token=token, user_id=getattr(user, "pk", None)).first()
    if found is None:
        raise Http404
    return found


def recent_imports(user, limit: int = 10) -> list[LedgerImport]:
    return list(LedgerImport.objects.filter(user_id=user.pk).order_by("-created_at", "-id")[:limit])
