"""Control characters and bidirectional overrides are removed at input, by every form and API field."""

import io

import pytest
from django import forms
from docx import Document
from rest_framework import serializers

from core.text import clean_text, for_document

DIRTY = "甲\x00乙\x01\x1b丙\x7f\x85丁\u202e戊\u2066己\u2069"


def test_clean_text_removes_control_and_bidi_characters():
    assert clean_text(DIRTY) == "甲乙丙丁戊己"
    for ch in ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]:
        assert clean_text(f"a{ch}b") == "ab"
    assert (
        clean_text("第一行\r\n第二行\t缩进") == "第一行\r\n第二行\t缩进"
    )  # multi-line text keeps its layout
    assert clean_text("第一行\n第二行\t缩进", multiline=False) == "第一行 第二行 缩进"
    assert clean_text("王建国 😀 <script>") == "王建国 😀 <script>"  # ordinary text is untouched
    assert for_document(12) == 12 and for_document(None) is None


class AnyNewForm(forms.Form):
    """A form added later: nothing to inherit or call, the character fields clean themselves."""

    title = forms.CharField(max_length=50)
    note = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False, strip=False)


def test_every_form_char_field_cleans_its_input():
    form = AnyNewForm({"title": " 标\u202e题\x00 ", "note": "一\x01\n二\t三", "secret": "p\x01w"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "标题", "note": "一\n二\t三", "secret": "p\x01w"}
    only_controls = AnyNewForm({"title": "\x01\u202e"})
    assert not only_controls.is_valid() and "title" in only_controls.errors  # required, nothing left


class AnyNewSerializer(serializers.Serializer):
    title = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


def test_every_api_char_field_cleans_its_input():
    s = AnyNewSerializer(data={"title": "标\x1b题\u202d", "note": "一\n\x00二"})
    assert s.is_valid(), s.errors
    assert s.validated_data == {"title": "标题", "note": "一\n二"}
    blank = AnyNewSerializer(data={"title": "\x01\u2066", "note": ""})
    assert not blank.is_valid() and "title" in blank.errors  # a structured error, not a crash


def test_documents_accept_stored_control_characters():
    from core.documents import OfficialDocument

    doc = OfficialDocument(title="标题")
    doc.paragraph(DIRTY)
    texts = [p.text for p in Document(io.BytesIO(doc.to_bytes())).paragraphs if p.text]
    assert texts[-1] == "甲乙丙丁戊己"


@pytest.mark.django_db
def test_registration_service_cleans_text_it_is_given(province):
    from conftest import person, registration
    from petitions.services import petition_register

    petition = petition_register(
        actor=province.liangzhou_clerk,
        unit=province.liangzhou_center,
        data=registration(title="不服\u202e判决\x00", demands="请求\x07再审\n撤销原判"),
        petitioners=[person(name="王\x1b建国", address="东大街\u20661号")],
    )
    petition.refresh_from_db()
    assert (petition.title, petition.demands) == ("不服判决", "请求再审\n撤销原判")
    p = petition.petitioners.get()
    assert (p.name, p.address) == ("王建国", "东大街1号")
