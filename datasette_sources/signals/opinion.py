"""The writer's own voice: opinion sentences and hedging (quoted opinions do not count)."""

from __future__ import annotations

from typing import Any

from ..hookspecs import hookimpl
from ..model import Article
from .base import Signal


class OpinionSentences(Signal):
    name = "opinion_sentences"
    description = "Sentences in the writer's own voice that judge, predict or speculate"
    label = "The writer's own opinion"
    thresholds = "none = full points; a quarter of the sentences or more = no points"
    direction = -1
    weight = 1.0
    column_type = int

    def measure(self, article: Article) -> int:
        return sum(1 for s in article.sentences if s.kind == "opinion")

    def normalise(self, value: float | None, row: dict[str, Any]) -> float:
        # Judged as a share of the article: three opinions in a long report
        # weigh less than three in a short one; a quarter or more is commentary.
        n = row.get("sentence_count") or 0
        share = float(value or 0) / n if n else 0.0
        return 1.0 - min(1.0, share / 0.25)

    def explain(self, value: float | None, row: dict[str, Any]) -> str:
        n = int(value or 0)
        total = row.get("sentence_count") or 0
        if not n:
            return "No sentence gives the writer's own opinion."
        return f"{n} of {total} sentences give the writer's own opinion."


class OpinionRatio(Signal):
    name = "opinion_ratio"
    description = "Share of body sentences that are the writer's opinion"
    label = "Share of sentences that are opinion"
    direction = -1

    def measure(self, article: Article) -> float:
        n = len(article.sentences)
        return round(sum(1 for s in article.sentences if s.kind == "opinion") / n, 4) if n else 0.0


class Hedging(Signal):
    name = "hedging"
    description = (
        "Hedges and certainty markers in the writer's voice ('almost certainly', 'is believed to')"
    )
    label = "Hedges in the writer's voice"
    direction = -1
    column_type = int

    def measure(self, article: Article) -> int:
        return sum(len(s.hedges) for s in article.sentences if s.kind not in ("quote",))


@hookimpl
def register_signals():
    return [OpinionSentences(), OpinionRatio(), Hedging()]
