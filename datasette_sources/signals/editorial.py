"""Editorial marks: [sic], bracketed insertions, update and correction notes."""

from __future__ import annotations

from typing import Any

from ..hookspecs import hookimpl
from ..model import Article
from .base import Signal


class SicCount(Signal):
    name = "sic_count"
    description = "[sic] marks in the body: errors the writer flags in material they reproduce"
    label = "[sic] marks"
    thresholds = "none = full points; 1 = half the points; 3 = a quarter"
    direction = -1
    weight = 0.33
    column_type = int

    def measure(self, article: Article) -> int:
        return sum(1 for s in article.sentences if s.has_sic)

    def normalise(self, value: float | None, row: dict[str, Any]) -> float:
        return 1.0 / (1.0 + float(value or 0))

    def explain(self, value: float | None, row: dict[str, Any]) -> str:
        n = int(value or 0)
        if not n:
            return "No [sic] marks: nothing reproduced is flagged as wrong."
        return f"{n} [sic] mark{'s' if n > 1 else ''}: reproduced material is flagged as wrong."


class BracketInsertions(Signal):
    name = "bracket_insertions"
    description = "Bracketed insertions such as [U.S.] or [sic] inside the body"
    label = "Bracketed insertions"
    column_type = int

    def measure(self, article: Article) -> int:
        return sum(len(s.brackets) for s in article.sentences)


class EditorialNotes(Signal):
    name = "editorial_notes"
    description = "Update, correction and editor's notes on the page"
    label = "Update and correction notes"
    column_type = int

    def measure(self, article: Article) -> int:
        return sum(1 for p in article.parts if p.kind == "correction")


@hookimpl
def register_signals():
    return [SicCount(), BracketInsertions(), EditorialNotes()]
