"""The text classifier behind routing suggestions and ``textmodel evaluate``: pure functions over texts and labels.

Features are TF-IDF over jieba words (unigrams and bigrams) and TF-IDF over character 1–3-grams (which catches
what segmentation splits badly: case numbers, names of units, rare terms), joined side by side; the classifier is
a logistic regression, whose probabilities are the confidence shown to the officer. docs/text-models.md compares
the variants measured (``METHODS``) and says why this one is the default.

Everything runs on a CPU with what ships in the packages (jieba's dictionary, scikit-learn): nothing is
downloaded. A fitted pipeline is plain Python objects (the tokenizer is a module-level function) so it pickles.
"""

import logging
import re
import statistics
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

_WORD_RE = re.compile(r"[^\W_]", re.UNICODE)
MAX_CHARS = 4000  # a petition's title, demands and facts are cut here: the start says what it is about
SEED = 2026


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # the dictionary ships inside the package
    return jieba


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", (text or "")[:MAX_CHARS]).casefold()


def words(text: str) -> list[str]:
    """jieba's words of ``text`` that contain a letter or digit (punctuation and spaces dropped)."""
    return list(_cut(text))


@lru_cache(maxsize=12_000)
def _cut(text: str) -> tuple[str, ...]:
    # cross-validation segments each text once, not once per fold; bounded, cleared after training
    # without jieba's HMM for unknown words: a third faster, and the character n-grams catch those words
    return tuple(w for w in _jieba().lcut(text, HMM=False) if _WORD_RE.search(w))


def _word_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        preprocessor=normalise,
        tokenizer=words,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        min_df=2,
        max_features=60_000,
        sublinear_tf=True,
        dtype=np.float32,
    )


def _char_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        preprocessor=normalise,
        analyzer="char_wb",
        ngram_range=(1, 3),
        min_df=2,
        max_features=80_000,
        sublinear_tf=True,
        dtype=np.float32,
    )


def _logreg(c: float = 10.0) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=300, tol=1e-3, class_weight="balanced")


def _svm(c: float = 0.5) -> CalibratedClassifierCV:
    # a linear SVM trains ~10× faster than the logistic regression on these features; its scores become
    # probabilities by sigmoid calibration on 3 internal folds (the confidence shown to the officer)
    return CalibratedClassifierCV(
        LinearSVC(C=c, class_weight="balanced"), method="sigmoid", cv=3, ensemble=False
    )


def build(method: str = "word+char", c: float | None = None) -> Pipeline:
    """A fresh, unfitted pipeline of ``method`` (one of ``METHODS``)."""
    if method == "word":
        features = FeatureUnion([("words", _word_vectorizer())])
    elif method == "char":
        features = FeatureUnion([("chars", _char_vectorizer())])
    else:
        features = FeatureUnion([("words", _word_vectorizer()), ("chars", _char_vectorizer())])
    if method == "word+char+svm":
        model = _svm(c or 0.5)
    elif method == "word+char+svm+tuned":
        # C chosen by an inner 3-fold search on the training part only (nested inside the outer folds)
        model = GridSearchCV(
            _svm(), {"estimator__C": [0.1, 0.3, 1.0, 3.0]}, cv=3, scoring="f1_macro", n_jobs=1, refit=True
        )
    else:
        model = _logreg(c or 10.0)
    return Pipeline([("features", features), ("model", model)])


METHODS = {
    "word": "jieba 词 TF-IDF（1–2 元）+ 逻辑回归",
    "char": "字 1–3 元 TF-IDF + 逻辑回归",
    "word+char": "词 + 字 TF-IDF + 逻辑回归（默认）",
    "word+char+svm": "词 + 字 TF-IDF + 线性 SVM（sigmoid 校准概率）",
    "word+char+svm+tuned": "词 + 字 TF-IDF + 线性 SVM，C 由内层 3 折交叉验证选择（嵌套）",
}
DEFAULT_METHOD = "word+char"


def fit(texts: list[str], labels: list[str], method: str = DEFAULT_METHOD) -> Pipeline:
    pipeline = build(method)
    if len(texts) < 50:
        # a handful of texts: min_df=2 would drop almost every term
        pipeline.set_params(**{f"features__{n}__min_df": 1 for n, _v in pipeline[0].transformer_list})
    smallest = min(Counter(labels).values())
    if method.startswith("word+char+svm") and smallest < 3:
        # calibration (and the inner search) split each class 3 ways: with fewer texts in a class, use the
        # logistic regression, whose probabilities need no held-out texts
        pipeline.set_params(model=_logreg())
    return pipeline.fit(texts, labels)


def fit_shared(texts_by_kind: dict[str, tuple[list[str], list[str]]], method: str = DEFAULT_METHOD) -> dict:
    """One feature extractor fitted on every kind's texts and one classifier ("head") per kind on top: a
    petition's text is segmented and vectorised once for all its suggestions, and once for the training."""
    every = list(dict.fromkeys(t for texts, _labels in texts_by_kind.values() for t in texts))
    template = build(method)
    if len(every) < 50:
        template.set_params(**{f"features__{n}__min_df": 1 for n, _v in template[0].transformer_list})
    features = template[0].fit(every)
    heads = {}
    for kind, (texts, labels) in texts_by_kind.items():
        head = clone(template[1])
        if method.startswith("word+char+svm") and min(Counter(labels).values()) < 3:
            head = _logreg()
        heads[kind] = head.fit(features.transform(texts), labels)
    return {"features": features, "heads": heads, "method": method}


def predict_shared(bundle: dict, text: str) -> dict[str, tuple[str, float, list[tuple[str, float]]]]:
    x = bundle["features"].transform([text])
    found = {}
    for kind, head in bundle["heads"].items():
        proba = head.predict_proba(x)[0]
        order = np.argsort(proba)[::-1]
        ranked = [(str(head.classes_[i]), float(proba[i])) for i in order]
        found[kind] = (ranked[0][0], ranked[0][1], ranked)
    return found


def forget_words() -> None:
    """Drop the segmentation memo (after a training or a cross-validation)."""
    _cut.cache_clear()


def predict(pipeline: Pipeline, text: str) -> tuple[str, float, list[tuple[str, float]]]:
    """The most likely label of ``text``, its probability, and every label's probability, highest first."""
    proba = pipeline.predict_proba([text])[0]
    classes = pipeline.classes_
    order = np.argsort(proba)[::-1]
    ranked = [(str(classes[i]), float(proba[i])) for i in order]
    return ranked[0][0], ranked[0][1], ranked


# ------------------------------------------------------------------------------------------------ evaluation
@dataclass
class Evaluation:
    folds: list[dict] = field(default_factory=list)
    labels: dict[str, dict] = field(default_factory=dict)
    n_texts: int = 0
    method: str = DEFAULT_METHOD
    train_seconds: float = 0.0  # mean time to fit one fold's model
    predict_ms: float = 0.0  # mean time to predict one text, one at a time

    def _stat(self, key: str, fn) -> float:
        values = [f[key] for f in self.folds]
        if not values:
            return 0.0
        return float(fn(values)) if len(values) > 1 or fn is statistics.fmean else 0.0

    @property
    def accuracy(self) -> float:
        return self._stat("accuracy", statistics.fmean)

    @property
    def accuracy_std(self) -> float:
        return self._stat("accuracy", statistics.stdev)

    @property
    def macro_f1(self) -> float:
        return self._stat("macro_f1", statistics.fmean)

    @property
    def macro_f1_std(self) -> float:
        return self._stat("macro_f1", statistics.stdev)

    def as_dict(self) -> dict:
        return {
            "method": self.method,
            "n_texts": self.n_texts,
            "accuracy": round(self.accuracy, 4),
            "accuracy_std": round(self.accuracy_std, 4),
            "macro_f1": round(self.macro_f1, 4),
            "macro_f1_std": round(self.macro_f1_std, 4),
            "folds": self.folds,
            "labels": self.labels,
            "train_seconds": round(self.train_seconds, 3),
            "predict_ms": round(self.predict_ms, 3),
        }


def _label_table(y_true: list[str], y_pred: list[str]) -> dict[str, dict]:
    names = sorted(set(y_true) | set(y_pred))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=names, zero_division=0)
    return {
        n: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4),
            "support": int(s[i])}
        for i, n in enumerate(names)
    }  # fmt: skip


def _score(pipeline, texts, labels, timing: list[float]) -> tuple[list[str], dict]:
    predicted = [str(x) for x in pipeline.predict(texts)]
    sample = texts[:20]
    started = time.perf_counter()
    for text in sample:
        pipeline.predict_proba([text])
    timing.append((time.perf_counter() - started) * 1000 / max(len(sample), 1))
    return predicted, {
        "n_test": len(texts),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "macro_f1": round(float(f1_score(labels, predicted, average="macro", zero_division=0)), 4),
    }


def cross_validate(
    texts: list[str], labels: list[str], *, folds: int = 5, method: str = DEFAULT_METHOD, progress=None
) -> Evaluation:
    """Stratified ``folds``-fold cross-validation; the per-label table pools every fold's held-out predictions.
    The caller has checked that every label has at least ``folds`` texts."""
    evaluation = Evaluation(n_texts=len(texts), method=method)
    y = np.asarray(labels)
    pooled_true: list[str] = []
    pooled_pred: list[str] = []
    fit_times: list[float] = []
    timing: list[float] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for number, (train, test) in enumerate(splitter.split(np.zeros(len(y)), y), start=1):
        started = time.perf_counter()
        model = fit([texts[i] for i in train], [labels[i] for i in train], method)
        fit_times.append(time.perf_counter() - started)
        test_texts, test_labels = [texts[i] for i in test], [labels[i] for i in test]
        predicted, scores = _score(model, test_texts, test_labels, timing)
        evaluation.folds.append({"fold": number, "n_train": len(train), **scores})
        pooled_true += test_labels
        pooled_pred += predicted
        if progress:
            progress(number, scores)
    forget_words()
    evaluation.labels = _label_table(pooled_true, pooled_pred)
    evaluation.train_seconds = statistics.fmean(fit_times) if fit_times else 0.0
    evaluation.predict_ms = statistics.fmean(timing) if timing else 0.0
    return evaluation


def holdout(
    train_texts: list[str],
    train_labels: list[str],
    test_texts: list[str],
    test_labels: list[str],
    *,
    method: str = DEFAULT_METHOD,
) -> Evaluation:
    """Train on one set, test on another (``--test-csv``): one "fold"."""
    evaluation = Evaluation(n_texts=len(train_texts) + len(test_texts), method=method)
    started = time.perf_counter()
    model = fit(train_texts, train_labels, method)
    evaluation.train_seconds = time.perf_counter() - started
    forget_words()
    timing: list[float] = []
    predicted, scores = _score(model, test_texts, test_labels, timing)
    evaluation.folds.append({"fold": 1, "n_train": len(train_texts), **scores})
    evaluation.labels = _label_table(test_labels, predicted)
    evaluation.predict_ms = timing[0] if timing else 0.0
    return evaluation


__all__ = ["build", "clone", "cross_validate", "fit", "holdout", "predict", "METHODS", "DEFAULT_METHOD"]
