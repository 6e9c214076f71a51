"""What other apps do when a matter is terminated or a terminated matter comes back (e.g. 稳控帮扶).

An app registers ``fn(petition, *, event, actor)`` in its ``AppConfig.ready``; ``event`` is "terminated" (the
final approval of a termination) or "returned" (a terminated matter declined at screening). The hooks run
inside the handling service's transaction, so their records commit or roll back with it."""

from collections.abc import Callable

_TERMINATION_HOOKS: list[Callable] = []


def register_termination_hook(hook: Callable) -> None:
    if hook not in _TERMINATION_HOOKS:
        _TERMINATION_HOOKS.append(hook)


def termination_completed(petition, *, event: str, actor) -> None:
    for hook in _TERMINATION_HOOKS:
        hook(petition, event=event, actor=actor)
