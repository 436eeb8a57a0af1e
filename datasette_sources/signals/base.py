"""The base class of every signal: a number measured on a read article, with a weight.

A signal is a small object with a name, a description, a direction (+1 when
more of it means more careful sourcing, -1 when less does) and a default
weight. ``measure`` reads an :class:`~datasette_sources.model.Article`;
``normalise`` turns a stored value into 0..1, where 1 is best for the score,
using only stored columns so that ``rescore`` never re-reads text.
"""

from __future__ import annotations

from typing import Any

from ..model import Article


class Signal:
    """Base class for signals; subclass it and set the class attributes.

    >>> class Words(Signal):
    ...     name, description, direction, weight = "words", "Body words", 1, 0.0
    ...     def measure(self, article):
    ...         return article.word_count
    >>> Words().measure(Article(raw="", body="Two words"))
    2
    """

    name: str = ""
    description: str = ""
    #: +1: more is better sourcing; -1: less is better.
    direction: int = 1
    #: Default weight in the score; 0 means measured and shown but not scored.
    weight: float = 0.0
    #: SQLite column type of the value.
    column_type: type = float
    #: What a value of 1.0 after scaling means; used by the default normalise.
    scale: float = 1.0

    def measure(self, article: Article) -> float | int | None:
        raise NotImplementedError

    def normalise(self, value: float | None, row: dict[str, Any]) -> float:
        """0..1, 1 best. Default: value / scale, capped, flipped for direction -1."""
        if value is None:
            return 0.5
        x = max(0.0, min(1.0, float(value) / self.scale))
        return x if self.direction > 0 else 1.0 - x

    def explain(self, value: float | None, row: dict[str, Any]) -> str:
        """One sentence a reader can check against the article."""
        return f"{self.description}: {value}"

    def as_row(self, weight: float | None = None) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "direction": self.direction,
            "weight": self.weight if weight is None else weight,
            "default_weight": self.weight,
        }
