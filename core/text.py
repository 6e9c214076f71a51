"""Text as people type it and as documents carry it: invisible control characters are removed at input.

C0 and C1 control characters (NUL included), DEL and the bidirectional embeddings, overrides and isolates
(U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C) cannot be typed on purpose into a petition; they hide or reorder text on screen
(``U+202E`` shows ``exe.pdf`` for ``fdp.exe``) and make XML writers (xlsx, docx) fail. Lone surrogates and the
non-characters U+FFFE/U+FFFF are removed too. Tabs and line breaks are kept in multi-line text and become
spaces in single-line text.

Where it applies — one function, installed once (``core.apps.CoreConfig.ready`` calls ``install``):

* every Django form ``CharField`` (and its subclasses that keep ``CharField.to_python``: ``EmailField``,
  ``RegexField``, ``SlugField``, the region code field, admin and filter forms …), so a new form gets it without
  doing anything; a ``Textarea`` widget marks a field multi-line; password fields are left as typed;
* every Django REST framework ``CharField`` (API input), multi-line;
* services that take text without a form (registration, the ledger import) call ``clean_text`` themselves;
* writers of xlsx and docx pass stored text through ``for_document`` so old data can never fail an export.
"""

import re

_INVISIBLE = (
    "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 except tab, line feed, carriage return
    "\x7f-\x9f"  # DEL and C1
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides, isolates
    "\u200e\u200f\u061c"  # bidirectional marks (LRM, RLM, ALM): invisible, they reorder what is shown
    "\ud800-\udfff\ufffe\uffff"  # lone surrogates, non-characters
)
_MULTI_LINE_RE = re.compile(f"[{_INVISIBLE}]")
_LINE_BREAKS_RE = re.compile(r"\r\n|[\t\r\n]")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """``value`` without invisible control characters; in single-line text tabs and line breaks become spaces."""
    if not value:
        return value
    value = _MULTI_LINE_RE.sub("", value)
    if not multiline:
        value = _LINE_BREAKS_RE.sub(" ", value)
    return value


def for_document(value):
    """A cell or paragraph value safe for openpyxl and python-docx: strings are cleaned, others pass."""
    return clean_text(value) if isinstance(value, str) else value


def clean_strings(obj, *, multiline: frozenset[str] = frozenset()):
    """Clean every ``str`` attribute of a dataclass instance in place (``multiline`` names keep line breaks)."""
    for name, value in vars(obj).items():
        if isinstance(value, str):
            setattr(obj, name, clean_text(value, multiline=name in multiline))
    return obj


def install() -> None:
    """Make every form and API character field clean its input (idempotent)."""
    from django import forms
    from rest_framework import fields

    if getattr(forms.CharField.to_python, "cleans_text", False):
        return
    form_to_python = forms.CharField.to_python

    def to_python(self, value):
        value = form_to_python(self, value)
        if not isinstance(value, str) or not value or isinstance(self.widget, forms.PasswordInput):
            return value
        value = clean_text(value, multiline=isinstance(self.widget, forms.Textarea))
        value = value.strip() if self.strip else value
        return value or self.empty_value

    to_python.cleans_text = True
    forms.CharField.to_python = to_python

    api_to_internal = fields.CharField.to_internal_value

    def to_internal_value(self, data):
        value = api_to_internal(self, data)
        if not isinstance(value, str) or not value:
            return value
        value = clean_text(value)
        value = value.strip() if self.trim_whitespace else value
        if not value and not self.allow_blank:
            self.fail("blank")
        return value

    fields.CharField.to_internal_value = to_internal_value
