"""Reads of quality reviews, tasks and accountability records, all through the one petition scope."""

from django.db.models import QuerySet
from django.http import Http404

from organisations.models import Role, Unit
from organisations.selectors import staff_context
from petitions.models import Petition
from petitions.scope import visible_petitions
from quality.models import Accountability, RectificationTask, Review

# who may open and grade reviews, set tasks and record accountability: 评查员, 督办员, 部门负责人, 领导
REVIEW_ROLES = (Role.REVIEWER, Role.SUPERVISOR, Role.UNIT_HEAD, Role.LEADER)
# who works a rectification task of their unit
TASK_ROLES = (Role.HANDLER, Role.UNIT_HEAD, Role.REVIEWER, Role.SUPERVISOR, Role.LEADER)


def review_unit(user) -> Unit | None:
    """The unit on whose behalf ``user`` reviews (the first unit where they hold a review role)."""
    units = staff_context(user).units_with(*REVIEW_ROLES)
    return units[0] if units else None


def can_review(user) -> bool:
    return review_unit(user) is not None


def _visible_ids(user):
    return visible_petitions(user, Petition.objects.all()).values("pk")


def review_list(user) -> QuerySet:
    return (
        Review.objects.filter(petition__in=_visible_ids(user))
        .select_related("petition", "unit", "opened_by")
        .order_by("-opened_at", "-id")
    )


def get_visible_review(user, pk) -> Review:
    try:
        return review_list(user).get(pk=pk)
    except (Review.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def reviews_of(petition) -> QuerySet:
    return (
        Review.objects.filter(petition=petition)
        .select_related("unit")
        .prefetch_related("cases", "checks__unit")
        .order_by("-opened_at", "-id")
    )


def task_list(user) -> QuerySet:
    return RectificationTask.objects.filter(review__petition__in=_visible_ids(user)).select_related(
        "review__petition", "owner_unit", "owner", "case"
    )


def get_visible_task(user, pk) -> RectificationTask:
    try:
        return task_list(user).get(pk=pk)
    except (RectificationTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def my_open_tasks(user) -> QuerySet:
    """The worklist of rectification tasks: open tasks owned by the user or by a unit where they work."""
    units = [u.pk for u in staff_context(user).units_with(*TASK_ROLES)]
    from django.db.models import Q

    return (
        RectificationTask.objects.filter(completed_at__isnull=True)
        .filter(Q(owner=user) | Q(owner_unit_id__in=units, owner__isnull=True))
        .select_related("review__petition", "owner_unit", "owner")
        .order_by("deadline", "id")
    )


def open_task_count(user) -> int:
    return my_open_tasks(user).count()


def accountability_list(user) -> QuerySet:
    return (
        Accountability.objects.filter(petition__in=_visible_ids(user))
        .select_related("petition", "officer", "unit", "review", "case")
        .order_by("-decided_on", "-id")
    )


def get_visible_accountability(user, pk) -> Accountability:
    try:
        return accountability_list(user).get(pk=pk)
    except (Accountability.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def reviewed_units(review: Review) -> list[Unit]:
    """The units whose work the review looks at: the reviewed cases' units and the look-back levels' units."""
    ids = {c.unit_id for c in review.cases.all() if c.unit_id} | {c.unit_id for c in review.checks.all()}
    return list(Unit.objects.filter(pk__in=ids).order_by("path"))
