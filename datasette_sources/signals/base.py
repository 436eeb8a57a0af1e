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
    #: The signal in plain words, for pages; its name, spaced, when empty.
    label: str = ""
    #: Where its points begin and end, in words; worked out from ``scale`` when
    #: empty and ``normalise`` is the default one.
    thresholds: str = ""
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

    def plain_label(self) -> str:
        """:attr:`label`, or the name with spaces.

        >>> Signal().plain_label(), type("S", (Signal,), {"name": "sic_count"})().plain_label()
        ('', 'Sic count')
        """
        return self.label or self.name.replace("_", " ").capitalize()

    def plain_thresholds(self) -> str:
        """:attr:`thresholds`, or what the default ``normalise`` does with ``scale``, in words.

        >>> type("S", (Signal,), {"scale": 5})().plain_thresholds()
        '5 or more = full points; 0 = no points'
        >>> type("S", (Signal,), {"direction": -1})().plain_thresholds()
        '0 = full points; 1 or more = no points'
        """
        if self.thresholds or type(self).normalise is not Signal.normalise:
            return self.thresholds
        if self.direction > 0:
            return f"{self.scale:g} or more = full points; 0 = no points"
        return f"0 = full points; {self.scale:g} or more = no points"

    def as_row(self, weight: float | None = None) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.plain_label(),
            "description": self.description,
            "direction": self.direction,
            "thresholds": self.plain_thresholds(),
            "weight": self.weight if weight is None else weight,
            "default_weight": self.weight,
        }
