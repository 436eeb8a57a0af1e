"""Credit and byline: who wrote the article, and whose reporting it carries."""

from __future__ import annotations

from typing import Any

from ..hookspecs import hookimpl
from ..model import Article
from .base import Signal

#: (credit_kind, has a byline) -> how openly the article says where it comes from.
CREDIT_VALUES = {
    ("staff", True): 1.0,
    ("wire", True): 1.0,
    ("wire", False): 0.8,
    ("staff", False): 0.7,
    ("republished", True): 0.7,
    ("republished", False): 0.5,
    ("none", True): 0.6,
    ("none", False): 0.0,
}


def credit_value(credit_kind: str | None, has_byline: bool) -> float:
    """How fully an article credits its reporting, 0..1.

    >>> credit_value("wire", True), credit_value("republished", False), credit_value("none", False)
    (1.0, 0.5, 0.0)
    """
    return CREDIT_VALUES.get((credit_kind or "none", has_byline), 0.0)


class CreditAndByline(Signal):
    name = "credit_and_byline"
    description = (
        "How openly the article says who reported it: 1 for a byline with a staff or wire "
        "credit, 0.5 for a credit line alone on republished work, 0 for nothing at all"
    )
    label = "Who reported it"
    thresholds = (
        "a byline with a staff or wire credit = full points; a wire credit alone 0.8, staff "
        "without a byline 0.7, republished with a credit line 0.5 (0.7 with a byline), a byline "
        "alone 0.6; nothing = no points"
    )
    direction = 1
    # 2 until bylines were read from CSV input; then supported on AllSides (docs/score.md).
    weight = 3.0

    def measure(self, article: Article) -> float:
        return credit_value(article.credit_kind, bool(article.bylines))

    def explain(self, value: float | None, row: dict[str, Any]) -> str:
        kind = row.get("credit_kind") or "none"
        credit = row.get("credit")
        if not value:
            return "No byline and no credit: the reader cannot tell who reported this."
        who = f" ({credit})" if credit else ""
        return f"Credited as {kind}{who}, {'with' if row.get('bylines') else 'without'} a byline."


@hookimpl
def register_signals():
    return [CreditAndByline()]
