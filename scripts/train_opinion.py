"""Rebuild datasette_sources/data/opinion_model.json, the opinion-sentence model.

Trains only on training data: NewsSD-ENG's train split (SUBJ = opinion) and
90% of BABE SG2 ("Expresses writer's opinion" = opinion, "Entirely factual" =
not). NewsSD-ENG's val and test splits and the other 10% of BABE SG2 (chosen by
a stable hash of the sentence, subjectivity.babe_held_out) are never seen;
evaluate on them with scripts/evaluate.py. BABE SG1 is not used: nearly all
of its sentences are also in SG2. The regularisation strength is picked by
5-fold cross-validation on the training data alone, and so is the probability
threshold (the one that maximises macro-F1 over the out-of-fold predictions).

Needs scikit-learn (a development tool only; the package itself does not):

    pip install scikit-learn
    python scripts/train_opinion.py --corpora ../shared/corpora
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasette_sources.reading import opinion_model as subjectivity  # noqa: E402
from datasette_sources.reading.quotations import mask_quotations, quotation_spans  # noqa: E402
from datasette_sources.reading.sentences import split_sentences  # noqa: E402
from datasette_sources.reading.voices import label_sentences  # noqa: E402

BOW_SCALE = 0.3
C_GRID = (0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.3 + 0.05 * i, 2) for i in range(9))


def newssd(corpora: Path, name: str) -> list[tuple[str, bool]]:
    path = corpora / "subjectivity" / f"newssd_eng_{name}.csv"
    with open(path, encoding="utf-8") as f:
        return [(r["Sentence"].strip(), r["Label"] == "SUBJ") for r in csv.DictReader(f)]


def babe(corpora: Path, name: str) -> list[tuple[str, bool]]:
    """The training part of BABE: every sentence not held out for evaluation."""
    out = []
    with open(corpora / "babe" / name, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f, delimiter=";"):
            if subjectivity.babe_held_out(r["text"]):
                continue
            lab = r["label_opinion"]
            if lab.startswith("Expresses"):
                out.append((r["text"].strip(), True))
            elif lab.startswith("Entirely"):
                out.append((r["text"].strip(), False))
    return out


def sentence_features(text: str) -> dict[str, float]:
    """Features as label() computes them, with the rules alone deciding rule_opinion."""
    sentences = label_sentences(split_sentences([text]), opinion_model=None)
    return subjectivity.features(
        text,
        mask_quotations(text, quotation_spans(text)),
        rule_opinion=any(s.kind == "opinion" for s in sentences),
        quote=any(s.kind == "quote" for s in sentences),
        attributed=any(s.kind == "attributed" for s in sentences),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--out", default=str(subjectivity.MODEL_PATH))
    args = parser.parse_args()

    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    corpora = Path(args.corpora)
    data = newssd(corpora, "train") + babe(corpora, "final_labels_SG2.csv")
    texts = [t for t, _ in data]
    y = np.array([label_ for _, label_ in data])
    feats = [sentence_features(t) for t in texts]
    names = sorted(feats[0])
    dense = np.array([[f[k] for k in names] for f in feats])

    def fit(idx, C):
        vec = CountVectorizer(
            lowercase=True,
            binary=True,
            min_df=3,
            max_features=3000,
            token_pattern=subjectivity.BOW_TOKEN.pattern,
        )
        bow = vec.fit_transform([texts[i] for i in idx]) * BOW_SCALE
        X = hstack([csr_matrix(dense[idx]), bow]).tocsr()
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X, y[idx])
        return vec, model

    def proba(vec, model, idx):
        X = hstack([csr_matrix(dense[idx]), vec.transform([texts[i] for i in idx]) * BOW_SCALE])
        return model.predict_proba(X.tocsr())[:, 1]

    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(dense, y))
    cv = {}
    for C in C_GRID:
        oof = np.zeros(len(y))
        for a, b in folds:
            oof[b] = proba(*fit(a, C), b)
        for t in THRESHOLDS:
            cv[(C, t)] = float(f1_score(y, oof >= t, average="macro"))
        top = max(THRESHOLDS, key=lambda t: cv[(C, t)])
        print(
            f"C={C}: 5-fold macro-F1 {cv[(C, 0.5)]:.3f} at 0.5, {cv[(C, top)]:.3f} at {top}",
            file=sys.stderr,
        )
    best, threshold = max(cv, key=cv.get)
    vec, model = fit(np.arange(len(texts)), best)
    coef = model.coef_[0]
    vocabulary = {
        word: round(float(coef[len(names) + j]), 4)
        for word, j in sorted(vec.vocabulary_.items())
        if abs(coef[len(names) + j]) >= 0.01
    }
    out = {
        "about": "Logistic regression for writer's-voice opinion sentences; "
        "see datasette_sources/reading/opinion_model.py",
        "trained_on": [
            "NewsSD-ENG train",
            "BABE SG2 training part: 90%, by subjectivity.babe_held_out "
            "(writer's opinion vs entirely factual)",
        ],
        "examples": len(texts),
        "C": best,
        "cv_macro_f1": round(cv[(best, threshold)], 4),
        "built": date.today().isoformat(),
        "threshold": threshold,
        "bow_scale": BOW_SCALE,
        "intercept": round(float(model.intercept_[0]), 4),
        "features": {k: round(float(w), 4) for k, w in zip(names, coef[: len(names)], strict=True)},
        "vocabulary": vocabulary,
    }
    Path(args.out).write_text(json.dumps(out, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: C={best}, threshold {threshold}, {len(vocabulary)} words, "
        f"cv macro-F1 {cv[(best, threshold)]:.3f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
