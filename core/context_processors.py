from core import navigation
from organisations.selectors import staff_context


def navigation_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    staff = staff_context(user)
    return {"staff": staff, "nav_sections": navigation.build(user, staff, request.path)}
