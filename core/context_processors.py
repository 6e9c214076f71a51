from django.utils.functional import SimpleLazyObject

from core import navigation
from organisations.selectors import staff_context


def navigation_context(request):
    """The navigation with its badge counts, built at most once per request and only when a template shows it
    (panels and partials rendered with the request run this processor too)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(request, "_xinfang_navigation", None)
    if cached is None:
        staff = staff_context(user)
        cached = {
            "staff": staff,
            "nav_sections": SimpleLazyObject(lambda: navigation.build(user, staff, request.path)),
        }
        request._xinfang_navigation = cached
    return cached
