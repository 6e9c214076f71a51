"""The one place that decides which petitions a user may see (DOMAIN §2).

A staff user sees the petitions that their unit or a unit beneath it registered, handles, owns, supervises or
was assigned (rows of ``PetitionAccess``), those granted to them personally, and — for a 政法委 — every petition
whose problem arose or whose petitioner lives in its region. Lawyers see only what is granted to them
personally; system administrators configure and see no petitions. Every list, detail, download, export,
search, autocomplete and API view goes through ``visible_petitions``. Outside scope is 404.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404

from organisations.models import Unit
from organisations.selectors import staff_context
from petitions.models import Attachment, Petition, PetitionAccess

_GRANTS: list[Callable] = []


def register_grant(source: Callable) -> None:
    """An app that gives a person sight of petitions beyond the rules above registers ``source(user)``: a
    queryset of petition ids (e.g. 代办员: the matters an official carries for a petitioner). Additive only."""
    if source not in _GRANTS:
        _GRANTS.append(source)


def visible_petitions(user, queryset: QuerySet | None = None) -> QuerySet:
    qs = Petition.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    ctx = staff_context(user)
    # plain region tests first: PostgreSQL evaluates OR from left to right and builds a sub-query's hash only
    # when it first needs it, so a 政法委 sees its region's rows without reading the access rows
    condition = Q()
    for lo, hi in ctx.committee_region_ranges:
        condition |= Q(problem_region_id__gte=lo, problem_region_id__lte=hi)
        condition |= Q(residence_region_id__gte=lo, residence_region_id__lte=hi)
    roots = _root_paths([u.path for u in ctx.scope_units])
    if roots:
        path_q = Q()
        for path in roots:
            path_q |= Q(path__startswith=path)
        units = Unit.objects.filter(path_q).values("pk")
        condition |= Q(pk__in=PetitionAccess.objects.filter(unit__in=units).values("petition_id"))
    condition |= Q(pk__in=PetitionAccess.objects.filter(user=user).values("petition_id"))
    for source in _GRANTS:
        condition |= Q(pk__in=source(user))
    return qs.filter(condition)


def _root_paths(paths: list[str]) -> list[str]:
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(r) for r in roots):
            roots.append(path)
    return roots


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
