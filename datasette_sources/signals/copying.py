"""Originality across a story: what an article shares with others, and whether it says so.

These are cross-article signals: reading one article alone gives the neutral
value (all original, nothing copied); the story pass of the loader compares
the articles of each story (:mod:`datasette_sources.copies`) and stores the
real values before scoring.
"""

from __future__ import annotations

from typing import Any

from ..hookspecs import hookimpl
from ..model import Article
from .base import Signal


class Originality(Signal):
    name = "originality"
    description = "Share of the body's words not copied from another article of the same story"
    label = "Original text"
    direction = 1
    weight = 0.0  # uncredited_copy_share carries the score; copying with credit is fair

    def measure(self, article: Article) -> float:
        return 1.0


class UncreditedCopyShare(Signal):
    name = "uncredited_copy_share"
    description = (
        "Share of the body copied from another article of the same story without crediting it"
    )
    label = "Text copied without credit"
    thresholds = "none = full points; 30% of the text or more = no points"
    direction = -1
    weight = 1.0
    scale = 0.3  # a third of the text lifted without credit is as bad as it gets

    def measure(self, article: Article) -> float:
        return 0.0

    def explain(self, value: float | None, row: dict[str, Any]) -> str:
        if not value:
            return "Nothing is copied from another article of the story without credit."
        return f"{value:.0%} of the text is copied from another article without credit."


@hookimpl
def register_signals():
    return [Originality(), UncreditedCopyShare()]
