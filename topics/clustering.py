"""Grouping texts into near-duplicates and same-topic clusters: pure functions over token strings, no database.

The method, chosen for being well known, explainable and fast on a CPU:

1. TF-IDF over the words the search index already holds for each petition (``search.text.words``: jieba's
   search-mode segmentation, stop words dropped), sublinear term frequency, rows L2-normalised;
2. each text's ``neighbours`` nearest neighbours by cosine (scikit-learn ``NearestNeighbors``, brute force over
   the sparse matrix, computed in chunks);
3. an edge between two texts whose cosine similarity is at least ``threshold``, and between any two texts of the
   same original case number (a hard key, whatever their wording);
4. connected components of that graph are the clusters; a component whose members lie on average less than
   ``min_cohesion`` from its centroid (a chain of pairwise-similar texts drifting from one topic to another) is
   split again with a threshold raised by ``step``, until it holds together or reaches ``duplicate``.

A cluster's keywords are the heaviest terms of its centroid, skipping keyed hash tokens, numbers and words
contained in a keyword already chosen; each member's own key terms (its words weighted by the centroid's) are
kept too, so a page can label a cluster from only the members a user may see.
"""

import re
from collections import deque
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

THRESHOLD = 0.4  # same topic
DUPLICATE = 0.8  # near-duplicate: the same matter in nearly the same words
NEIGHBOURS = 10
MIN_COHESION = 0.3
STEP = 0.1
MIN_SIZE = 2
KEYWORDS = 5
DOC_TERMS = 4
WORKING_MEMORY_MB = 128  # bounds the nearest-neighbour search's memory whatever the number of texts

_KEYED = re.compile(r"^(cn|nm)[0-9a-f]{24}$")  # search.text.keyed_token: never a label
_LABEL = re.compile(r"^[^\W\d_]{2,}$")  # letters only (CJK included), two characters or more


@dataclass(frozen=True)
class Doc:
    """One text to cluster: ``text`` is space-separated tokens; ``case`` the normalised original case number."""

    text: str
    case: str = ""


@dataclass
class Group:
    members: list[int]  # indexes into the documents
    kind: str  # "case", "duplicate" or "topic" (topics.models.MatchKind)
    keywords: list[str]
    similarity: list[float]  # each member's cosine to the centroid
    cohesion: float  # their mean
    member_terms: list[list[str]] = field(default_factory=list)  # each member's words shared with the cluster


@dataclass
class Result:
    groups: list[Group] = field(default_factory=list)
    features: int = 0


def labelable(term: str) -> bool:
    return bool(_LABEL.match(term)) and not _KEYED.match(term)


def pick_labels(ranked: list[tuple[str, float]], limit: int) -> list[str]:
    """Up to ``limit`` labels from ``(term, weight)`` pairs, heaviest first. Search-mode segmentation gives a long
    word and its pieces (交通事故 → 交通, 事故, 通事): a piece gives way to a longer word holding it that weighs at
    least half as much, and a term inside (or around) a label already chosen is skipped."""
    usable = [(t, w) for t, w in ranked if labelable(t)]
    chosen: list[str] = []
    for term, weight in usable:
        longer = [t for t, w in usable if len(t) > len(term) and term in t and w >= weight / 2]
        if longer:
            term = max(longer, key=len)
        if any(term in c or c in term for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) >= limit:
            break
    return chosen


def _vectorise(docs: list[Doc]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(docs)
    vectoriser = TfidfVectorizer(
        analyzer=str.split,
        sublinear_tf=True,
        min_df=2 if n >= 20 else 1,
        max_df=0.5 if n >= 200 else 1.0,  # in a small set a word shared by half of it is what defines a topic
        dtype=np.float32,
    )
    try:
        matrix = vectoriser.fit_transform([d.text for d in docs])
    except ValueError:  # no word at all (empty texts, or every word pruned)
        return None, []
    return matrix.tocsr(), vectoriser.get_feature_names_out()


def _edges(matrix, neighbours: int, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from sklearn import config_context
    from sklearn.neighbors import NearestNeighbors

    n = matrix.shape[0]
    k = min(neighbours + 1, n)
    model = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(matrix)
    with config_context(working_memory=WORKING_MEMORY_MB):  # distances in row chunks of this size
        distances, indexes = model.kneighbors(matrix)
    similarity = 1.0 - distances
    rows = np.repeat(np.arange(n), k)
    cols, sims = indexes.ravel(), similarity.ravel()
    keep = (sims >= threshold) & (rows != cols)
    return rows[keep], cols[keep], sims[keep]


def _case_edges(docs: list[Doc]) -> tuple[np.ndarray, np.ndarray]:
    first: dict[str, int] = {}
    rows, cols = [], []
    for i, doc in enumerate(docs):
        if not doc.case:
            continue
        if doc.case in first:
            rows.append(first[doc.case])
            cols.append(i)
        else:
            first[doc.case] = i
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def _components(members: np.ndarray, rows, cols) -> list[np.ndarray]:
    """Connected components among ``members`` (global indexes) of the edges ``rows``–``cols`` (global)."""
    local_r = np.searchsorted(members, rows)  # members are ascending
    local_c = np.searchsorted(members, cols)
    size = len(members)
    graph = coo_matrix((np.ones(len(local_r), dtype=np.int8), (local_r, local_c)), shape=(size, size))
    count, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(count + 1))
    return [members[order[bounds[i] : bounds[i + 1]]] for i in range(count)]


def _centroid(matrix, members: np.ndarray) -> np.ndarray:
    centroid = np.asarray(matrix[members].mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    return centroid / norm if norm else centroid


def cluster_documents(
    docs: list[Doc],
    *,
    threshold: float = THRESHOLD,
    duplicate: float = DUPLICATE,
    neighbours: int = NEIGHBOURS,
    min_cohesion: float = MIN_COHESION,
    min_size: int = MIN_SIZE,
) -> Result:
    """Clusters of at least ``min_size`` documents, largest first, with their keywords and their members' own."""
    n = len(docs)
    result = Result()
    if n < min_size:
        return result
    matrix, names = _vectorise(docs)
    case_r, case_c = _case_edges(docs)
    if matrix is not None:
        result.features = matrix.shape[1]
        text_r, text_c, text_s = _edges(matrix, neighbours, threshold)
    else:
        text_r = text_c = np.array([], dtype=np.int64)
        text_s = np.array([], dtype=np.float32)

    queue = deque([(np.arange(n), threshold)])
    finished: list[np.ndarray] = []
    while queue:
        members, level = queue.popleft()
        inside = np.zeros(n, dtype=bool)
        inside[members] = True
        keep = inside[text_r] & inside[text_c] & (text_s >= level)
        case_keep = inside[case_r] & inside[case_c] if len(case_r) else np.zeros(0, dtype=bool)
        rows = np.concatenate([text_r[keep], case_r[case_keep]])
        cols = np.concatenate([text_c[keep], case_c[case_keep]])
        for component in _components(members, rows, cols):
            if len(component) < min_size:
                continue
            if matrix is not None and len(component) > 2 and level + STEP <= duplicate + 1e-9:
                centroid = _centroid(matrix, component)
                cohesion = float(np.mean(matrix[component] @ centroid))
                if cohesion < min_cohesion:
                    queue.append((component, round(level + STEP, 3)))
                    continue
            finished.append(component)

    for component in finished:
        result.groups.append(_group(docs, matrix, names, component, duplicate))
    result.groups.sort(key=lambda g: (-len(g.members), g.members[0]))
    return result


def _group(docs, matrix, names, component: np.ndarray, duplicate: float) -> Group:
    members = sorted(int(m) for m in component)
    cases = {docs[m].case for m in members}
    if matrix is None:
        similarity = [1.0] * len(members)
        keywords: list[str] = []
        member_terms: list[list[str]] = [[] for _ in members]
    else:
        centroid = _centroid(matrix, np.array(members))
        rows = matrix[members]
        similarity = [float(s) for s in (rows @ centroid)]
        ranked = np.argsort(-centroid, kind="stable")[:60]
        keywords = pick_labels([(names[c], float(centroid[c])) for c in ranked if centroid[c] > 0], KEYWORDS)
        shared = rows.multiply(centroid.reshape(1, -1)).tocsr()  # a member's words, weighted by the cluster's
        member_terms = []
        for i in range(len(members)):
            start, end = shared.indptr[i], shared.indptr[i + 1]
            weights, columns = shared.data[start:end], shared.indices[start:end]
            order = np.argsort(-weights, kind="stable")[:40]
            member_terms.append(
                pick_labels([(names[columns[o]], float(weights[o])) for o in order], DOC_TERMS)
            )
    cohesion = float(np.mean(similarity)) if similarity else 0.0
    if len(cases) == 1 and "" not in cases:
        kind = "case"
    elif cohesion >= duplicate:
        kind = "duplicate"
    else:
        kind = "topic"
    return Group(
        members=members,
        kind=kind,
        keywords=keywords,
        similarity=[round(s, 4) for s in similarity],
        cohesion=round(cohesion, 4),
        member_terms=member_terms,
    )
