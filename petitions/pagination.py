"""Bounded pagination for lists over a province's petitions.

An exact ``COUNT`` over every petition a province or a city may see reads hundreds of thousands of rows on
every page view; a clerk needs to know "about how many" and to page through the newest. ``CappedPaginator``
counts at most ``cap`` rows (``SELECT count(*) FROM (… LIMIT cap + 1)``): below the cap the count is exact,
above it the page shows "1,000+" and offers the first ``cap / per_page`` pages — narrow the filter to reach
older rows. The API's petition lists page the same way (``CappedPageNumberPagination``).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

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


class CappedPageNumberPagination(PageNumberPagination):
    """The API's pages of a petition list, counted as the list page counts them: ``count`` stops at ``LIST_CAP``
    and ``count_capped`` says so (an exact count over a city's or a province's scope read every one of its rows:
    about a second per request at 1,000,000 petitions). Beyond the cap, narrow the filter (dates, region) or use
    the ledger export."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = f"件数；超过 {LIST_CAP} 件时为 {LIST_CAP}"
        schema["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"为 true 时实际件数超过 {LIST_CAP} 件，只提供前 {LIST_CAP} 件，请缩小筛选范围",
        }
        return schema
