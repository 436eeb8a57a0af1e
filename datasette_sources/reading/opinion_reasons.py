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
from .opinion_model import (
    FIRST_PERSON_WORDS,
    GENERIC_WORDS,
    MODALS,
    NEGATIONS,
    SECOND_PERSON_WORDS,
    STANCE_WORDS,
    WORD_TOKEN,
    part_of_speech,
    subjectivity_lexicon,
    valence_lexicon,
)

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


def _words_for(feature: str, words: list[str], outside: str) -> list[str]:
    """The words of the sentence behind ``feature``, at most three, in order."""
    subj, val, pos = subjectivity_lexicon(), valence_lexicon(), part_of_speech()
    pick: list[str] = []
    if feature == "hedge":
        pick = [m.group(0).lower() for m in lexicon.HEDGES.finditer(outside)]
    elif feature == "idiom":
        pick = [m.group(0).lower() for m in lexicon.IDIOMS.finditer(outside)]
    else:
        test = {
            "eval": lambda w: w in lexicon.EVALUATIVE,
            "intens": lambda w: w in lexicon.INTENSIFIERS,
            "stance": lambda w: w in STANCE_WORDS,
            "modal": lambda w: w in MODALS,
            "first": lambda w: w in FIRST_PERSON_WORDS,
            "second": lambda w: w in SECOND_PERSON_WORDS,
            "generic": lambda w: w in GENERIC_WORDS,
            "neg": lambda w: w in NEGATIONS,
            "superl": lambda w: w in ("most", "least") or (w.endswith("est") and len(w) > 4),
            "ly": lambda w: len(w) >= 6 and w.endswith("ly"),
            "tb_subj_sum": lambda w: (subj.get(w) or (0, 0))[1] >= 0.5,
            "tb_subj_mean": lambda w: (subj.get(w) or (0, 0))[1] >= 0.5,
            "tb_pol_mean": lambda w: (subj.get(w) or (0, 0))[0] >= 0.3,
            "vader_sum": lambda w: val.get(w, 0) >= 1.5,
            "vader_max": lambda w: val.get(w, 0) >= 1.5,
            "pos_adj": lambda w: pos.get(w, "")[:2] == "JJ",
            "pos_adv": lambda w: pos.get(w, "")[:2] == "RB",
        }.get(feature)
        if test:
            pick = [w for w in words if test(w)]
    out: list[str] = []
    for w in pick:
        if w not in out:
            out.append(w)
    return out[:3]


def explain_opinion(
    text: str, outside: str, parts: list[tuple[float, str]], top: int = 3
) -> list[str]:
    """The model's reasons for calling a sentence opinion, in words a reader understands.

    The ``top`` largest contributions of :func:`score_opinion` (each at least a
    tenth of the largest), as "judging words: dangerous" or 'the word "clearly"'.

    >>> from datasette_sources.reading.opinion_model import score_opinion
    >>> t = "Iran is playing an extremely dangerous game."
    >>> explain_opinion(t, t, score_opinion(t, rule_opinion=True)[1])[0]
    'judging words: dangerous'
    """
    if not parts:
        return []
    words = [w.lower() for w in WORD_TOKEN.findall(outside)]
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
            found = _words_for(name, words, outside)
            reason = f"{label}: {', '.join(found)}" if found else label
        if reason not in reasons:
            reasons.append(reason)
    # "the word “is”" says little: shown only when nothing better is there.
    telling = [r for r in reasons if r[10:-1] not in _PLAIN_WORDS]
    return (telling or reasons)[:top]
