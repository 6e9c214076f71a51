"""Reads for search: full-text search inside scope, and duplicate/repeat candidates at intake.

Both start from ``visible_petitions``: search filters the caller's scoped queryset; duplicate candidates are
looked up in every unit (recognising a repeat must not depend on who registers it) and every candidate outside the
caller's scope is reported only as ``OTHER_UNIT_MATCH``, without number, title or content.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.validators import validate_id_number, validate_phone
from organisations.models import Role
from organisations.selectors import staff_context
from petitions.models import Petition, PetitionParty, State
from petitions.pagination import LIST_CAP
from petitions.scope import visible_petitions
from search import text
from search.models import PetitionText, registered_day

# roles that see petitioners' names in full may find petitions by a name (lawyers see only their own cases)
NAME_SEARCH_ROLES = frozenset(
    {
        Role.RECEPTION,
        Role.HANDLER,
        Role.UNIT_HEAD,
        Role.OWNER_LEADER,
        Role.SUPERVISOR,
        Role.REVIEWER,
        Role.LEADER,
    }
)
OTHER_UNIT_MATCH = _("在其他单位有相同/相似的信访事项")
_ID_RE = re.compile(r"^(\d{17}[\dXx]|\d{15})$")
_PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")
_NUMBER_RE = re.compile(r"^\d{6}-\d{4}-\d{6}$")
_CODE_RE = re.compile(r"^[A-HJ-NP-Z2-9]{12}$")


class _Vector(Func):
    """The ``vector`` column (kept by the trigger of migration 0001, unknown to the model) of the joined
    ``search_petitiontext`` row: compiled from the join's ``head`` column so the join alias is Django's own."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        assert sql.endswith('."head"')
        return sql[: -len('"head"')] + '"vector"', params


def _exact_lookup(value: str) -> Q | None:
    """A full identity number, phone number, registration number or 查询码: matched exactly, by keyed hash for
    people (never by decrypting a row)."""
    compact = "".join(value.split())
    if _ID_RE.match(compact):
        try:
            digest = crypto.keyed_hash(validate_id_number(compact))
        except Exception:  # not a valid identity number: search it as text
            digest = ""
        if digest:
            return Q(
                pk__in=PetitionParty.objects.filter(petitioner__id_number_hash=digest).values("petition_id")
            )
    if _PHONE_RE.match(compact):
        try:
            digest = crypto.keyed_hash(validate_phone(compact))
        except Exception:
            digest = ""
        if digest:
            return Q(pk__in=PetitionParty.objects.filter(petitioner__phone_hash=digest).values("petition_id"))
    if _NUMBER_RE.match(compact):
        return Q(number=compact)
    if _CODE_RE.match(compact.upper()):
        return Q(query_code=compact.upper())
    return None


def may_search_names(user) -> bool:
    return bool(staff_context(user).roles & NAME_SEARCH_ROLES)


def search_terms(value: str) -> list[list[str]]:
    return text.query_terms(value)


RANK_SQL = '(SELECT -bm25(search_fts, 10.0, 4.0, 1.0) FROM search_fts WHERE search_fts MATCH %s AND rowid = "{table}"."id")'
MATCH_SQL = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"

# How many matches are ranked: the newest ``SEARCH_CANDIDATES`` in scope. The list shows at most ``LIST_CAP``
# rows ("1,000+" above it), so one more than that tells the paginator there are more.
SEARCH_CANDIDATES = LIST_CAP + 1


def apply_search(queryset: QuerySet, value: str, *, user) -> QuerySet:
    """``queryset`` (already scoped and filtered) narrowed to petitions matching ``value`` and ordered by
    relevance, then registration time. Empty or meaningless input (only punctuation, emoji) leaves ``queryset``
    unchanged.

    Only the newest ``SEARCH_CANDIDATES`` matches are ranked: a common word matches a third of a province's
    million petitions, and ranking every match (reading every matching row's vector) took seconds. The
    candidates are chosen inside ``queryset`` — apply every other filter first (``PetitionFilterSet`` does) —
    from the newest days back (``_newest_ids``). They are read here, once: the queryset returned holds at most
    ``SEARCH_CANDIDATES`` rows, so its page and count are cheap, and that many rows means "more than
    ``LIST_CAP``"."""
    value = (value or "").strip()[: text.MAX_QUERY_CHARS * 5]
    if not value:
        return queryset
    exact = _exact_lookup(value)
    if exact is not None:
        return queryset.filter(exact)
    terms = text.query_terms(value)
    if not terms:
        return queryset
    extra = {}
    if user is not None and may_search_names(user):
        extra = {i: [text.name_token(t[0])] for i, t in enumerate(terms) if text.looks_like_name(t[0])}
    newest = ("-registered_at", "-id")
    if connection.vendor == "postgresql":
        query = SearchQuery(text.tsquery(terms, extra), search_type="raw", config="simple")
        vector = _Vector(F("search_text__head"))
        candidates = queryset.alias(_search_vector=vector).filter(_search_vector=query)
        rank = SearchRank(vector, query)
    else:
        match = text.fts5_query(terms, extra)
        candidates = queryset.filter(pk__in=RawSQL(MATCH_SQL, [match]))  # noqa: S611 - a constant, a parameter
        # the table name is the model's own and the match text a parameter: nothing typed reaches the SQL
        rank = RawSQL(RANK_SQL.format(table=Petition._meta.db_table), [match])  # noqa: S611
    # the page, its count and the API's count then read at most that many rows
    ids = _newest_ids(candidates)
    # an alias, not an annotation: a count leaves the ranking out
    return _among(queryset, ids).alias(search_rank=rank).order_by("-search_rank", *newest)


def _among(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """``queryset`` narrowed to ``ids``; on PostgreSQL as one array parameter (a thousand placeholders cost
    milliseconds to compile and send, twice per page: its count and its rows)."""
    if connection.vendor != "postgresql":
        return queryset.filter(pk__in=ids)
    # the model's own table; the ids a parameter
    sql = f'"{Petition._meta.db_table}"."id" = ANY(%s::bigint[])'
    among = RawSQL(sql, [ids], output_field=BooleanField())  # noqa: S611
    return queryset.alias(_among=among).filter(_among=True)


# The matches of the newest days are looked for first: the newest ``FIRST_WINDOW`` petitions of the whole
# database, then a span grown by what the last one found (at most ``MAX_GROWTH`` times longer), until
# ``SEARCH_CANDIDATES`` are found or the span covers every day.
FIRST_WINDOW = 5000
MAX_GROWTH = 16
LAST_SPAN = 2  # a span longer than half of all days: every match at once instead


def _newest_ids(candidates: QuerySet) -> list[int]:
    """The ids of the newest ``SEARCH_CANDIDATES`` rows of ``candidates`` (matches inside scope and filters).

    A common word matches a quarter of a province, a phrase of common words a few percent: taken whole, the
    matches of a phrase are tens of thousands of rows to read for their dates and scope (0.3 s at 1,000,000
    petitions). So the newest days are asked first (``registered_day >= D``, which the GIN index answers with
    the words: only that span's matches are read), and the span grows until enough are found. The answer is the
    same as without the spans: when a span holds ``SEARCH_CANDIDATES`` matches, every match before it is older
    than all of them."""
    newest = ("-registered_at", "-id")

    def first(qs):
        return list(qs.order_by(*newest).values_list("pk", flat=True)[:SEARCH_CANDIDATES])

    times = Petition.objects.values_list("registered_at", flat=True)
    edge = list(times.order_by(*newest)[FIRST_WINDOW : FIRST_WINDOW + 1])
    oldest = list(times.order_by("registered_at", "id")[:1])
    if not edge or not oldest:  # a small database: every match at once
        return first(candidates)
    today = registered_day(timezone.now())
    since, every_day = registered_day(edge[0]), today - registered_day(oldest[0]) + 1
    while True:
        ids = first(candidates.filter(search_text__registered_day__gte=since))
        if len(ids) >= SEARCH_CANDIDATES:
            return ids
        growth = MAX_GROWTH if not ids else min(MAX_GROWTH, max(2.0, 1.5 * SEARCH_CANDIDATES / len(ids)))
        span = int((today - since + 1) * growth)
        # the index reads a span day by day: a long one costs more than none
        if span * LAST_SPAN >= every_day:
            return first(candidates)
        since = today - span


def search_petitions(user, value: str) -> QuerySet:
    from petitions.selectors import petition_list

    return apply_search(petition_list(user), value, user=user)


# ------------------------------------------------------------------------------------------------ snippets
SNIPPET_CHARS = 80


def _snippet_pattern(value: str) -> re.Pattern | None:
    terms = text.query_terms(value or "")
    needles = sorted({w for t in terms for w in t if len(w) > 1 or len(t) == 1}, key=len, reverse=True)
    if not needles:
        return None
    return re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)


def snippet(petition: Petition, value: str, pattern: re.Pattern | None = None) -> str:
    """Where the query matched in the petition's text, HTML-escaped, matched words in ``<mark>``. ``pattern``:
    the query's, when the caller has it already (``attach_snippets`` segments the query once for a page)."""
    pattern = pattern or _snippet_pattern(value)
    if pattern is None:
        return ""
    for source in (petition.demands, petition.facts, petition.title):
        source = " ".join((source or "").split())
        normalised = text.normalise(source)
        found = pattern.search(normalised) if len(normalised) == len(source) else None
        if found is None:
            found = pattern.search(source)
        if found is None:
            continue
        start = max(0, found.start() - SNIPPET_CHARS // 3)
        window = source[start : start + SNIPPET_CHARS]
        parts, last = [], 0
        normalised = text.normalise(window)
        positions = pattern.finditer(normalised if len(normalised) == len(window) else window)
        for m in positions:
            parts.append(escape(window[last : m.start()]))
            parts.append(f"<mark>{escape(window[m.start() : m.end()])}</mark>")
            last = m.end()
        parts.append(escape(window[last:]))
        prefix = "…" if start else ""
        suffix = "…" if start + SNIPPET_CHARS < len(source) else ""
        return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every piece escaped above
    return ""


def attach_snippets(petitions, value: str) -> None:
    """Snippets for a page's rows only (the list shows 25): the query is segmented once."""
    pattern = _snippet_pattern(value)
    for p in petitions:
        p.search_snippet = snippet(p, value, pattern) if pattern is not None else ""


# ---------------------------------------------------------------------------------------- duplicate candidates
@dataclass
class Candidate:
    """An earlier petition likely of the same person or matter. ``petition`` is None when it lies outside the
    caller's scope: then only ``OTHER_UNIT_MATCH`` may be shown."""

    petition: Petition | None
    score: float
    reasons: list[str] = field(default_factory=list)
    closed_matter: bool = False  # terminated (终结) or through 复核: not to be accepted again
    elsewhere: bool = False

    @property
    def label(self) -> str:
        return str(OTHER_UNIT_MATCH) if self.elsewhere else f"{self.petition.number} {self.petition.title}"

    def as_dict(self) -> dict:
        if self.elsewhere:
            return {"elsewhere": True, "message": str(OTHER_UNIT_MATCH), "closed_matter": self.closed_matter}
        p = self.petition
        return {
            "elsewhere": False,
            "id": p.pk,
            "number": p.number,
            "title": p.title,
            "state": p.state,
            "state_label": str(p.get_state_display()),
            "registered_at": p.registered_at.isoformat(),
            "score": round(self.score, 2),
            "reasons": [str(r) for r in self.reasons],
            "closed_matter": self.closed_matter,
        }


WEIGHTS = {"id": 0.6, "phone": 0.4, "name_region": 0.3, "case": 0.5, "text": 0.5}
REASONS = {
    "id": _("身份证号相同"),
    "phone": _("联系电话相同"),
    "name_region": _("姓名及地区相同"),
    "case": _("原案案号相同"),
}
MIN_SCORE = 0.3
MAX_CANDIDATES = 10
TEXT_CANDIDATES = 20
TEXT_WINDOW = 1000  # the county's newest petitions searched for similar text
TEXT_POOL = 60  # at most this many of them compared


def _value(data, key, default=""):
    return (data.get(key) if isinstance(data, dict) else getattr(data, key, default)) or default


def _people(data) -> list:
    return list(_value(data, "petitioners", []) or [])


def _indexed(tsquery: str, fts5: str) -> QuerySet:
    """Index rows matching ``tsquery`` on PostgreSQL (through the GIN index), ``fts5`` on SQLite; both built from
    word tokens only."""
    if connection.vendor == "postgresql":
        return PetitionText.objects.alias(
            _matches=RawSQL(  # noqa: S611 - a constant; the query text is a parameter
                "search_petitiontext.vector @@ to_tsquery('simple', %s)",
                [tsquery],
                output_field=BooleanField(),
            )
        ).filter(_matches=True)
    return PetitionText.objects.filter(petition_id__in=RawSQL(MATCH_SQL, [fts5]))  # noqa: S611


def _matter_text_ids(data, region: str, exclude) -> dict[int, float]:
    """Petitions whose text shares at least two of the new petition's key terms, among the newest
    ``TEXT_WINDOW`` petitions whose problem arose in the same county, with a similarity (overlap of key terms)
    in 0..1.

    The work is bounded by the window, not by how common the words are: the county's newest petitions come from
    its ``(problem_region, registered_at)`` index, each one's vector is tested (a function call, so the planner
    cannot turn to the GIN index and read every petition of the province sharing two common words), and at most
    ``TEXT_POOL`` matches are compared."""
    body = " ".join(str(_value(data, k)) for k in ("title", "demands", "facts"))
    keys = text.key_terms(body, top=6)
    if len(keys) < 2 or len(region) != 6:
        return {}
    pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
    window = (
        Petition.objects.filter(problem_region_id=region)
        .exclude(pk__in=exclude)
        .order_by("-registered_at")
        .values("pk")[:TEXT_WINDOW]
    )
    rows = PetitionText.objects.filter(petition_id__in=window)
    if connection.vendor == "postgresql":
        tsquery = " | ".join(f"('{a}' & '{b}')" for a, b in pairs)
        rows = rows.alias(
            _matches=RawSQL(  # noqa: S611 - a constant; the query text (word tokens only) is a parameter
                "ts_match_vq(search_petitiontext.vector, to_tsquery('simple', %s))",
                [tsquery],
                output_field=BooleanField(),
            )
        ).filter(_matches=True)
    else:
        fts5 = " OR ".join(f'("{a}" AND "{b}")' for a, b in pairs)
        rows = rows.filter(petition_id__in=RawSQL(MATCH_SQL, [fts5]))  # noqa: S611 - a constant, a parameter
    wanted = set(keys)
    similar = []
    for pk, head, body in rows.values_list("petition_id", "head", "body")[:TEXT_POOL]:
        found = wanted & set(f"{head or ''} {body or ''}".split())
        if len(found) >= 2:
            similar.append((len(found) / len(wanted), pk))
    similar.sort(key=lambda row: (-row[0], -row[1]))
    return {pk: similarity for similarity, pk in similar[:TEXT_CANDIDATES]}


def duplicate_candidates(*, user, data, exclude=()) -> list[Candidate]:
    """Earlier petitions likely of the same person (identity number, phone by keyed hash; name in the same
    region) or the same matter (original case number; similar text), best first, each with why it matched and
    a score in 0..1; closed matters (终结, 复核 done) flagged. ``data``: a mapping or object with ``title``,
    ``demands``, ``facts``, ``case_number``, ``problem_region`` and ``petitioners`` (each with ``name``,
    ``id_number``, ``phone``, ``residence_region``). Outside the caller's scope: one entry ``OTHER_UNIT_MATCH``."""
    exclude = [pk for pk in exclude if pk]
    region = str(_value(data, "problem_region"))
    hits: dict[int, dict[str, float]] = {}

    def hit(ids, kind, weight=None):
        for pk in ids:
            if pk not in exclude:
                hits.setdefault(pk, {})[kind] = WEIGHTS[kind] if weight is None else weight

    parties = PetitionParty.objects.values_list("petition_id", flat=True)
    for person in _people(data):
        id_number, phone = str(_value(person, "id_number")), str(_value(person, "phone"))
        name, home = str(_value(person, "name")).strip(), str(_value(person, "residence_region"))
        digest = str(_value(person, "id_number_hash"))
        if id_number and not digest:
            try:
                digest = crypto.keyed_hash(validate_id_number(id_number))
            except Exception:
                digest = ""
        if digest:
            hit(parties.filter(petitioner__id_number_hash=digest)[:50], "id")
        digest = str(_value(person, "phone_hash"))
        if phone and not digest:
            try:
                digest = crypto.keyed_hash(validate_phone(phone))
            except Exception:
                digest = ""
        if digest:
            hit(parties.filter(petitioner__phone_hash=digest)[:50], "phone")
        if name and (region or home):
            near = Q()
            for code in {region, home} - {""}:
                near |= Q(petition__problem_region_id=code) | Q(petitioner__residence_region_id=code)
            hit(parties.filter(near, petitioner__name=name[:50])[:50], "name_region")
    case_number = " ".join(str(_value(data, "case_number")).split())
    if case_number:  # the petition's and its instances' case numbers are one keyed token each in the index
        token = text.case_token(case_number)
        # no LIMIT in SQL: with one, PostgreSQL guesses that 0.5 % of rows hold any rare token and reads the
        # whole index table instead of the GIN index; one case number's petitions are few
        same_case = list(_indexed(f"'{token}'", f'"{token}"').values_list("petition_id", flat=True))
        hit(same_case[:50], "case")
    for pk, similarity in _matter_text_ids(data, region, exclude).items():
        hit([pk], "text", WEIGHTS["text"] * similarity)
    if not hits:
        return []
    petitions = Petition.objects.in_bulk(list(hits))
    visible = set(
        visible_petitions(user, Petition.objects.filter(pk__in=list(hits))).values_list("pk", flat=True)
    )
    candidates, elsewhere = [], None
    for pk, kinds in hits.items():
        p = petitions.get(pk)
        if p is None:
            continue
        score = min(1.0, sum(kinds.values()))
        if score < MIN_SCORE:
            continue
        closed = p.state == State.TERMINATED or p.terminated_at is not None or p.review_level >= 2
        if pk not in visible:
            if elsewhere is None:
                elsewhere = Candidate(petition=None, score=0.0, elsewhere=True)
            elsewhere.score = max(elsewhere.score, score)
            elsewhere.closed_matter = elsewhere.closed_matter or closed
            continue
        reasons = [REASONS[k] for k in ("id", "phone", "name_region", "case") if k in kinds]
        if "text" in kinds:
            reasons.append(_("内容相似（%(pct)s%%）") % {"pct": round(kinds["text"] / WEIGHTS["text"] * 100)})
        if closed:
            reasons.append(_("已终结") if p.state == State.TERMINATED or p.terminated_at else _("已复核办结"))
        candidates.append(Candidate(petition=p, score=score, reasons=reasons, closed_matter=closed))
    candidates.sort(key=lambda c: (-c.score, -c.petition.registered_at.timestamp()))
    candidates = candidates[:MAX_CANDIDATES]
    if elsewhere is not None:
        candidates.append(elsewhere)
    return candidates


def petition_intake_data(petition: Petition) -> dict:
    """A registered petition as the duplicate check's input (its people by their stored keyed hashes)."""
    return {
        "title": petition.title,
        "demands": petition.demands,
        "facts": petition.facts,
        "case_number": petition.case_number,
        "problem_region": petition.problem_region_id,
        "petitioners": [
            {
                "name": party.petitioner.name,
                "id_number_hash": party.petitioner.id_number_hash,
                "phone_hash": party.petitioner.phone_hash,
                "residence_region": party.petitioner.residence_region_id or "",
            }
            for party in petition.parties.select_related("petitioner").only(
                "petition_id",
                "petitioner__name",
                "petitioner__id_number_hash",
                "petitioner__phone_hash",
                "petitioner__residence_region",
            )  # keyed hashes only: nothing is decrypted
        ],
    }
