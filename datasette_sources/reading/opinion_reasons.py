"""Why a sentence is the writer's opinion, in words a reader understands.

The opinion model (:mod:`.opinion_model`) weighs many features; a reader is told
the few that weighed most, with the sentence's own words behind each: "judging
words: dangerous", "hedging: almost certainly", 'the word “clearly”'.

>>> from datasette_sources.reading.opinion_model import score_opinion
>>> t = "Iran is playing an extremely dangerous game."
>>> explain_opinion(t, t, score_opinion(t, rule_opinion=True)[1])[0]
'judging words: dangerous'
"""

from __future__ import annotations

from . import lexicon
from .opinion_words import (
    FIRST_PERSON_WORDS,
    GENERIC_WORDS,
    MODALS,
    NEGATIONS,
    SECOND_PERSON_WORDS,
    STANCE_WORDS,
    part_of_speech,
    subjectivity_lexicon,
    valence_lexicon,
)
from .tokens import Phrases, SentenceWords

#: What a feature says about a sentence, in words a reader understands.
FEATURE_REASONS = {
    "eval": "judging words",
    "intens": "intensifiers",
    "stance": "stance words",
    "modal": "modal verbs",
    "hedge": "hedging",
    "idiom": "a judging turn of phrase",
    "first": "the writer speaks as I or we",
    "second": "addresses the reader as you",
    "generic": "sweeping words",
    "neg": "negation",
    "superl": "superlatives",
    "ly": "manner adverbs",
    "tb_subj_sum": "subjective words",
    "tb_subj_mean": "subjective words",
    "tb_pol_mean": "charged words",
    "vader_sum": "emotionally loaded words",
    "vader_max": "emotionally loaded words",
    "exclaim": "an exclamation",
    "question": "a question",
    "rhet": "a rhetorical question",
    "presc": "says what should be done",
    "it_is": "an 'it is …' judgement",
    "pos_adj": "descriptive adjectives",
    "pos_adv": "adverbs",
    "pos_wh": "a question word",
    "be": "a statement of what something is",
    "conj_start": "opens with a conjunction, as argument does",
    "rule_opinion": "opinion markers",
    "pos_vbz": "the present tense",
    "pos_prp": "pronouns",
}


#: Words the model weighs that explain nothing to a reader on their own.
_PLAIN_WORDS = frozenset(
    """
    a an the is are was were be been it its this that these those his her their our if and
    or but of to in on at for with by from as into than then there here he she they we you
    i me him them us have has had do does did will would can could not no so just now
    """.split()
)


_HEDGES = Phrases(lexicon.HEDGES.pattern)
_IDIOMS = Phrases(lexicon.IDIOMS.pattern)


#: Features counted from a word list: the sentence's words on it.
_LISTED = {
    "eval": lexicon.EVALUATIVE,
    "intens": lexicon.INTENSIFIERS,
    "stance": STANCE_WORDS,
    "modal": MODALS,
    "first": FIRST_PERSON_WORDS,
    "second": SECOND_PERSON_WORDS,
    "generic": GENERIC_WORDS,
    "neg": NEGATIONS,
}


def _subjective(w: str) -> bool:
    return (subjectivity_lexicon().get(w) or (0, 0))[1] >= 0.5


def _charged(w: str) -> bool:
    return (subjectivity_lexicon().get(w) or (0, 0))[0] >= 0.3


def _loaded(w: str) -> bool:
    return valence_lexicon().get(w, 0) >= 1.5


#: Features of a word's form or lexicon values: which words show them.
_SHOWN_BY = {
    "superl": lambda w: w in ("most", "least") or (w.endswith("est") and len(w) > 4),
    "ly": lambda w: len(w) >= 6 and w.endswith("ly"),
    "tb_subj_sum": _subjective,
    "tb_subj_mean": _subjective,
    "tb_pol_mean": _charged,
    "vader_sum": _loaded,
    "vader_max": _loaded,
    "pos_adj": lambda w: part_of_speech().get(w, "")[:2] == "JJ",
    "pos_adv": lambda w: part_of_speech().get(w, "")[:2] == "RB",
}


def _words_for(feature: str, sentence: SentenceWords) -> list[str]:
    """The words of the sentence behind ``feature``, at most three, in order."""
    words = sentence.words
    pick: list[str] = []
    if feature == "hedge":
        pick = _HEDGES.find(sentence)
    elif feature == "idiom":
        pick = _IDIOMS.find(sentence)
    elif feature in _LISTED:
        listed = _LISTED[feature]
        pick = [w for w in words if w in listed]
    else:
        test = _SHOWN_BY.get(feature)
        if test:
            pick = [w for w in words if test(w)]
    out: list[str] = []
    for w in pick:
        if w not in out:
            out.append(w)
    return out[:3]


def explain_opinion(
    text: str,
    outside: str,
    parts: list[tuple[float, str]],
    top: int = 3,
    words: SentenceWords | None = None,
) -> list[str]:
    """The model's reasons for calling a sentence opinion, in words a reader understands.

    The ``top`` largest contributions of :func:`score_opinion` (each at least a
    tenth of the largest), as "judging words: dangerous" or 'the word "clearly"'.
    ``words``: the words of ``outside``, when the caller has them already.

    >>> from datasette_sources.reading.opinion_model import score_opinion
    >>> t = "Iran is playing an extremely dangerous game."
    >>> explain_opinion(t, t, score_opinion(t, rule_opinion=True)[1])[0]
    'judging words: dangerous'
    """
    if not parts:
        return []
    if words is None or words.text != outside:
        words = SentenceWords(outside)
    reasons: list[str] = []
    floor = parts[0][0] / 10
    for c, name in parts:
        if len(reasons) >= top + 2 or c < floor:
            break
        if name.startswith("word:"):
            reason = f"the word “{name[5:]}”"
        else:
            label = FEATURE_REASONS.get(name)
            if not label:
                continue
            found = _words_for(name, words)
            reason = f"{label}: {', '.join(found)}" if found else label
        if reason not in reasons:
            reasons.append(reason)
    # "the word “is”" says little: shown only when nothing better is there.
    telling = [r for r in reasons if r[10:-1] not in _PLAIN_WORDS]
    return (telling or reasons)[:top]
