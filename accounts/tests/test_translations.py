"""The accounts app's English catalogue is complete and compiled (same rules as locale/en)."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


def test_every_entry_is_translated_and_compiled():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [
        e.msgid
        for e in po
        if not e.obsolete and not all(e.msgstr_plural.values() if e.msgid_plural else [e.msgstr])
    ]
    assert not untranslated and not [e for e in po if "fuzzy" in e.flags]
    mo = polib.mofile(str(LOCALE / "django.mo"))
    assert {(e.msgid, e.msgstr) for e in po if not e.msgid_plural} <= {(e.msgid, e.msgstr) for e in mo}
