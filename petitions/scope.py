"""The one place that decides which petitions a user may see (DOMAIN §2).

A staff user sees the petitions that their unit or a unit beneath it registered, handles, owns, supervises or
was assigned (rows of ``PetitionAccess``), those granted to them personally, and — for a 政法委 — every petition
whose problem arose or whose petitioner lives in its region. Lawyers see only what is granted to them
personally; system administrators configure and see no petitions. Every list, detail, download, export,
search, autocomplete and API view goes through ``visible_petitions``. Outside scope is 404.
"""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from organisations.selectors import staff_context
from petitions.models import Attachment, Petition, PetitionAccess

_GRANTS: list[Callable] = []


def register_grant(source: Callable) -> None:
    """An app that gives a person sight of petitions beyond the rules above registers ``source(user)``: a
    queryset of petition ids (e.g. 代办员: the matters an official carries for a petitioner). Additive only."""
    if source not in _GRANTS:
        _GRANTS.append(source)


def granted_petitions(user) -> list[QuerySet]:
    """The petition ids each registered grant gives ``user`` (e.g. for a cache key that must follow them)."""
    return [source(user) for source in _GRANTS]


def visible_petitions(user, queryset: QuerySet | None = None) -> QuerySet:
    qs = Petition.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    return qs.filter(scope_q(user))


def scope_q(user, petition: str = "pk", prefix: str = "") -> Q:
    """The rule of ``visible_petitions`` as a condition on a row that is, or points at, a petition: ``petition``
    names the petition's id and ``prefix`` the path to its columns (``"petition__"`` on an alert).

    Its shape is what keeps a list fast at a province's scale: plain region tests first (a 政法委 sees its
    region's rows without touching the access rows), then correlated ``EXISTS`` probes on ``PetitionAccess``
    with a literal list of the subtree's units — a few index entries per row, so a page of the newest 25 walks
    the ``-registered_at`` index and stops, instead of hashing the access rows of the whole subtree (hundreds
    of thousands for a city) on every request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    ctx = staff_context(user)
    memo = ctx.__dict__.setdefault("_scope_q", {})  # built once per request: the pages ask several times
    if (petition, prefix) not in memo:
        memo[petition, prefix] = _scope_condition(user, ctx, petition, prefix)
    return memo[petition, prefix]


def _scope_condition(user, ctx, petition: str, prefix: str) -> Q:
    ref = OuterRef(petition)
    condition = Q()
    for lo, hi in ctx.committee_region_ranges:
        condition |= Q(**{f"{prefix}problem_region_id__gte": lo, f"{prefix}problem_region_id__lte": hi})
        condition |= Q(**{f"{prefix}residence_region_id__gte": lo, f"{prefix}residence_region_id__lte": hi})
    # a 政法委 sees most of its rows through its region: the access rows only add the few petitions of other
    # regions its units touched, so they are probed row by row, never hashed whole (``access_exists``)
    probe = bool(ctx.committee_region_ranges)
    if ctx.scope_unit_ids:
        condition |= Q(access_exists(ref, probe=probe, unit_id__in=ctx.scope_unit_ids))
    condition |= Q(access_exists(ref, probe=probe, user=user))
    for source in _GRANTS:  # other apps' ways in (register_grant), e.g. an assigned 代办员
        condition |= Q(**{f"{petition}__in": source(user)})
    return condition


def access_exists(ref, *, probe: bool, **conditions) -> Exists:
    """``EXISTS`` over the access rows of the petition ``ref`` that meet ``conditions``.

    PostgreSQL answers such an ``EXISTS`` either by an index probe per row or by hashing every access row the
    conditions name, and it chooses from the rows the scan would read without the page's ``LIMIT``. For a unit
    (a county court: ~57,000 access rows at 1,000,000 petitions, ~6 % of them) the hash is the better choice
    for counts, which read many rows to find the unit's. For a 政法委, whose region already brings in nearly
    every row it sees, it is not: a city's subtree names ~180,000 access rows, hashed on every page and every
    count (60 ms each) to test the few rows outside the region. With ``probe`` the link is written twice
    (``=`` and ``>=``): a correlated condition that is not an equality cannot be hashed, so the probe stays a
    probe (that city's page 62 → 0.4 ms, its capped count 66 → 5.5 ms). The statistics, which read whole
    periods, turn either form into a hashed ``IN`` themselves (``analytics.selectors.bounded``).
    """
    link = Q(petition_id=ref) & Q(petition_id__gte=ref) if probe else Q(petition_id=ref)
    return Exists(PetitionAccess.objects.filter(link, **conditions))


def can_see(user, petition: Petition) -> bool:
    return visible_petitions(user, Petition.objects.filter(pk=petition.pk)).exists()


def get_visible_petition(user, pk, queryset: QuerySet | None = None) -> Petition:
    try:
        return visible_petitions(user, queryset).get(pk=pk)
    except (Petition.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_visible_attachment(user, pk) -> Attachment:
    try:
        attachment = Attachment.objects.select_related("petition").get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_see(user, attachment.petition):
        raise Http404
    return attachment
