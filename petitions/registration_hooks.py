"""What other apps add to the staff registration form: a starting point (initial values, e.g. from a booked
appointment) and a follow-up once the petition is registered. An app registers an object with
``initial(request) -> dict | None`` (keys "form" and "people") and ``registered(request, petition)``."""

_HOOKS: list = []


def register(hook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def initial(request) -> dict:
    merged: dict = {"form": {}, "people": []}
    for hook in _HOOKS:
        found = hook.initial(request) or {}
        merged["form"].update(found.get("form", {}))
        merged["people"] += found.get("people", [])
    return merged


def registered(request, petition) -> None:
    for hook in _HOOKS:
        hook.registered(request, petition)
