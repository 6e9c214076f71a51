"""The English catalogue (locale/en) is complete, keeps every placeholder, is compiled, and is what pages show."""

import re

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from organisations.tests.factories import PASSWORD

LOCALE_DIR = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(LOCALE_DIR / "django.po"))


def translations(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_header_declares_english_with_two_plural_forms(po):
    assert po.metadata["Language"] == "en"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated_and_none_is_fuzzy(po):
    untranslated = [e.msgid for e in po if not e.obsolete and not all(translations(e))]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy}"


def test_translations_keep_the_placeholders_of_their_msgid(po):
    wrong = []
    for entry in po:
        if entry.obsolete:
            continue
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in translations(entry):
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((entry.msgid, text))
    assert not wrong, wrong


def test_compiled_catalogue_matches_the_po_file(po):
    mo = polib.mofile(str(LOCALE_DIR / "django.mo"))

    def catalogue(entries):
        return {
            (e.msgctxt, e.msgid): tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
            for e in entries
            if not e.obsolete and e.msgid
        }

    source, compiled = catalogue(po), catalogue(mo)
    stale = sorted(str(key) for key in source.keys() ^ compiled.keys())
    changed = sorted(str(key) for key in source.keys() & compiled.keys() if source[key] != compiled[key])
    assert not stale and not changed, f"run `make messages`; stale {stale}, changed {changed}"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_login_page_is_in_english(english):
    page = english.get(reverse("login")).content.decode()
    assert "Law-Related Petition Work Platform" in page and "Username" in page and "Password" in page
    assert "用户名" not in page and "涉法涉诉信访工作平台" not in page


@pytest.mark.django_db
def test_petition_list_switched_to_english_shows_no_chinese_labels(client, province, register):
    register(province.liangzhou_clerk, province.liangzhou_center)
    client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(reverse("petitions:list")).content.decode()
    assert "Petition ledger" in page and "Registration number" in page and "Log out" in page
    assert "事项台账" not in page and "登记编号" not in page and "退出" not in page
    # what remains in Chinese is data: unit names, titles, petitioner names
    assert "凉州区联合接访中心" in page
