"""Bounded pagination for lists over a province's petitions.

An exact ``COUNT`` over every petition a province or a city may see reads hundreds of thousands of rows on
every page view; a clerk needs to know "about how many" and to page through the newest. ``CappedPaginator``
counts at most ``cap`` rows (``SELECT count(*) FROM (… LIMIT cap + 1)``): below the cap the count is exact,
above it the page shows "1,000+" and offers the first ``cap / per_page`` pages — narrow the filter to reach
older rows.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

LIST_CAP = 1_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = LIST_CAP if cap is None else cap

    @cached_property
    def _bounded_count(self) -> int:
        qs = self.object_list
        if hasattr(qs, "order_by"):
            return qs.order_by()[: self.cap + 1].count()
        return len(qs[: self.cap + 1])

    @cached_property
    def capped(self) -> bool:
        return self._bounded_count > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)


def capped_count(queryset, cap: int) -> int:
    """The number of rows, or ``cap`` when there are at least that many (a badge shows "999+")."""
    return queryset.order_by()[:cap].count()
