"""Chinese text for the search index: jieba segmentation, keyed person tokens, and safe query building.

The index holds words, never what policy keeps from it: a petitioner's name enters only as a keyed hash token
(``nm…``, HMAC under the field hash key), so the index table can be read by no one to learn a name, and a name
typed into the search box matches only for roles allowed to see names (``NAME_SEARCH_ROLES``). Identity and phone
numbers are not in the index at all: the search box matches them through ``Petitioner.id_number_hash`` and
``phone_hash``, the keyed hashes registration already stores.

Queries are reduced to word tokens (letters, digits, CJK) before they reach the database, so no SQL, tsquery,
FTS5 or regex syntax typed by a user is ever interpreted; the database receives the query as a parameter.
"""

import hashlib
import hmac
import logging
import re
import unicodedata
from functools import cache

from django.conf import settings

MAX_QUERY_CHARS = 200  # longer input is cut: a search box, not a document comparison
MAX_QUERY_TERMS = 8
MAX_TOKEN_CHARS = 60
_WORD_RE = re.compile(r"[^\W_]+")  # letters, digits, CJK; no underscore, no punctuation, no symbols
_CJK_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "对",
        "等",
        "被",
        "将",
        "把",
        "也",
        "就",
        "都",
        "而",
        "或",
        "之",
        "其",
        "于",
        "并",
        "又",
        "向",
        "由",
        "从",
        "以",
        "为",
        "这",
        "那",
        "有",
        "我",
        "你",
        "他",
        "她",
        "它",
    ]
)


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # the dictionary ships inside the package: nothing is downloaded
    return jieba


def warm_up() -> None:
    """Load jieba's dictionary and its TF-IDF table now rather than on a first request."""
    import jieba.analyse

    _jieba()
    jieba.analyse.extract_tags("信访事项", topK=1)


def normalise(text: str) -> str:
    """Full-width forms folded (（２０２３） → (2023)), case folded, invisible characters dropped."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def _keep(token: str) -> bool:
    return bool(token) and token not in STOPWORDS


def words(text: str) -> list[str]:
    """Index tokens of ``text``: jieba's search mode (a long word and its shorter words), word characters only."""
    text = normalise(text)
    out = []
    for piece in _jieba().cut_for_search(text, HMM=False):
        for token in _WORD_RE.findall(piece):
            token = token[:MAX_TOKEN_CHARS]
            if _keep(token):
                out.append(token)
    return out


def keyed_token(prefix: str, value: str) -> str:
    """A keyed hash token (``nm3f…``): letters and digits only, so every parser keeps it whole."""
    value = "".join(normalise(value).split())
    if not value:
        return ""
    digest = hmac.new(settings.FIELD_HASH_KEY.encode(), f"{prefix}:{value}".encode(), hashlib.sha256)
    return prefix + digest.hexdigest()[:24]


def name_token(name: str) -> str:
    return keyed_token("nm", name)


def case_token(case_number: str) -> str:
    """The whole original case number as one token: ``(2019)甘06民终123号`` and ``（2019）甘06民终123号`` agree."""
    return keyed_token("cn", re.sub(r"[^\w]", "", normalise(case_number)))


def join(tokens) -> str:
    return " ".join(t for t in tokens if t)


def query_terms(text: str) -> list[list[str]]:
    """The query as terms; each term is ``[word, part, part, …]``: the word, then the shorter words jieba finds in
    it. A document matches a term when it holds the word, or all of its parts (segmentation of a document may
    split a word the query keeps whole). A document matches when it matches every term. At most
    ``MAX_QUERY_TERMS`` terms.
    """
    text = normalise(text)[:MAX_QUERY_CHARS]
    terms: list[list[str]] = []
    seen = set()
    jieba = _jieba()
    for piece in jieba.cut(text, HMM=False):
        for token in _WORD_RE.findall(piece):
            token = token[:MAX_TOKEN_CHARS]
            if not _keep(token) or token in seen:
                continue
            seen.add(token)
            parts = [p for p in jieba.cut_for_search(token, HMM=False) if _WORD_RE.fullmatch(p) and _keep(p)]
            alternatives = [token] + [p for p in parts if p != token and len(p) > 1]
            terms.append(alternatives)
            if len(terms) >= MAX_QUERY_TERMS:
                return terms
    return terms


def looks_like_name(token: str) -> bool:
    return bool(_CJK_NAME_RE.match(token))


def tsquery(terms: list[list[str]], extra: dict[int, list[str]] | None = None) -> str:
    """A PostgreSQL tsquery text: AND of terms; ``extra`` adds alternatives to a term (a name's keyed token). Tokens are word characters
    only, quoted, so nothing in them is tsquery syntax."""
    extra = extra or {}
    clauses = []
    for i, (word, *parts) in enumerate(terms):
        options = [f"'{word}'"] + [f"'{e}'" for e in extra.get(i, [])]
        if parts:
            options.append("(" + " & ".join(f"'{p}'" for p in parts) + ")")
        clauses.append("(" + " | ".join(options) + ")" if len(options) > 1 else options[0])
    return " & ".join(clauses)


def fts5_query(terms: list[list[str]], extra: dict[int, list[str]] | None = None) -> str:
    """The same query in SQLite FTS5 syntax (every token double-quoted: a string, never an operator)."""
    extra = extra or {}
    clauses = []
    for i, (word, *parts) in enumerate(terms):
        options = [f'"{word}"'] + [f'"{e}"' for e in extra.get(i, [])]
        if parts:
            options.append("(" + " AND ".join(f'"{p}"' for p in parts) + ")")
        clauses.append("(" + " OR ".join(options) + ")" if len(options) > 1 else options[0])
    return " AND ".join(clauses)


def key_terms(text: str, top: int = 6) -> list[str]:
    """The words that best characterise a text (jieba's TF-IDF over its bundled IDF table)."""
    import jieba.analyse

    _jieba()
    text = normalise(text)[:4000]
    return [w for w in jieba.analyse.extract_tags(text, topK=top * 2) if _WORD_RE.fullmatch(w) and _keep(w)][
        :top
    ]
