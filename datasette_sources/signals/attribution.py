"""Who the article's claims come from: attribution, quotations, kinds of source."""

from __future__ import annotations

from typing import Any

from ..hookspecs import hookimpl
from ..model import Article
from .base import Signal


def _attributed(article: Article) -> list:
    return [s for s in article.sentences if s.kind in ("quote", "attributed")]


def _speakers(article: Article, speaker_type: str | None = None) -> set[str]:
    return {
        s.speaker.lower()
        for s in _attributed(article)
        if s.speaker and (speaker_type is None or s.speaker_type == speaker_type)
    }


class AttributionDensity(Signal):
    name = "attribution_density"
    description = (
        "Share of body sentences whose claim is attributed to a source (quote or reported speech)"
    )
    label = "Sentences attributed to a source"
    thresholds = "80% of sentences or more = full points; none = no points"
    direction = 1
    weight = 1.0
    scale = 0.8  # 80% attributed sentences is fully sourced news copy

    def measure(self, article: Article) -> float:
        n = len(article.sentences)
        return round(len(_attributed(article)) / n, 4) if n else 0.0

    def explain(self, value: float | None, row: dict[str, Any]) -> str:
        return f"{(value or 0):.0%} of the body's sentences are attributed to a source."


class DirectQuotes(Signal):
    name = "direct_quotes"
    description = "Body sentences that carry a direct quotation"
    label = "Sentences with a direct quotation"
    column_type = int

    def measure(self, article: Article) -> int:
        return sum(1 for s in article.sentences if s.kind == "quote")


class DistinctSpeakers(Signal):
    name = "distinct_speakers"
    description = "Different sources quoted or cited"
    label = "Different sources quoted or cited"
    thresholds = "5 sources or more = full points; none = no points"
    column_type = int
    # 2 until the validity rule (docs/score.md) read it again with speakers as one name per
    # person: contradicted within Horne's length bands and across AllSides' dev outlets.
    weight = 0.67
    scale = 5  # five voices or more: the reader hears more than one side

    def explain(self, value: float | None, row: dict[str, Any]) -> str:
        n = int(value or 0)
        if not n:
            return "No source is quoted or cited."
        return f"{n} different source{'s are' if n > 1 else ' is'} quoted or cited."

    def measure(self, article: Article) -> int:
        return len(_speakers(article))


class NamedSources(Signal):
    name = "named_sources"
    description = "Different people cited by name"
    label = "People cited by name"
    column_type = int

    def measure(self, article: Article) -> int:
        return len(_speakers(article, "named"))


class AnonymousSources(Signal):
    name = "anonymous_sources"
    description = "Different unnamed sources cited ('a senior official', 'sources')"
    label = "Unnamed sources cited"
    thresholds = "one unnamed source or more = full points; none = no points"
    # More is better: an unnamed official is still a source the writer reached, and on
    # both labelled sets articles that cite one are more often on the reliable side
    # (docs/score.md, docs/validity.md). It does not say the source is right.
    direction = 1
    weight = 1.0
    column_type = int

    def explain(self, value: float | None, row: dict[str, Any]) -> str:
        n = int(value or 0)
        if not n:
            return "No unnamed source is cited."
        return f"{n} unnamed source{'s are' if n > 1 else ' is'} cited."

    def measure(self, article: Article) -> int:
        return len(_speakers(article, "anonymous"))


class InstitutionalSources(Signal):
    name = "institutional_sources"
    description = "Different institutions cited ('the State Department said')"
    label = "Institutions cited"
    column_type = int

    def measure(self, article: Article) -> int:
        return len(_speakers(article, "institutional"))


@hookimpl
def register_signals():
    return [
        AttributionDensity(),
        DirectQuotes(),
        DistinctSpeakers(),
        NamedSources(),
        AnonymousSources(),
        InstitutionalSources(),
    ]
