"""The quality review section of the petition page: reviews, grades, tasks and accountability records."""

from quality import selectors
from quality.models import Accountability


def petition_context(request, petition):
    reviews = list(selectors.reviews_of(petition))
    records = list(Accountability.objects.filter(petition=petition).select_related("officer", "unit"))
    can_review = selectors.can_review(request.user)
    if not reviews and not records and not can_review:
        return None
    return {"quality_reviews": reviews, "accountabilities": records, "can_review": can_review}
