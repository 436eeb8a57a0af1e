"""Is a sentence in the writer's own voice an opinion? Markers, hedges and the model.

Only sentences of kind ``author`` (no quotation, no attribution) can become
``opinion``: a quoted or reported opinion is the source's, not the writer's.

>>> from datasette_sources.reading.sentences import split_sentences
>>> s = split_sentences(["Iran is playing an extremely dangerous game."])
>>> mark_opinions(s, opinion_model=None)[0].kind, s[0].opinion_markers
('opinion', ['extremely', 'dangerous', 'playing an extremely dangerous game'])
>>> s = mark_opinions(split_sentences(["Iran is playing an extremely dangerous game."]))
>>> s[0].opinion_reasons[:2]
['extremely', 'dangerous']
"""

from __future__ import annotations

import re

from ..model import Sentence
from . import lexicon
from .opinion_model import (
    contributions,
    feature_values,
    load_model,
    model_words,
    probability_of,
)
from .opinion_reasons import explain_opinion
from .quotations import mask_quotations, quotation_spans
from .tokens import Phrases, SentenceWords

#: ``opinion_model`` default: the model shipped in the package.
SHIPPED_MODEL = object()

#: The word lists' phrases, found in lower-cased text (the same matches as with re.I).
HEDGE_PHRASES = Phrases(lexicon.HEDGES.pattern)
IDIOM_PHRASES = Phrases(lexicon.IDIOMS.pattern)
FIRST_PERSON_PHRASES = Phrases(lexicon.FIRST_PERSON.pattern)
_WEAK_MODAL = re.compile(r"\b(may|might|could|would)\b")


def sentence_words(s: Sentence) -> SentenceWords:
    """The words of a sentence outside its quotations: what every stage of its reading reads.

    >>> sentence_words(Sentence('“We will go,” he said.')).text
    '              he said.'
    """
    return SentenceWords(mask_quotations(s.text, quotation_spans(s.text)))


def opinion_markers(outside: str, words: SentenceWords | None = None) -> tuple[list[str], int]:
    """The writer's-voice markers of opinion, and how many of them are idioms.

    ``words``: the words of ``outside``, when the caller has them already.

    >>> opinion_markers("We are very wrong, and it is time to say so.")
    (['it is time', 'first person: we'], 1)
    """
    if words is None or words.text != outside:
        words = SentenceWords(outside)
    markers: list[str] = []
    marker_words = words.marker_words
    # An intensifier counts only before an evaluative word: none, no word marker.
    if not lexicon.EVALUATIVE.isdisjoint(marker_words):
        last = len(marker_words) - 1
        for i, w in enumerate(marker_words):
            if (
                w in lexicon.EVALUATIVE
                or w in lexicon.INTENSIFIERS
                and i < last
                and marker_words[i + 1] in lexicon.EVALUATIVE
            ):
                markers.append(w)
    idioms = IDIOM_PHRASES.find(words)
    markers += idioms
    for start, end in FIRST_PERSON_PHRASES.spans(words):
        w = outside[start:end]
        if w == "US" or (w == "I" and outside[end : end + 1] == "."):
            continue  # the country, or an initial
        markers.append("first person: " + w.lower())
        break
    return markers, len(idioms)


def _said(reason: str, already: list[str]) -> bool:
    """Does a model reason repeat what the rules' reasons already say?

    >>> _said("judging words: dangerous", ["extremely", "dangerous"]), _said("a question", [])
    (True, False)
    >>> _said("opinion markers", ["dangerous"])
    True
    """
    if reason == "opinion markers":
        return bool(already)  # the rules' markers, already listed one by one
    if ": " not in reason:
        return reason in already
    words = reason.split(": ", 1)[1].split(", ")
    said = " ".join(already).replace("first person: ", "")
    return all(w in said for w in words)


def mark_opinions(
    sentences: list[Sentence],
    opinion_model: object = SHIPPED_MODEL,
    words: list[SentenceWords] | None = None,
) -> list[Sentence]:
    """Set every sentence's hedges, and judge each ``author`` sentence opinion or not.

    The rules (evaluative words, idioms, first person, hedges, two weak modals) decide
    alone when ``opinion_model`` is None; otherwise they are one feature of the model
    in :mod:`~datasette_sources.reading.opinion_model`, whose probability is kept.
    ``words``: each sentence's :func:`sentence_words`, when the caller has them.
    """
    if opinion_model is SHIPPED_MODEL:
        opinion_model = load_model()
    if words is None:
        words = [sentence_words(s) for s in sentences]
    for s, sentence in zip(sentences, words, strict=True):
        # One tokenisation of the sentence, read by the rules, the model and its reasons.
        outside = sentence.text
        s.hedges = HEDGE_PHRASES.find(sentence)
        if s.kind != "author":
            continue
        s.opinion_markers, idioms = opinion_markers(outside, sentence)
        weak = _WEAK_MODAL.findall(outside)
        rule = bool(s.opinion_markers or s.hedges or len(weak) >= 2)
        rule_reasons = [*s.opinion_markers, *(f"hedge: {h}" for h in s.hedges)]
        if len(weak) >= 2 and not rule_reasons:
            rule_reasons.append("modal verbs: " + ", ".join(dict.fromkeys(weak)))
        if opinion_model is None:
            s.kind = "opinion" if rule else "author"
            s.opinion_reasons = rule_reasons if rule else []
            continue
        values = feature_values(
            s.text,
            outside,
            rule_opinion=rule,
            hedges=len(s.hedges),
            idioms=idioms,
            words=sentence,
        )
        bag = model_words(s.text, sentence)
        s.opinion_score = round(probability_of(values, bag, opinion_model), 4)  # type: ignore[arg-type]
        threshold = opinion_model.get("threshold", 0.5)  # type: ignore[union-attr]
        if s.opinion_score < threshold:
            continue  # not an opinion: no reasons to work out
        parts = contributions(values, bag, opinion_model)  # type: ignore[arg-type]
        # Every opinion says why: the rules' markers, then what weighed most in the model.
        reasons = rule_reasons + [
            r
            for r in explain_opinion(s.text, outside, parts, words=sentence)
            if not _said(r, rule_reasons)
        ]
        if reasons:
            s.kind, s.opinion_reasons = "opinion", reasons[:5]
    return sentences
