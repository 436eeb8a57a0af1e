"""Is a sentence in the writer's own voice an opinion? A small, explainable model.

The rules in :mod:`datasette_sources.reading.opinion` catch the plain cases ("an
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

import hashlib
import json
import math
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from . import lexicon

MODEL_PATH = Path(__file__).parent.parent / "data" / "opinion_model.json"

WORD_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'-]*")
#: The bag-of-words tokens: the same pattern the training script gives scikit-learn.
BOW_TOKEN = re.compile(r"\b[a-zA-Z][a-zA-Z']+\b")
MODALS = frozenset("may might could would should must ought can cannot".split())
STANCE_WORDS = frozenset(
    "indeed fact simply merely just even only really actually certainly surely clearly "
    "obviously apparently perhaps still yet already hardly nearly quite rather somewhat "
    "truly".split()
)
_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|\d{4})\b"
)


@lru_cache(maxsize=1)
def subjectivity_lexicon() -> dict[str, tuple[float, float]]:
    """word -> (|polarity|, subjectivity), from textblob's en-sentiment.xml (Pattern's lexicon)."""
    sums: dict[str, list[float]] = {}
    root = ET.parse(lexicon.package_file("textblob", "en", "en-sentiment.xml")).getroot()
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
    text = lexicon.package_file("vaderSentiment", "vader_lexicon.txt").read_text(encoding="utf-8")
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
    text = lexicon.package_file("textblob", "en", "en-lexicon.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        bits = line.split()
        if len(bits) >= 2 and not line.startswith(";"):
            out.setdefault(bits[0].lower(), bits[1])
    return out


def _cap(x: float, top: float) -> float:
    return min(top, x) / top


NEGATIONS = frozenset("not no never n’t n't nothing none".split())
GENERIC_WORDS = frozenset("always never everyone nobody all every nothing".split())
_BE = frozenset("is are was were be been".split())
FIRST_PERSON_WORDS = frozenset("we our us i my me".split())
SECOND_PERSON_WORDS = frozenset("you your".split())
_PRESCRIPTIVE = re.compile(r"\b(?:should|must|needs? to|ought to|ha(?:ve|s) to)\b", re.I)
_IT_IS = re.compile(r"\b(?:it|this|that|which)\s+(?:is|was|’s|'s|seems|remains)\b", re.I)
_CONJ_START = re.compile(r"\s*(?:but|and|so|yet|or|nor)\b", re.I)
_RHETORICAL = re.compile(r"\b(?:why|how can|what if|who would)\b", re.I)
_MONEY = re.compile(r"%|percent|per cent|\$|million|billion")
_DIGITS = re.compile(r"\d+")


def features(
    text: str,
    outside: str | None = None,
    *,
    rule_opinion: bool = False,
    quote: bool = False,
    attributed: bool = False,
    hedges: int | None = None,
    idioms: int | None = None,
) -> dict[str, float]:
    """Features of one sentence; ``outside`` is its text with quotations blanked out.

    ``hedges`` and ``idioms``, when the caller has counted them already, save a search.

    Every value is in 0..1 so that the weights can be compared with each other.
    """
    outside = text if outside is None else outside
    subj_lex, val_lex, pos = subjectivity_lexicon(), valence_lexicon(), part_of_speech()
    tokens = WORD_TOKEN.findall(outside)
    words = [w.lower() for w in tokens]
    n = max(1, len(words))
    subj: list[float] = []
    pol: list[float] = []
    val: list[float] = []
    tags: dict[str, int] = {}
    counts = dict.fromkeys(
        ("eval", "intens", "modal", "neg", "superl", "comp", "ly", "be", "stance"), 0
    )
    first = second = generic = False
    for token, w in zip(tokens, words, strict=True):
        sp = subj_lex.get(w)
        if sp is not None:
            pol.append(sp[0])
            subj.append(sp[1])
        v = val_lex.get(w)
        if v is not None:
            val.append(v)
        tag = pos.get(w, "NN")
        tags[tag[:2]] = tags.get(tag[:2], 0) + 1
        if tag[0] == "W":
            tags["W"] = tags.get("W", 0) + 1
        if tag in ("VBD", "VBN"):
            tags["past"] = tags.get("past", 0) + 1
        elif tag in ("VBZ", "VBP"):
            tags["present"] = tags.get("present", 0) + 1
        if w in lexicon.EVALUATIVE:
            counts["eval"] += 1
        if w in lexicon.INTENSIFIERS:
            counts["intens"] += 1
        if w in MODALS:
            counts["modal"] += 1
        if w in NEGATIONS:
            counts["neg"] += 1
        if w in _BE:
            counts["be"] += 1
        if w in STANCE_WORDS:
            counts["stance"] += 1
        if w in ("most", "least") or (w.endswith("est") and len(w) > 4):
            counts["superl"] += 1
        if w in ("more", "less"):
            counts["comp"] += 1
        if len(w) >= 6 and w.endswith("ly"):
            counts["ly"] += 1
        first = first or (w in FIRST_PERSON_WORDS and token != "US")
        second = second or w in SECOND_PERSON_WORDS
        generic = generic or w in GENERIC_WORDS

    def share(tag: str, scale: float) -> float:
        return min(1.0, tags.get(tag, 0) / n * scale)

    caps = sum(1 for w in tokens[1:] if w[0].isupper())
    return {
        "tb_subj_mean": sum(subj) / len(subj) if subj else 0.0,
        "tb_subj_max": max(subj) if subj else 0.0,
        "tb_subj_sum": _cap(sum(subj), 3),
        "tb_pol_mean": sum(pol) / len(pol) if pol else 0.0,
        "vader_sum": _cap(sum(val), 8),
        "vader_max": _cap(max(val) if val else 0.0, 4),
        "vader_n": _cap(len(val), 5),
        "eval": _cap(counts["eval"], 3),
        "intens": _cap(counts["intens"], 3),
        "modal": _cap(counts["modal"], 3),
        "hedge": _cap(len(lexicon.HEDGES.findall(outside)) if hedges is None else hedges, 2),
        "idiom": _cap(len(lexicon.IDIOMS.findall(outside)) if idioms is None else idioms, 2),
        "first": 1.0 if first else 0.0,
        "second": 1.0 if second else 0.0,
        "question": 1.0 if "?" in outside else 0.0,
        "exclaim": 1.0 if "!" in outside else 0.0,
        "digits": _cap(len(_DIGITS.findall(outside)), 3),
        "propn": min(1.0, caps / n * 3),
        "len": _cap(n, 60),
        "quote": 1.0 if quote else 0.0,
        "attributed": 1.0 if (quote or attributed) else 0.0,
        "rule_opinion": 1.0 if rule_opinion else 0.0,
        "neg": _cap(counts["neg"], 2),
        "superl": _cap(counts["superl"], 2),
        "comp": _cap(counts["comp"], 2),
        "ly": _cap(counts["ly"], 3),
        "date": 1.0 if _DATE.search(outside) else 0.0,
        "pct": 1.0 if _MONEY.search(outside) else 0.0,
        "generic": 1.0 if generic else 0.0,
        "be": _cap(counts["be"], 2),
        "pos_adj": share("JJ", 4),
        "pos_adv": share("RB", 5),
        "pos_md": share("MD", 10),
        "pos_prp": share("PR", 5),
        "pos_vbd": share("past", 5),
        "pos_vbz": share("present", 5),
        "pos_cd": share("CD", 10),
        "pos_wh": share("W", 10),
        "stance": _cap(counts["stance"], 3),
        "presc": 1.0 if _PRESCRIPTIVE.search(outside) else 0.0,
        "it_is": 1.0 if _IT_IS.search(outside) else 0.0,
        "conj_start": 1.0 if _CONJ_START.match(outside) else 0.0,
        "rhet": 1.0 if _RHETORICAL.search(outside) else 0.0,
    }


def babe_held_out(sentence: str) -> bool:
    """Is this BABE sentence in the held-out 10% that the model never trains on?

    BABE has no official split (and SG1 is nearly all inside SG2), so the split
    is a stable hash of the sentence text: the same on every machine and run.

    >>> babe_held_out("Some sentence.") in (True, False)
    True
    """
    digest = hashlib.sha1(" ".join(sentence.split()).encode("utf-8")).digest()
    return digest[0] % 10 < 1


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
    hedges: int | None = None,
    idioms: int | None = None,
) -> float:
    """Probability that ``text`` states the writer's opinion, 0..1."""
    return score_opinion(
        text,
        outside,
        rule_opinion=rule_opinion,
        quote=quote,
        attributed=attributed,
        model=model,
        hedges=hedges,
        idioms=idioms,
    )[0]


def score_opinion(
    text: str,
    outside: str | None = None,
    *,
    rule_opinion: bool = False,
    quote: bool = False,
    attributed: bool = False,
    model: dict | None = None,
    hedges: int | None = None,
    idioms: int | None = None,
) -> tuple[float, list[tuple[float, str]]]:
    """The probability, and what pushed it up: (contribution, feature or ``word:w``), largest first.

    >>> p, parts = score_opinion("Iran is playing an extremely dangerous game.", rule_opinion=True)
    >>> parts[0][1]
    'eval'
    """
    model = model or load_model()
    f = features(
        text,
        outside,
        rule_opinion=rule_opinion,
        quote=quote,
        attributed=attributed,
        hedges=hedges,
        idioms=idioms,
    )
    z = model["intercept"]
    weights = model["features"]
    parts: list[tuple[float, str]] = []
    for name, value in f.items():
        c = weights.get(name, 0.0) * value
        z += c
        if c > 0:
            parts.append((c, name))
    vocab = model["vocabulary"]
    scale = model.get("bow_scale", 1.0)
    for t in bag_of_words(text):
        c = scale * vocab.get(t, 0.0)
        z += c
        if c > 0:
            parts.append((c, "word:" + t))
    parts.sort(reverse=True)
    return 1.0 / (1.0 + math.exp(-z)), parts
