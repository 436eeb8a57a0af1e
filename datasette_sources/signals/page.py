"""The page around the article: how much of it is not the article."""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..model import Article
from .base import Signal


class BoilerplateShare(Signal):
    name = "boilerplate_share"
    description = (
        "Share of the page's words outside the title and body (navigation, promos, comments...)"
    )
    label = "Page furniture"
    direction = -1

    def measure(self, article: Article) -> float:
        page = sum(len(p.text.split()) for p in article.parts if p.kind != "title")
        body = article.word_count
        return round(page / (page + body), 4) if page + body else 0.0


@hookimpl
def register_signals():
    return [BoilerplateShare()]
