"""Is a sentence in the writer's own voice an opinion? A small, explainable model.

The rules in :mod:`datasette_sources.sentences` catch the plain cases ("an
extremely dangerous game", "almost certainly"). Many opinions carry no such
marker: "The spender of public money will never want followers." This module
scores a sentence from general features of subjective writing — subjectivity
and valence lexicons (the ones shipped in textblob and vaderSentiment), the
share of adjectives, adverbs, modals and present-tense verbs, specifics such as
numbers, dates and names that point the other way — plus a binary bag of words,
combined by a logistic regression whose weights ship in ``data/opinion_model.json``.

The weights are trained only on training data (NewsSD-ENG train and BABE SG2)
and rebuilt by ``scripts/train_opinion.py``; nothing is downloaded.

>>> p = opinion_probability("Iran is playing an extremely dangerous game.", rule_opinion=True)
>>> p > 0.5
True
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import lexicon

MODEL_PATH = Path(__file__).parent / "data" / "opinion_model.json"

_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
#: The bag-of-words tokens: the same pattern the training script gives scikit-learn.
BOW_TOKEN = re.compile(r"\b[a-zA-Z][a-zA-Z']+\b")
_MODALS = frozenset("may might could would should must ought can cannot".split())
_STANCE = frozenset(
    "indeed fact simply merely just even only really actually certainly surely clearly "
    "obviously apparently perhaps still yet already hardly nearly quite rather somewhat "
    "truly".split()
)
_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|\d{4})\b"
)


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


@lru_cache(maxsize=1)
def subjectivity_lexicon() -> dict[str, tuple[float, float]]:
    """word -> (|polarity|, subjectivity), from textblob's en-sentiment.xml (Pattern's lexicon)."""
    sums: dict[str, list[float]] = {}
    root = ET.parse(_package_file("textblob", "en", "en-sentiment.xml")).getroot()
    for w in root:
        form = (w.get("form") or "").lower()
        if not form or " " in form:
            continue
        acc = sums.setdefault(form, [0.0, 0.0, 0.0])
        acc[0] += abs(float(w.get("polarity") or 0))
        acc[1] += float(w.get("subjectivity") or 0)
        acc[2] += 1
    return {k: (p / n, s / n) for k, (p, s, n) in sums.items()}


@lru_cache(maxsize=1)
def valence_lexicon() -> dict[str, float]:
    """word -> |valence| from VADER's lexicon (vaderSentiment's vader_lexicon.txt)."""
    out: dict[str, float] = {}
    text = _package_file("vaderSentiment", "vader_lexicon.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        bits = line.split("\t")
        if len(bits) >= 2:
            try:
                out[bits[0].lower()] = abs(float(bits[1]))
            except ValueError:
                pass
    return out


@lru_cache(maxsize=1)
def part_of_speech() -> dict[str, str]:
    """word -> its most likely Penn tag, from textblob's copy of Brill's lexicon."""
    out: dict[str, str] = {}
    text = _package_file("textblob", "en", "en-lexicon.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        bits = line.split()
        if len(bits) >= 2 and not line.startswith(";"):
            out.setdefault(bits[0].lower(), bits[1])
    return out


def _cap(x: float, top: float) -> float:
    return min(top, x) / top


def features(
    text: str,
    outside: str | None = None,
    *,
    rule_opinion: bool = False,
    quote: bool = False,
    attributed: bool = False,
) -> dict[str, float]:
    """Features of one sentence; ``outside`` is its text with quotations blanked out.

    Every value is in 0..1 so that the weights can be compared with each other.
    """
    outside = text if outside is None else outside
    subj_lex, val_lex, pos = subjectivity_lexicon(), valence_lexicon(), part_of_speech()
    tokens = _WORD.findall(outside)
    words = [w.lower() for w in tokens]
    n = max(1, len(words))
    subj = [subj_lex[w][1] for w in words if w in subj_lex]
    pol = [subj_lex[w][0] for w in words if w in subj_lex]
    val = [val_lex[w] for w in words if w in val_lex]
    tags = [pos.get(w, "NN") for w in words]

    def share(prefixes: tuple[str, ...], scale: float) -> float:
        return min(1.0, sum(1 for t in tags if t.startswith(prefixes)) / n * scale)

    caps = sum(1 for w in tokens[1:] if w[0].isupper())
    f = {
        "tb_subj_mean": sum(subj) / len(subj) if subj else 0.0,
        "tb_subj_max": max(subj) if subj else 0.0,
        "tb_subj_sum": _cap(sum(subj), 3),
        "tb_pol_mean": sum(pol) / len(pol) if pol else 0.0,
        "vader_sum": _cap(sum(val), 8),
        "vader_max": _cap(max(val) if val else 0.0, 4),
        "vader_n": _cap(len(val), 5),
        "eval": _cap(sum(w in lexicon.EVALUATIVE for w in words), 3),
        "intens": _cap(sum(w in lexicon.INTENSIFIERS for w in words), 3),
        "modal": _cap(sum(w in _MODALS for w in words), 3),
        "hedge": _cap(len(lexicon.HEDGES.findall(outside)), 2),
        "idiom": _cap(len(lexicon.IDIOMS.findall(outside)), 2),
        "first": 1.0
        if re.search(r"\b(we|our|us|i|my|me)\b", outside.replace("US", ""), re.I)
        else 0.0,
        "second": 1.0 if re.search(r"\byou\b|\byour\b", outside, re.I) else 0.0,
        "question": 1.0 if "?" in outside else 0.0,
        "exclaim": 1.0 if "!" in outside else 0.0,
        "digits": _cap(len(re.findall(r"\d+", outside)), 3),
        "propn": min(1.0, caps / n * 3),
        "len": _cap(n, 60),
        "quote": 1.0 if quote else 0.0,
        "attributed": 1.0 if (quote or attributed) else 0.0,
        "rule_opinion": 1.0 if rule_opinion else 0.0,
        "neg": _cap(len(re.findall(r"\b(not|no|never|n’t|n't|nothing|none)\b", outside)), 2),
        "superl": _cap(len(re.findall(r"\b(most|least|\w+est)\b", outside)), 2),
        "comp": _cap(len(re.findall(r"\b(more|less|\w{3,}er than)\b", outside)), 2),
        "ly": _cap(len(re.findall(r"\b\w{4,}ly\b", outside)), 3),
        "date": 1.0 if _DATE.search(outside) else 0.0,
        "pct": 1.0 if re.search(r"%|percent|per cent|\$|million|billion", outside) else 0.0,
        "generic": 1.0
        if re.search(r"\b(always|never|everyone|nobody|all|every|nothing)\b", outside, re.I)
        else 0.0,
        "be": _cap(len(re.findall(r"\b(is|are|was|were|be|been)\b", outside)), 2),
        "pos_adj": share(("JJ",), 4),
        "pos_adv": share(("RB",), 5),
        "pos_md": share(("MD",), 10),
        "pos_prp": share(("PRP",), 5),
        "pos_vbd": share(("VBD", "VBN"), 5),
        "pos_vbz": share(("VBZ", "VBP"), 5),
        "pos_cd": share(("CD",), 10),
        "pos_wh": share(("W",), 10),
        "stance": _cap(sum(w in _STANCE for w in words), 3),
        "presc": 1.0
        if re.search(r"\b(should|must|need to|needs to|ought to|have to|has to)\b", outside, re.I)
        else 0.0,
        "it_is": 1.0
        if re.search(r"\b(it|this|that|which)\s+(is|was|’s|'s|seems|remains)\b", outside, re.I)
        else 0.0,
        "conj_start": 1.0 if re.match(r"\s*(but|and|so|yet|or|nor)\b", outside, re.I) else 0.0,
        "rhet": 1.0 if re.search(r"\b(why|how can|what if|who would)\b", outside, re.I) else 0.0,
    }
    return f


def bag_of_words(text: str) -> set[str]:
    """The lowercased tokens the model's vocabulary is looked up with."""
    return {t.lower() for t in BOW_TOKEN.findall(text)}


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict:
    """The shipped weights: intercept, feature and word weights, and how they were made."""
    return json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8"))


def opinion_probability(
    text: str,
    outside: str | None = None,
    *,
    rule_opinion: bool = False,
    quote: bool = False,
    attributed: bool = False,
    model: dict | None = None,
) -> float:
    """Probability that ``text`` states the writer's opinion, 0..1."""
    model = model or load_model()
    f = features(text, outside, rule_opinion=rule_opinion, quote=quote, attributed=attributed)
    z = model["intercept"]
    weights = model["features"]
    for name, value in f.items():
        z += weights.get(name, 0.0) * value
    vocab = model["vocabulary"]
    scale = model.get("bow_scale", 1.0)
    z += scale * sum(vocab.get(t, 0.0) for t in bag_of_words(text))
    return 1.0 / (1.0 + math.exp(-z))
