from organisations.selectors import staff_context


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    ctx = staff_context(user)
    return {"staff": ctx}
