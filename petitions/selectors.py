"""Reads for petitions. Every query starts from ``visible_petitions`` so lists, pages and the API agree."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from petitions.models import OPEN_STATES, Attachment, Event, Petition, PetitionParty, State
from petitions.scope import can_see, get_visible_petition, visible_petitions


def petition_list(user) -> QuerySet:
    return (
        visible_petitions(user)
        .select_related("registered_unit", "problem_region", "handling_unit")
        .prefetch_related(
            Prefetch(
                "parties", queryset=PetitionParty.objects.select_related("petitioner").order_by("position")
            )
        )
        .order_by("-registered_at", "-id")
    )


def petition_detail(user, pk) -> Petition:
    qs = Petition.objects.select_related(
        "registered_unit",
        "registered_by",
        "handling_unit",
        "problem_region__parent",
        "residence_region__parent",
        "orig_unit",
        "related_to",
    ).prefetch_related(
        Prefetch(
            "parties",
            queryset=PetitionParty.objects.select_related("petitioner__residence_region").order_by(
                "position"
            ),
        ),
        "instances",
        "tags",
        Prefetch(
            "events",
            queryset=Event.objects.select_related("actor", "unit")
            .prefetch_related("attachments")
            .order_by("at", "id"),
        ),
        Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
    )
    return get_visible_petition(user, pk, qs)


def search_petitions(user, text: str) -> QuerySet:
    """Plain substring search over number, title, demands, facts and petitioner names, inside scope."""
    text = text.strip()
    qs = petition_list(user)
    if not text:
        return qs
    return qs.filter(
        Q(number__icontains=text)
        | Q(title__icontains=text)
        | Q(demands__icontains=text)
        | Q(facts__icontains=text)
        | Q(case_number__icontains=text)
        | Q(pk__in=PetitionParty.objects.filter(petitioner__name__icontains=text).values("petition_id"))
    )


def home_figures(user) -> dict:
    """The home page's totals over ``user``'s whole scope (exact counts: the caller may cache them on the
    scope's data version, ``analytics.cache``)."""
    return visible_petitions(user).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        registered=Count("pk", filter=Q(state=State.REGISTERED)),
        settled=Count("pk", filter=Q(settlement_state="settled")),
    )


def home_summary(user, figures: dict | None = None) -> dict:
    """The home page: the totals (``figures`` when already at hand) and the eight newest petitions."""
    summary = dict(figures if figures is not None else home_figures(user))
    summary["recent"] = list(petition_list(user)[:8])
    return summary


def _same_people(petition, hashes=None) -> Q:
    """Petitions of the same people as ``petition``: their records are linked by the identity number's keyed hash
    (each petition keeps its own record, so the petitioner rows themselves differ). ``hashes``: the people's
    keyed hashes when the petition's parties are not written yet."""
    if hashes is None:
        hashes = (
            PetitionParty.objects.filter(petition=petition)
            .exclude(petitioner__id_number_hash="")
            .values("petitioner__id_number_hash")
        )
    else:
        hashes = [h for h in hashes if h]
    return Q(pk__in=PetitionParty.objects.filter(petitioner__id_number_hash__in=hashes).values("petition_id"))


def closed_matter_for(petition) -> Petition | None:
    """An earlier petition on the same matter (same petitioner, same original case number) that was lawfully
    terminated or has been through 复核: such a matter is not accepted again (DOMAIN §4, 条例第三十六条).

    Found in every unit (recognition must not depend on who registered it); callers disclose it only within
    the viewer's scope (``linked_petition_disclosure``)."""
    if not petition.case_number:
        return None
    return (
        Petition.objects.filter(_same_people(petition), case_number=petition.case_number)
        .exclude(pk=petition.pk)
        .filter(Q(state=State.TERMINATED) | Q(terminated_at__isnull=False) | Q(review_level__gte=2))
        .order_by("-registered_at")
        .first()
    )


def closed_matter_ids(petitions) -> set[int]:
    """The pks of those of ``petitions`` for which ``closed_matter_for`` finds a petition — for a page of rows
    in one query instead of one per row."""
    ids = [p.pk for p in petitions if p.case_number]
    if not ids:
        return set()
    hashes = (
        PetitionParty.objects.filter(petition_id=OuterRef(OuterRef("pk")))
        .exclude(petitioner__id_number_hash="")
        .values("petitioner__id_number_hash")
    )
    same_people = PetitionParty.objects.filter(petitioner__id_number_hash__in=hashes).values("petition_id")
    closed = (
        Petition.objects.filter(case_number=OuterRef("case_number"), pk__in=same_people)
        .exclude(pk=OuterRef("pk"))
        .filter(Q(state=State.TERMINATED) | Q(terminated_at__isnull=False) | Q(review_level__gte=2))
    )
    return set(Petition.objects.filter(pk__in=ids).filter(Exists(closed)).values_list("pk", flat=True))


def same_matter_for(petition, hashes=None) -> tuple[Petition | None, Petition | None]:
    """``(closed, earlier)`` for a petition being registered, in one look-up (before the petition is written, with
    its people's ``hashes``): ``closed`` is ``closed_matter_for`` — the same people's lawfully ended matter with
    the same original case number — and ``earlier`` is that, or else their latest earlier petition on it
    (重信重访). For most new petitions the one query finds nothing."""
    if not petition.case_number or (hashes is not None and not any(hashes)):
        return None, None
    rows = Petition.objects.filter(_same_people(petition, hashes), case_number=petition.case_number)
    if petition.pk is not None:
        rows = rows.exclude(pk=petition.pk)
    rows = rows.order_by("-registered_at", "-pk").values_list(
        "pk", "registered_at", "state", "terminated_at", "review_level"
    )
    rows = list(rows)
    closed = next(
        (pk for pk, _at, state, ended, level in rows if state == State.TERMINATED or ended or level >= 2),
        None,
    )
    earlier = closed or next((pk for pk, at, *_rest in rows if at <= petition.registered_at), None)
    if earlier is None:
        return None, None
    found = Petition.objects.get(pk=earlier)
    return (found if closed else None), found


OTHER_UNIT_RECORD = _("该信访人在其他单位有信访记录")


def linked_petition_label(user, linked: Petition | None) -> str:
    """How a petition linked by the petitioner's keyed hash may be named to ``user``: its number when it is in
    the user's scope, otherwise only that a record exists elsewhere (for the committee above both to
    reconcile)."""
    if linked is None:
        return ""
    return linked.number if can_see(user, linked) else str(OTHER_UNIT_RECORD)
