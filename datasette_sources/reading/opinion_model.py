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
from collections.abc import Mapping
from functools import lru_cache, reduce
from itertools import repeat
from operator import add, mul
from pathlib import Path
from types import MappingProxyType

from . import lexicon
from .opinion_words import (
    FIRST_PERSON_WORDS,
    GENERIC_WORDS,
    MODALS,
    NEGATIONS,
    SECOND_PERSON_WORDS,
    STANCE_WORDS,
    packed_counts,
    part_of_speech,
    subjectivity_lexicon,
    unpack_counts,
    valence_lexicon,
    word_entry,
    word_table,
)
from .tokens import Phrases, SentenceWords

#: Where these names were first defined: the training script and the reasons read them here.
__all__ = [
    "FIRST_PERSON_WORDS",
    "GENERIC_WORDS",
    "MODALS",
    "NEGATIONS",
    "SECOND_PERSON_WORDS",
    "STANCE_WORDS",
    "part_of_speech",
    "subjectivity_lexicon",
    "valence_lexicon",
    "FEATURE_NAMES",
    "features",
    "feature_values",
    "score_opinion",
    "model_words",
    "probability_of",
    "contributions",
    "opinion_probability",
    "load_model",
    "bag_of_words",
    "babe_held_out",
]

MODEL_PATH = Path(__file__).parent.parent / "data" / "opinion_model.json"

#: The bag-of-words tokens: the same pattern the training script gives scikit-learn.
BOW_TOKEN = re.compile(r"\b[a-zA-Z][a-zA-Z']+\b")
_BOW_LOWER = re.compile(r"\b[a-z][a-z']+\b")
_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|\d{4})\b"
)


# Searched in the lower-cased text (tokens.Phrases), as a case-insensitive scan would find them.
# Their words are distinct, so no match of one overlaps one of another: one scan finds
# whether each occurs, as a search for each would.
_STANCE_PHRASES = Phrases(
    r"(?P<presc>\b(?:should|must|needs? to|ought to|ha(?:ve|s) to)\b)"
    r"|(?P<it_is>\b(?:it|this|that|which)\s+(?:is|was|’s|'s|seems|remains)\b)"
    r"|(?P<rhet>\b(?:why|how can|what if|who would)\b)"
)
_CONJ_START = Phrases(r"\s*(?:but|and|so|yet|or|nor)\b")
_DATE_PARTS = ("day", "uary", "March", "April", "May", "June", "July", "August", "ber")
_MONEY = re.compile(r"%|percent|per cent|\$|million|billion")
_DIGITS = re.compile(r"\d+")


#: The model's features, in the order :func:`feature_values` gives them and the weights
#: are added up in (the order of the sums decides the last bits of a probability).
FEATURE_NAMES = (
    "tb_subj_mean tb_subj_max tb_subj_sum tb_pol_mean vader_sum vader_max vader_n eval "
    "intens modal hedge idiom first second question exclaim digits propn len quote "
    "attributed rule_opinion neg superl comp ly date pct generic be pos_adj pos_adv pos_md "
    "pos_prp pos_vbd pos_vbz pos_cd pos_wh stance presc it_is conj_start rhet"
).split()


def features(text: str, outside: str | None = None, **options: object) -> dict[str, float]:
    """Features of one sentence; ``outside`` is its text with quotations blanked out.

    ``options`` are :func:`feature_values`' (``rule_opinion``, ``quote``, ``attributed``,
    ``hedges``, ``idioms``, ``words``). Every value is in 0..1 so that the weights can be
    compared with each other.

    >>> f = features("Iran is playing an extremely dangerous game.")
    >>> f["eval"], f["intens"], f["be"], f["pos_adj"]
    (0.3333333333333333, 0.3333333333333333, 0.5, 0.5714285714285714)
    """
    return dict(zip(FEATURE_NAMES, feature_values(text, outside, **options), strict=True))


def feature_values(
    text: str,
    outside: str | None = None,
    *,
    rule_opinion: bool = False,
    quote: bool = False,
    attributed: bool = False,
    hedges: int | None = None,
    idioms: int | None = None,
    words: SentenceWords | None = None,
) -> list[float]:
    """:func:`features`' values as a list in :data:`FEATURE_NAMES`' order (no dictionary).

    ``hedges`` and ``idioms``, when the caller has counted them already, save a search;
    ``words``, the words of ``outside`` when the caller has them already, a tokenisation.

    Scoring reads them by position against a weight vector, one multiplication each,
    where a dictionary of names cost more than computing the values.

    >>> dict(zip(FEATURE_NAMES, feature_values("Why?")))["rhet"]
    1.0
    """
    outside = text if outside is None else outside
    if words is None or words.text != outside:
        words = SentenceWords(outside)
    table = word_table()
    tokens, lower = words.tokens, words.words
    n = max(1, len(tokens))
    # In word order, as the sums below must add them (floating point).
    subj = [x for x in map(table.subjectivity.get, lower) if x is not None]
    pol = [x for x in map(table.polarity.get, lower) if x is not None]
    val = [x for x in map(table.valence.get, lower) if x is not None]
    known = table.counts
    packed = sum(map(known.get, lower, repeat(0)))
    for w in [w for w in lower if w not in known]:
        packed += packed_counts(word_entry(w).counts)
    (jj, rb, md, pr, cd, wh, past, present, evaluative, intens, modal, neg, be, stance_words,
     second, generic, superl, comp, ly, first, us) = unpack_counts(packed)  # fmt: skip
    first = first > 0 or (
        us > 0 and any(t != "US" for t in tokens if len(t) == 2 and t.lower() == "us")
    )
    caps = sum([w[0].isupper() for w in tokens[1:]])
    stance = _STANCE_PHRASES.kinds(words)
    digits = _DIGITS.findall(outside)
    # Every day and month name holds one of these (the year a digit): else no search.
    may_date = bool(digits) or any(part in outside for part in _DATE_PARTS)
    if hedges is None:
        hedges = len(lexicon.HEDGES.findall(outside))
    if idioms is None:
        idioms = len(lexicon.IDIOMS.findall(outside))
    sum_subj = sum(subj)
    # Each value as min(top, x) / top (0..1), written out: a call for each cost more.
    return [
        sum_subj / len(subj) if subj else 0.0,
        max(subj) if subj else 0.0,
        min(3, sum_subj) / 3,
        sum(pol) / len(pol) if pol else 0.0,
        min(8, sum(val)) / 8,
        min(4, max(val) if val else 0.0) / 4,
        min(5, len(val)) / 5,
        min(3, evaluative) / 3,
        min(3, intens) / 3,
        min(3, modal) / 3,
        min(2, hedges) / 2,
        min(2, idioms) / 2,
        1.0 if first else 0.0,
        1.0 if second else 0.0,
        1.0 if "?" in outside else 0.0,
        1.0 if "!" in outside else 0.0,
        min(3, len(digits)) / 3,
        min(1.0, caps / n * 3),
        min(60, n) / 60,
        1.0 if quote else 0.0,
        1.0 if (quote or attributed) else 0.0,
        1.0 if rule_opinion else 0.0,
        min(2, neg) / 2,
        min(2, superl) / 2,
        min(2, comp) / 2,
        min(3, ly) / 3,
        1.0 if may_date and _DATE.search(outside) else 0.0,
        1.0 if _MONEY.search(outside) else 0.0,
        1.0 if generic else 0.0,
        min(2, be) / 2,
        min(1.0, jj / n * 4),
        min(1.0, rb / n * 5),
        min(1.0, md / n * 10),
        min(1.0, pr / n * 5),
        min(1.0, past / n * 5),
        min(1.0, present / n * 5),
        min(1.0, cd / n * 10),
        min(1.0, wh / n * 10),
        min(3, stance_words) / 3,
        1.0 if "presc" in stance else 0.0,
        1.0 if "it_is" in stance else 0.0,
        1.0 if _CONJ_START.match(words) else 0.0,
        1.0 if "rhet" in stance else 0.0,
    ]


def babe_held_out(sentence: str) -> bool:
    """Is this BABE sentence in the held-out 10% that the model never trains on?

    BABE has no official split (and SG1 is nearly all inside SG2), so the split
    is a stable hash of the sentence text: the same on every machine and run.

    >>> babe_held_out("Some sentence.") in (True, False)
    True
    """
    digest = hashlib.sha1(" ".join(sentence.split()).encode("utf-8")).digest()
    return digest[0] % 10 < 1


def bag_of_words(text: str, words: SentenceWords | None = None) -> set[str]:
    """The lowercased tokens the model's vocabulary is looked up with.

    ``words``: ``text``'s words, when the caller has them: its lower-cased form is
    searched instead (the same tokens, in the same order, so the same set).

    >>> sorted(bag_of_words("It's A Test, a test."))
    ["it's", 'test']
    """
    if words is not None and words.caseless and words.text == text:
        return set(_BOW_LOWER.findall(words.lower))
    return {t.lower() for t in BOW_TOKEN.findall(text)}


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> Mapping:
    """The shipped weights: intercept, feature and word weights, and how they were made.

    Read-only (mappings and tuples all the way down), as everything a cached function
    returns: no caller can change the model the next sentence is scored with.

    >>> model = load_model()
    >>> model["features"]["eval"] > 0, isinstance(model["vocabulary"], dict)
    (True, False)
    """
    return _read_only(json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8")))


def _read_only(value: object) -> object:
    """JSON data with every dict a read-only mapping and every list a tuple."""
    if isinstance(value, dict):
        return MappingProxyType({k: _read_only(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_read_only(v) for v in value)
    return value


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
    words: SentenceWords | None = None,
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
        words=words,
    )[0]


def score_opinion(
    text: str,
    outside: str | None = None,
    *,
    rule_opinion: bool = False,
    quote: bool = False,
    attributed: bool = False,
    model: Mapping | None = None,
    hedges: int | None = None,
    idioms: int | None = None,
    words: SentenceWords | None = None,
) -> tuple[float, list[tuple[float, str]]]:
    """The probability, and what pushed it up: (contribution, feature or ``word:w``), largest first.

    :func:`feature_values`, :func:`model_words`, then :func:`probability_of` and
    :func:`contributions`: a caller that needs the reasons of only some sentences
    (the opinions) calls those steps itself.

    >>> p, parts = score_opinion("Iran is playing an extremely dangerous game.", rule_opinion=True)
    >>> parts[0][1]
    'eval'
    """
    model = model or load_model()
    values = feature_values(
        text,
        outside,
        rule_opinion=rule_opinion,
        quote=quote,
        attributed=attributed,
        hedges=hedges,
        idioms=idioms,
        words=words,
    )
    bag = model_words(text, words)
    return probability_of(values, bag, model), contributions(values, bag, model)


def model_words(text: str, words: SentenceWords | None = None) -> set[str]:
    """The words of ``text`` the model's vocabulary is looked up with (:func:`bag_of_words`).

    ``words``: ``text``'s words when the caller has them (a sentence with no quotation
    in it), lower-cased already.
    """
    if words is not None and words.text == text:
        return bag_of_words(text, words)
    return bag_of_words(text)


def probability_of(values: list[float], bag: set[str], model: Mapping) -> float:
    """The model's probability from a sentence's :func:`feature_values` and :func:`model_words`.

    The weighted values are added one by one in the features' order, then the words'
    (in the set's order): the same sums, to the last bit, as :func:`contributions`
    makes (a zero adds nothing). ``reduce`` does the adding without a Python loop.

    >>> model = load_model()
    >>> text = "Iran is playing an extremely dangerous game."
    >>> probability_of(feature_values(text), model_words(text), model) > 0.5
    True
    """
    weights, weight_of, scale = _weights(model)
    z = reduce(add, map(mul, weights, values), model["intercept"])
    z = reduce(add, [scale * w for w in map(weight_of, bag) if w], z)
    return 1.0 / (1.0 + math.exp(-z))


def contributions(values: list[float], bag: set[str], model: Mapping) -> list[tuple[float, str]]:
    """What pushed a sentence's probability up: (contribution, feature or ``word:w``),
    largest first.

    >>> text = "Iran is playing an extremely dangerous game."
    >>> values = feature_values(text, rule_opinion=True)
    >>> contributions(values, model_words(text), load_model())[0][1]
    'eval'
    """
    weights, weight_of, scale = _weights(model)
    weighted = zip(map(mul, weights, values), FEATURE_NAMES, strict=True)
    parts = [(c, name) for c, name in weighted if c > 0]
    for t in bag:
        weight = weight_of(t)
        if weight and scale * weight > 0:
            parts.append((scale * weight, "word:" + t))
    parts.sort(reverse=True)
    return parts


#: A few models' weights as :func:`_weights` prepares them, with the model itself: a
#: model object is kept alive here, so its ``id`` is not reused while it is cached.
_PREPARED: dict[int, tuple[Mapping, tuple[tuple[float, ...], object, float]]] = {}


def _weights(model: Mapping) -> tuple[tuple[float, ...], object, float]:
    """``model``'s feature weights in :data:`FEATURE_NAMES`' order, its vocabulary's
    look-up and its bag-of-words scale, prepared once per model.

    The vocabulary is a private plain copy (faster to read than the read-only view);
    nothing returned here is handed to callers, so no caller can change a model. Only
    read-only models (:func:`load_model`'s) are kept: a plain dict may change between calls.
    """
    found = _PREPARED.get(id(model))
    if found is not None and found[0] is model:
        return found[1]
    named = model["features"]
    prepared = (
        tuple(float(named.get(name, 0.0)) for name in FEATURE_NAMES),
        dict(model["vocabulary"]).get,
        model.get("bow_scale", 1.0),
    )
    if not isinstance(model, MappingProxyType):
        return prepared
    if len(_PREPARED) >= 8:
        _PREPARED.clear()
    _PREPARED[id(model)] = (model, prepared)
    return prepared
