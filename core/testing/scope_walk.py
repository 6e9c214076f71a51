"""What each app adds to the scope walk (``core/tests/test_scope_walker.py``), so that no app edits the walker.

An app whose URLs name records of its own (a supervision, a hearing, an appointment …) or that serves pages to
anyone on purpose declares it in ``<app>/tests/scope_walk.py``::

    PK_OF = {"supervision:detail": "supervisions"}       # route name → the kind of record its ``pk`` names
    PUBLIC = {"portal:home": "公众门户首页：任何人都可打开"}   # route name → why it answers anyone (optional)
    NO_RECORDS = {"reception:calendar": "…"}             # pages that show no records (optional)

    def build(world) -> dict[str, list[int]]:
        # create 民勤县's (the sibling county's) records of each kind, every text containing ``MARK``, attached
        # to ``world.petition`` where they belong to a petition; return their ids by kind
        return {"supervisions": [supervision.pk]}

The walker requests each such URL with the sibling's ids as other counties' staff, an unassigned lawyer and
anonymously (404 expected, nothing of the sibling's text shown), and as 民勤县's own supervisor (``world.insider``,
who must get past the scope check).
"""

import importlib
from functools import cache
from types import ModuleType

from django.apps import apps


@cache
def modules() -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.scope_walk"
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name not in (name, f"{config.name}.tests"):
                raise
    return tuple(found)


def merged(attribute: str) -> dict:
    result: dict = {}
    for module in modules():
        result.update(getattr(module, attribute, {}))
    return result


def build_records(world) -> dict[str, list]:
    records: dict[str, list] = {}
    for module in modules():
        if hasattr(module, "build"):
            records.update(module.build(world))
    return records
