"""The words the opinion model reads, merged into one table: one lookup per word.

The model (:mod:`.opinion_model`) reads in each word its subjectivity and
polarity (textblob's lexicon), its valence (VADER's), its likely part of speech
(Brill's lexicon, as textblob ships it) and the word lists it is on (evaluative,
modal, negation...). :func:`word_table` merges all of them once, word by word,
and packs each word's counts into one integer, so that a sentence's counts are
one sum of its words' integers.

>>> entry = word_table().entry("dangerous")
>>> entry.valence, entry.counts
(2.1, ('JJ', 'eval'))
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from . import lexicon

MODALS = frozenset("may might could would should must ought can cannot".split())
STANCE_WORDS = frozenset(
    "indeed fact simply merely just even only really actually certainly surely clearly "
    "obviously apparently perhaps still yet already hardly nearly quite rather somewhat "
    "truly".split()
)

NEGATIONS = frozenset("not no never n’t n't nothing none".split())
GENERIC_WORDS = frozenset("always never everyone nobody all every nothing".split())
BE_WORDS = frozenset("is are was were be been".split())
FIRST_PERSON_WORDS = frozenset("we our us i my me".split())
SECOND_PERSON_WORDS = frozenset("you your".split())


@lru_cache(maxsize=1)
def subjectivity_lexicon() -> Mapping[str, tuple[float, float]]:
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
    return MappingProxyType({k: (p / n, s / n) for k, (p, s, n) in sums.items()})


@lru_cache(maxsize=1)
def valence_lexicon() -> Mapping[str, float]:
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
    return MappingProxyType(out)


@lru_cache(maxsize=1)
def part_of_speech() -> Mapping[str, str]:
    """word -> its most likely Penn tag, from textblob's copy of Brill's lexicon."""
    out: dict[str, str] = {}
    text = lexicon.package_file("textblob", "en", "en-lexicon.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        bits = line.split()
        if len(bits) >= 2 and not line.startswith(";"):
            out.setdefault(bits[0].lower(), bits[1])
    return MappingProxyType(out)


#: The word lists features count, by the name of their count.
WORD_LISTS = (
    ("eval", lexicon.EVALUATIVE),
    ("intens", lexicon.INTENSIFIERS),
    ("modal", MODALS),
    ("neg", NEGATIONS),
    ("be", BE_WORDS),
    ("stance", STANCE_WORDS),
    ("second", SECOND_PERSON_WORDS),
    ("generic", GENERIC_WORDS),
)


class WordEntry(NamedTuple):
    """What the model reads in one lower-case word, looked up once: see :func:`word_table`."""

    #: (|polarity|, subjectivity) from textblob's lexicon, or None.
    subjectivity: tuple[float, float] | None
    #: |valence| from VADER's lexicon, or None.
    valence: float | None
    #: The counts the word adds to: its tag's first two letters, "W", "past" or
    #: "present", and the word lists it is on ("eval", "modal", "first", ...).
    counts: tuple[str, ...]


def word_entry(w: str) -> WordEntry:
    """Everything :func:`features` reads in the lower-case word ``w``, from the lexicons.

    >>> word_entry("dangerous")
    WordEntry(subjectivity=(0.6, 0.9), valence=2.1, counts=('JJ', 'eval'))
    >>> word_entry("xyzzyly").counts
    ('NN', 'ly')
    """
    tag = part_of_speech().get(w, "NN")
    counts = list(tag_counts(tag))
    for key, words in WORD_LISTS:
        if w in words:
            counts.append(key)
    counts += shape_counts(w)
    return WordEntry(subjectivity_lexicon().get(w), valence_lexicon().get(w), tuple(counts))


def tag_counts(tag: str) -> tuple[str, ...]:
    """The counts a word's part of speech adds to.

    >>> tag_counts("WDT"), tag_counts("VBZ")
    (('WD', 'W'), ('VB', 'present'))
    """
    counts = [tag[:2]]
    if tag[0] == "W":
        counts.append("W")
    if tag in ("VBD", "VBN"):
        counts.append("past")
    elif tag in ("VBZ", "VBP"):
        counts.append("present")
    return tuple(counts)


def shape_counts(w: str) -> tuple[str, ...]:
    """The counts a word adds to by its form: superlatives, comparatives, -ly, first person.

    >>> shape_counts("greatest"), shape_counts("us"), shape_counts("table")
    (('superl',), ('us',), ())
    """
    counts = []
    if w in ("most", "least") or (w.endswith("est") and len(w) > 4):
        counts.append("superl")
    if w in ("more", "less"):
        counts.append("comp")
    if len(w) >= 6 and w.endswith("ly"):
        counts.append("ly")
    # "US" the country is no first person; the token's case decides (see features).
    if w in FIRST_PERSON_WORDS:
        counts.append("us" if w == "us" else "first")
    return tuple(counts)


#: The counts features reads, each a field of ``COUNT_BITS`` bits in one integer, so
#: that a sentence's counts are one sum of its words' integers (see :func:`word_table`).
COUNTED = (
    "JJ RB MD PR CD W past present eval intens modal neg be stance second generic "
    "superl comp ly first us"
).split()
COUNT_BITS = 32
_FIELD = {key: 1 << (COUNT_BITS * i) for i, key in enumerate(COUNTED)}


def packed_counts(counts: tuple[str, ...]) -> int:
    """A word's counts as one integer: ``COUNT_BITS`` bits per key of ``COUNTED``.

    >>> unpack(packed_counts(("JJ", "eval")) * 2 + packed_counts(("RB",)))["eval"]
    2
    """
    return sum(_FIELD[k] for k in counts if k in _FIELD)


_UNPACKED = struct.Struct(f"<{len(COUNTED)}I")


def unpack_counts(packed: int) -> tuple[int, ...]:
    """The counts summed into ``packed``, in ``COUNTED``'s order.

    >>> unpack_counts(packed_counts(("JJ", "eval")))[:2]
    (1, 0)
    """
    return _UNPACKED.unpack(packed.to_bytes(_UNPACKED.size, "little"))


def unpack(packed: int) -> dict[str, int]:
    """The counts summed into ``packed``, by key (each field an unsigned 32-bit integer)."""
    return dict(zip(COUNTED, unpack_counts(packed), strict=True))


class WordTable(NamedTuple):
    """The model's lexicons and word lists merged, word -> what features reads in it.

    One table per field, so that a sentence is read with one C-level lookup per word
    and field: ``polarity`` and ``subjectivity`` for words in textblob's lexicon,
    ``valence`` for words in VADER's, ``counts`` (packed, :func:`packed_counts`) for
    every word of any lexicon or list. A word missing from ``counts`` is in none of
    them: its entry is :func:`word_entry`'s, as for every word.
    """

    polarity: Mapping[str, float]
    subjectivity: Mapping[str, float]
    valence: Mapping[str, float]
    counts: Mapping[str, int]

    def entry(self, w: str) -> WordEntry:
        """``w``'s :class:`WordEntry` as the tables hold it: its counts only those features reads.

        >>> word_table().entry("dangerous") == word_entry("dangerous")
        True
        """
        known = w in self.subjectivity
        return WordEntry(
            (self.polarity[w], self.subjectivity[w]) if known else None,
            self.valence.get(w),
            unpacked_keys(self.counts.get(w) or packed_counts(word_entry(w).counts)),
        )


def unpacked_keys(packed: int) -> tuple[str, ...]:
    """The keys of a word's packed counts, each as often as counted, in ``COUNTED`` order."""
    return tuple(k for k, n in unpack(packed).items() for _ in range(n))


@lru_cache(maxsize=1)
def word_table() -> WordTable:
    """One table for every word any of the model's lexicons or word lists holds: one
    lookup per word instead of one per lexicon and list. Read-only, as everything a
    cached function returns. Built field by field (a tenth of a second), each word's
    counts as :func:`word_entry` gives them (a test compares every word).

    >>> table = word_table()
    >>> table.valence["dangerous"], unpack(table.counts["dangerous"])["eval"]
    (2.1, 1)
    """
    subjectivity, pos = subjectivity_lexicon(), part_of_speech()
    vocabulary = set(subjectivity) | set(valence_lexicon()) | set(pos)
    for _, words in WORD_LISTS:
        vocabulary |= words
    vocabulary |= FIRST_PERSON_WORDS | {"most", "least", "more", "less"}
    by_tag = {tag: packed_counts(tag_counts(tag)) for tag in {*pos.values(), "NN"}}
    counts = {w: by_tag[pos.get(w, "NN")] for w in vocabulary}
    for key, words in WORD_LISTS:
        for w in words:
            counts[w] += _FIELD[key]
    for w in vocabulary:
        if w.endswith(("est", "ly")) or w in _SHAPED:
            counts[w] += packed_counts(shape_counts(w))
    return WordTable(
        MappingProxyType({w: p for w, (p, _) in subjectivity.items()}),
        MappingProxyType({w: s for w, (_, s) in subjectivity.items()}),
        valence_lexicon(),
        MappingProxyType(counts),
    )


#: Words whose form alone adds a count without ending in -est or -ly.
_SHAPED = FIRST_PERSON_WORDS | {"most", "least", "more", "less"}
