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
from .opinion_model import load_model, score_opinion
from .opinion_reasons import explain_opinion
from .quotations import mask_quotations, quotation_spans

#: ``opinion_model`` default: the model shipped in the package.
SHIPPED_MODEL = object()


def opinion_markers(outside: str) -> tuple[list[str], int]:
    """The writer's-voice markers of opinion, and how many of them are idioms."""
    markers: list[str] = []
    words = [w.lower().strip("’'") for w in lexicon.WORD.findall(outside)]
    for i, w in enumerate(words):
        if (
            w in lexicon.EVALUATIVE
            or w in lexicon.INTENSIFIERS
            and i + 1 < len(words)
            and words[i + 1] in lexicon.EVALUATIVE
        ):
            markers.append(w)
    idioms = [m.group(0).lower() for m in lexicon.IDIOMS.finditer(outside)]
    markers += idioms
    for m in lexicon.FIRST_PERSON.finditer(outside):
        w = m.group(0)
        if w == "US" or (w == "I" and outside[m.end() : m.end() + 1] == "."):
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
    sentences: list[Sentence], opinion_model: object = SHIPPED_MODEL
) -> list[Sentence]:
    """Set every sentence's hedges, and judge each ``author`` sentence opinion or not.

    The rules (evaluative words, idioms, first person, hedges, two weak modals) decide
    alone when ``opinion_model`` is None; otherwise they are one feature of the model
    in :mod:`~datasette_sources.reading.opinion_model`, whose probability is kept.
    """
    if opinion_model is SHIPPED_MODEL:
        opinion_model = load_model()
    for s in sentences:
        outside = mask_quotations(s.text, quotation_spans(s.text))
        s.hedges = [m.group(0).lower() for m in lexicon.HEDGES.finditer(outside)]
        if s.kind != "author":
            continue
        s.opinion_markers, idioms = opinion_markers(outside)
        weak = re.findall(r"\b(may|might|could|would)\b", outside)
        rule = bool(s.opinion_markers or s.hedges or len(weak) >= 2)
        rule_reasons = [*s.opinion_markers, *(f"hedge: {h}" for h in s.hedges)]
        if len(weak) >= 2 and not rule_reasons:
            rule_reasons.append("modal verbs: " + ", ".join(dict.fromkeys(weak)))
        if opinion_model is None:
            s.kind = "opinion" if rule else "author"
            s.opinion_reasons = rule_reasons if rule else []
            continue
        probability, parts = score_opinion(
            s.text,
            outside,
            rule_opinion=rule,
            model=opinion_model,  # type: ignore[arg-type]
            hedges=len(s.hedges),
            idioms=idioms,
        )
        s.opinion_score = round(probability, 4)
        threshold = opinion_model.get("threshold", 0.5)  # type: ignore[union-attr]
        if s.opinion_score < threshold:
            continue
        # Every opinion says why: the rules' markers, then what weighed most in the model.
        reasons = rule_reasons + [
            r for r in explain_opinion(s.text, outside, parts) if not _said(r, rule_reasons)
        ]
        if reasons:
            s.kind, s.opinion_reasons = "opinion", reasons[:5]
    return sentences
