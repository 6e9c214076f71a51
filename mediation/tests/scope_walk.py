"""调解 in the scope walk (core/testing/scope_walk.py): 民勤县's mediation."""

from mediation.services import mediation_open

PK_OF = {
    "mediation:open": "petitions",
    "mediation:detail": "mediations",
    "mediation:session": "mediations",
    "mediation:conclude": "mediations",
    "mediation:confirm": "mediations",
    "mediation-detail": "mediations",
    "mediation-session": "mediations",
    "mediation-conclude": "mediations",
    "mediation-confirm": "mediations",
}


def build(world) -> dict[str, list[int]]:
    from core.testing.world import MARK

    m = mediation_open(
        actor=world.insider,
        petition=world.petition,
        kind="people",
        organisation=f"民勤县人民调解委员会{MARK}",
        mediator=f"调解员{MARK}",
    )
    return {"mediations": [m.pk]}
