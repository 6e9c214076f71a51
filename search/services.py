"""Writes for search: keeping the index in step with petitions, and linking, merging and splitting matters.

Every service that writes a petition's searchable text does so inside its transaction, so the index commits or
rolls back with the petition: registration through ``new_petition_document`` / ``index_new_petition`` (from what
it holds in memory), merge, split and ``reindex_search`` through ``index_petition(s)`` (from the database).
"""

from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput, NotVisible, PermissionDenied
from core.text import clean_text
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.models import CourtInstance, Petition, PetitionAccess, Petitioner, PetitionParty
from petitions.scope import can_see
from petitions.services import (
    REGISTER_ROLES,
    acceptance_due,
    generate_query_code,
    next_registration_number,
)
from search import text
from search.models import LinkKind, MatterLink, PetitionText, registered_day

ACTION_LABELS = {
    "repeat_linked": _("关联为重信重访"),
    "repeat_linked_by": _("被关联重信重访"),
    "merged_into": _("合并至他案"),
    "merged_from": _("并入他案"),
    "split_into": _("拆分出新事项"),
    "split_from": _("由他案拆分"),
}


# ------------------------------------------------------------------------------------------------ the index
def _words(petition: Petition, case_numbers, tag_names, names) -> tuple[list, list, list]:
    head = text.words(petition.title) + text.words(petition.cause_of_action)
    for number in [petition.case_number, *case_numbers]:
        if number:
            head += text.words(number)
            head.append(text.case_token(number))
    for name in tag_names:
        head += text.words(name)
    people = [text.name_token(name) for name in names]
    return head, people, text.words(petition.demands) + text.words(petition.facts)


def _texts(petition: Petition, merged: list[Petition]) -> tuple[str, str, str]:
    head, people, body = [], [], []
    for p in [petition, *merged]:
        words = _words(
            p,
            [i.case_number for i in p.instances.all()],
            [tag.name for tag in p.tags.all()],
            [party.petitioner.name for party in p.parties.all()],
        )
        head, people, body = head + words[0], people + words[1], body + words[2]
    return text.join(head), text.join(dict.fromkeys(people)), text.join(body)


def new_petition_document(petition: Petition, *, case_numbers, tag_names, names) -> tuple[str, str, str]:
    """The index document of a petition being registered, from what the registration holds in memory: no
    queries, and computed before the registration takes its number (whose counter row stays locked until
    commit). The same text ``index_petitions`` writes (a new petition has no merged petitions)."""
    head, people, body = _words(petition, case_numbers, tag_names, names)
    return text.join(head), text.join(dict.fromkeys(people)), text.join(body)


def index_new_petition(petition: Petition, document: tuple[str, str, str]) -> None:
    """Write the index row of a petition registered in this transaction (``new_petition_document``)."""
    head, people, body = document
    PetitionText.objects.create(
        petition=petition,
        head=head,
        people=people,
        body=body,
        registered_day=registered_day(petition.registered_at),
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a reused id may have left a row behind (the index is no table)
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [petition.pk])
            cursor.execute(
                "INSERT INTO search_fts (rowid, head, people, body) VALUES (%s, %s, %s, %s)",
                [petition.pk, head, people, body],
            )


def _with_relations(qs):
    return qs.prefetch_related(
        "tags",
        "instances",
        # the name only: indexing never decrypts a petitioner's identity number, phone or address
        Prefetch(
            "parties",
            queryset=PetitionParty.objects.select_related("petitioner").only(
                "petition_id", "petitioner__name"
            ),
        ),
    )


def index_petitions(petitions) -> int:
    """(Re)write the index rows of ``petitions`` (a queryset or list), text of petitions merged into them
    included. Returns the number written."""
    ids = [p if isinstance(p, int) else p.pk for p in petitions]
    if not ids:
        return 0
    rows = list(_with_relations(Petition.objects.filter(pk__in=ids)))
    merged: dict[int, list[Petition]] = {}
    links = MatterLink.objects.filter(kind=LinkKind.MERGED, target_id__in=ids).values_list(
        "target_id", "source_id"
    )
    if links:
        sources = {p.pk: p for p in _with_relations(Petition.objects.filter(pk__in=[s for _t, s in links]))}
        for target, source in links:
            merged.setdefault(target, []).append(sources[source])
    texts = []
    for p in rows:
        head, people, body = _texts(p, merged.get(p.pk, []))
        day = registered_day(p.registered_at)
        texts.append(PetitionText(petition=p, head=head, people=people, body=body, registered_day=day))
    PetitionText.objects.bulk_create(
        texts,
        update_conflicts=True,
        unique_fields=["petition"],
        update_fields=["head", "people", "body", "registered_day", "indexed_at"],
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(t.petition_id,) for t in texts])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, head, people, body) VALUES (%s, %s, %s, %s)",
                [(t.petition_id, t.head, t.people, t.body) for t in texts],
            )
    return len(texts)


def index_petition(petition: Petition) -> None:
    index_petitions([petition])


# ------------------------------------------------------------------------------ repeat, merge and split
def _ensure_can_link(actor, *petitions: Petition) -> object:
    for p in petitions:
        if not can_see(actor, p):
            raise NotVisible("未找到该信访事项。")
    ctx = staff_context(actor)
    if not (ctx.roles & set(REGISTER_ROLES)):
        raise PermissionDenied("您没有关联、合并或拆分信访事项的权限。")
    return ctx.primary_unit


def _ensure_two(petition: Petition, other: Petition) -> None:
    if petition.pk == other.pk:
        raise InvalidInput({"target": ["不能与同一件信访事项关联。"]})


@transaction.atomic
def petition_link_repeat(*, actor, petition: Petition, earlier: Petition, note: str = "") -> MatterLink:
    """重信重访: link ``petition`` to the earlier petition of the same person on the same matter, so it is not
    counted as a new matter. Both timelines record it."""
    _ensure_two(petition, earlier)
    unit = _ensure_can_link(actor, petition, earlier)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if earlier.registered_at > petition.registered_at:
        raise InvalidInput({"target": ["只能关联到更早登记的信访事项。"]})
    if petition.related_to_id == earlier.pk:
        raise InvalidInput({"target": [f"已与 {earlier.number} 关联。"]})
    note = clean_text(note).strip()
    petition.related_to, petition.flag_repeat = earlier, True
    petition.save(update_fields=["related_to", "flag_repeat", "updated_at"])
    link = MatterLink.objects.create(
        kind=LinkKind.REPEAT, source=petition, target=earlier, actor=actor, note=note
    )
    record_event(
        petition, "repeat_linked", actor=actor, unit=unit, note=note, data={"earlier": earlier.number}
    )
    record_event(
        earlier, "repeat_linked_by", actor=actor, unit=unit, note=note, data={"later": petition.number}
    )
    return link


@transaction.atomic
def petition_merge(*, actor, petition: Petition, into: Petition, note: str) -> MatterLink:
    """Merge ``petition`` into ``into``, found to be one matter: ``petition`` is linked to it (关联前案, 重信重访 so
    it is not counted again) and its text is searchable under ``into``; nothing is deleted, both timelines keep
    their history and record the merge."""
    _ensure_two(petition, into)
    unit = _ensure_can_link(actor, petition, into)
    note = clean_text(note).strip()
    if not note:
        raise InvalidInput({"note": ["请说明合并的理由。"]})
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if MatterLink.objects.filter(kind=LinkKind.MERGED, source=petition).exists():
        raise InvalidInput({"target": ["该事项已合并至其他事项。"]})
    if MatterLink.objects.filter(kind=LinkKind.MERGED, source=into).exists():
        raise InvalidInput({"target": ["目标事项本身已合并至其他事项，请合并至最终事项。"]})
    petition.related_to, petition.flag_repeat = into, True
    petition.save(update_fields=["related_to", "flag_repeat", "updated_at"])
    link = MatterLink.objects.create(
        kind=LinkKind.MERGED, source=petition, target=into, actor=actor, note=note
    )
    record_event(petition, "merged_into", actor=actor, unit=unit, note=note, data={"into": into.number})
    record_event(into, "merged_from", actor=actor, unit=unit, note=note, data={"from": petition.number})
    index_petitions([into])
    return link


def _copy_petitioner(person: Petitioner) -> Petitioner:
    """A petition keeps its own record of each petitioner (``party_own_petitioner``): the split-off petition gets
    a copy of the original's records, linked to them by the same keyed hashes."""
    return Petitioner.objects.create(
        name=person.name,
        gender=person.gender,
        id_number=person.id_number,
        id_number_hash=person.id_number_hash,
        phone=person.phone,
        phone_hash=person.phone_hash,
        address=person.address,
        residence_region_id=person.residence_region_id,
        is_key_person=person.is_key_person,
    )


# what a split-off matter shares with the petition it came from; its lifecycle starts afresh at 登记
SPLIT_COPIED = (
    "channel",
    "registered_at",
    "registered_unit_id",
    "group_size",
    "agent_kind",
    "agent_name",
    "agent_org",
    "problem_region_id",
    "residence_region_id",
    "orig_unit_id",
    "orig_unit_name",
    "case_number",
    "case_category",
    "case_stage",
    "cause_of_action",
    "case_progress",
    "petitioned_before_judgment",
    "flag_skip_level",
    "flag_to_beijing",
    "flag_to_province",
    "flag_group",
    "flag_abnormal",
    "flag_key_person",
    "responsible_system",
    "problem_category",
    "is_backlog",
    "is_legal",
)


@transaction.atomic
def petition_split(*, actor, petition: Petition, title: str, demands: str, facts: str, note: str) -> Petition:
    """Split a separate matter raised in ``petition`` into a new petition (拆分): same petitioners, source,
    registration time, original case and access; its own number, query code and timeline. The original keeps
    its record unchanged; both timelines record the split."""
    unit = _ensure_can_link(actor, petition)
    title, note = clean_text(title, multiline=False).strip(), clean_text(note).strip()
    demands, facts = clean_text(demands).strip(), clean_text(facts).strip()
    errors: dict[str, list[str]] = {}
    for key, value in (("title", title), ("demands", demands), ("facts", facts), ("note", note)):
        if not value:
            errors[key] = ["此项为必填项。"]
    if len(title) > 200:
        errors["title"] = [f"标题最多200字，当前{len(title)}字。"]
    if errors:
        raise InvalidInput(errors)
    source = Petition.objects.select_for_update().get(pk=petition.pk)
    now = timezone.now()
    new = Petition(
        number=next_registration_number(source.registered_unit.region_id, timezone.localtime(now).year),
        query_code=generate_query_code(),
        registered_by=actor,
        title=title,
        demands=demands,
        facts=facts,
        **{name: getattr(source, name) for name in SPLIT_COPIED},
    )
    new.save()
    for party in source.parties.select_related("petitioner"):
        PetitionParty.objects.create(
            petition=new,
            petitioner=_copy_petitioner(party.petitioner),
            is_representative=party.is_representative,
            position=party.position,
        )
    CourtInstance.objects.bulk_create(
        [
            CourtInstance(
                petition=new,
                instance=i.instance,
                case_number=i.case_number,
                court_name=i.court_name,
                judge=i.judge,
            )
            for i in source.instances.all()
        ]
    )
    new.tags.set(source.tags.all())
    PetitionAccess.objects.bulk_create(
        [
            PetitionAccess(petition=new, unit_id=a.unit_id, user_id=a.user_id, reason=a.reason)
            for a in source.access.all()
        ]
    )
    due = acceptance_due(new)
    new.due_at, new.warn_at, new.due_kind = due.due_at, due.warn_at, "acceptance"
    new.save(update_fields=["due_at", "warn_at", "due_kind"])
    MatterLink.objects.create(kind=LinkKind.SPLIT, source=source, target=new, actor=actor, note=note)
    record_event(
        new,
        "split_from",
        actor=actor,
        unit=unit,
        note=note,
        data={"from": source.number},
        state_after=new.state,
    )
    record_event(
        source, "split_into", actor=actor, unit=unit, note=note, data={"into": new.number, "title": title}
    )
    index_petitions([new])
    return new
