"""One sentence's words, found once and read by every stage that needs them.

The opinion rules, the hedge and idiom scans, the opinion model and its reasons
all read the same text (a sentence outside its quotations). :class:`SentenceWords`
holds it with its lower-cased form and its words, each computed once, on first
use; :class:`Phrases` finds a word list's phrases in the lower-cased text
without a case-insensitive scan, with the same result.

>>> w = SentenceWords("Iran's 'extremely' DANGEROUS game - it seems.")
>>> w.runs
("Iran's", "'extremely'", 'DANGEROUS', 'game', '-', 'it', 'seems')
>>> w.tokens
("Iran's", "extremely'", 'DANGEROUS', 'game', 'it', 'seems')
>>> w.words
("iran's", "extremely'", 'dangerous', 'game', 'it', 'seems')
>>> w.marker_words
("iran's", 'extremely', 'dangerous', 'game', '-', 'it', 'seems')
>>> Phrases(r"\\b(?:it seems|dangerous)\\b").find(w)
['dangerous', 'it seems']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon

#: The opinion model's words: a letter, then letters, apostrophes and hyphens. Inside
#: a run of ``lexicon.WORD`` there is at most one, from the run's first letter to its end.
WORD_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'-]*")

#: Characters that a case-insensitive scan matches to an ASCII letter ("ſ" to "s",
#: the Kelvin sign to "k", dotless "ı" and dotted "İ" to "i") but lower-casing does
#: not turn into it ("İ" even becomes two characters): where one occurs, a phrase
#: scan falls back to the case-insensitive pattern, so results never differ.
CASE_ODD = frozenset("\u0130\u0131\u017f\u212a")


class SentenceWords:
    """A text (a sentence outside its quotations) and its words, each computed once.

    - ``lower``: the text lower-cased, the same length as the text when ``caseless``;
    - ``runs``: runs of letters, apostrophes and hyphens (``lexicon.WORD``), as written;
    - ``tokens``: the runs that hold a letter, from their first letter on (the
      opinion model's words: ``[A-Za-z][A-Za-z’'-]*``);
    - ``words``: the tokens lower-cased;
    - ``marker_words``: the runs lower-cased, without apostrophes at either end.

    Read-only by design: every property is a tuple, so a stage cannot change what
    the next one reads.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        #: Lower-case scans give exactly the case-insensitive result on this text.
        self.caseless = CASE_ODD.isdisjoint(text)

    def __getattr__(self, name: str) -> tuple[str, ...]:
        # Each list of words is made on first use and kept as a plain attribute (this
        # method is not called for it again): many sentences need only ``lower``.
        make = _MAKE.get(name)
        if make is None:
            raise AttributeError(name)
        value = make(self)
        setattr(self, name, value)
        return value


def _runs(w: SentenceWords) -> tuple[str, ...]:
    return tuple(lexicon.WORD.findall(w.text))


def _lower_runs(w: SentenceWords) -> tuple[str, ...]:
    if w.caseless:
        return tuple(lexicon.WORD.findall(w.lower))
    return tuple(r.lower() for r in w.runs)


def _tokens(w: SentenceWords) -> tuple[str, ...]:
    return tuple(WORD_TOKEN.findall(w.text))


def _words(w: SentenceWords) -> tuple[str, ...]:
    if w.caseless:
        return tuple(WORD_TOKEN.findall(w.lower))
    return tuple(t.lower() for t in w.tokens)


def _marker_words(w: SentenceWords) -> tuple[str, ...]:
    return tuple([r.strip("’'") for r in w.lower_runs])


_MAKE = {
    "runs": _runs,
    "lower_runs": _lower_runs,
    "tokens": _tokens,
    "words": _words,
    "marker_words": _marker_words,
}


class Phrases:
    """A word list's pattern, matched in lower-cased text rather than with ``re.I``.

    ``pattern`` is written in lower case; :meth:`find` gives every match, lower-cased,
    as ``[m.group(0).lower() for m in re.compile(pattern, re.I).finditer(text)]``
    would, and :meth:`search` whether there is one.

    >>> hedges = Phrases(r"\\b(?:likely|it seems)\\b")
    >>> hedges.find(SentenceWords("It Seems LIKELY.")), hedges.search(SentenceWords("No."))
    (['it seems', 'likely'], False)
    >>> odd = SentenceWords("LIKELY, as the \u212aelvin sign is")  # scanned with re.I
    >>> odd.caseless, hedges.find(odd)
    (False, ['likely'])
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        self.any_case = re.compile(pattern, re.I)

    def find(self, words: SentenceWords) -> list[str]:
        if words.caseless:
            return [m.group(0) for m in self.pattern.finditer(words.lower)]
        return [m.group(0).lower() for m in self.any_case.finditer(words.text)]

    def spans(self, words: SentenceWords) -> Iterator[tuple[int, int]]:
        """Where each match stands in the text (lower-cased, the text keeps its length).

        >>> list(Phrases(r"\\bus\\b").spans(SentenceWords("Tell US, tell us.")))
        [(5, 7), (14, 16)]
        """
        found = self.pattern.finditer(words.lower) if words.caseless else None
        for m in found or self.any_case.finditer(words.text):
            yield m.span()

    def search(self, words: SentenceWords) -> bool:
        if words.caseless:
            return self.pattern.search(words.lower) is not None
        return self.any_case.search(words.text) is not None

    def match(self, words: SentenceWords) -> bool:
        if words.caseless:
            return self.pattern.match(words.lower) is not None
        return self.any_case.match(words.text) is not None

    def kinds(self, words: SentenceWords) -> set[str]:
        """The names of the groups ``(?P<name>…)`` that match somewhere in the text.

        For a pattern of named alternatives whose matches cannot overlap (no word of
        one is in another), one scan tells which of them a sentence holds.

        >>> Phrases(r"(?P<why>why)|(?P<must>must)").kinds(SentenceWords("Why? WHY?"))
        {'why'}
        """
        if words.caseless:
            return {m.lastgroup for m in self.pattern.finditer(words.lower)}  # type: ignore[misc]
        return {m.lastgroup for m in self.any_case.finditer(words.text)}  # type: ignore[misc]
