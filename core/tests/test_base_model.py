"""``core.models.BaseModel``: ``get_<field>_display`` answers as Django's does, in the request's language, with
the value → label map built once per field."""

import pytest
from django.db.models.base import Model
from django.utils import translation

from alerts.models import Alert
from petitions.models import Channel, Petition, State


def django_display(instance, name):
    return Model._get_FIELD_display(instance, instance._meta.get_field(name))


def test_every_label_matches_djangos_in_both_languages():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value in [*State.values, "no-such-state", ""]:
                petition = Petition(state=value)
                assert petition.get_state_display() == django_display(petition, "state")
            assert Petition(channel=Channel.LETTER).get_channel_display() == str(Channel.LETTER.label)
    with translation.override("en"):
        english = Petition(state=State.REGISTERED).get_state_display()
    with translation.override("zh-hans"):
        chinese = Petition(state=State.REGISTERED).get_state_display()
    assert english != chinese  # the map keeps the lazy labels: each call speaks the active language
    assert chinese == "登记"


def test_the_map_is_built_once_and_rebuilt_when_choices_change(monkeypatch):
    field = Petition._meta.get_field("channel")
    Petition(channel=Channel.VISIT).get_channel_display()
    built = field.__dict__["_choice_labels"]
    Petition(channel=Channel.PHONE).get_channel_display()
    assert field.__dict__["_choice_labels"] is built
    monkeypatch.setattr(field, "choices", [("visit", "到访")])
    assert Petition(channel="visit").get_channel_display() == "到访"
    monkeypatch.undo()
    assert Petition(channel="visit").get_channel_display() == str(Channel.VISIT.label)


@pytest.mark.parametrize("value", [["a", "b"], {"k": 1}])
def test_an_unhashable_value_is_shown_as_django_shows_it(value):
    alert = Alert(severity=value)
    assert alert.get_severity_display() == django_display(alert, "severity")
