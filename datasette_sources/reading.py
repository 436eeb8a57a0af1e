"""One article from raw text to signals: the per-article pipeline.

>>> text = "A headline here\\n\\nThe minister resigned, officials said. It is a disgrace."
>>> art = read_article(text)
>>> [s.kind for s in art.sentences], art.signals["opinion_sentences"]
(['attributed', 'opinion'], 1)
"""

from __future__ import annotations

import hashlib
import re

from .anatomy import dissect
from .model import Article
from .sentences import label, split
from .signals import Signal, all_signals

_NORMALISE = re.compile(r"\s+")


def article_id(text: str, outlet: str | None = None) -> str:
    """A stable id: a hash of the outlet and the text with white space folded.

    >>> article_id("Some  text") == article_id("Some text\\n")
    True
    """
    key = (outlet or "").strip().lower() + "\n" + _NORMALISE.sub(" ", text).strip()
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def read_article(
    text: str,
    *,
    path: str | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    signals: list[Signal] | None = None,
    format: str = "text",
) -> Article:
    """Read raw article text (``format="html"``: a saved web page): anatomy, sentences, signals."""
    if format == "html":
        from .html import read_html

        page = read_html(text, url=url)
        art = dissect(
            page.text,
            title=title or page.title,
            outlet=outlet,
            published=published or page.date,
            main=page.main,
            comments=page.comments,
        )
        art.raw = text
        if page.author and not art.bylines:
            art.bylines = [a.strip() for a in re.split(r";|\band\b|,", page.author) if a.strip()]
            if art.credit_kind == "none":
                art.credit_kind, art.credit = "staff", outlet or page.sitename
        if page.sitename and not outlet:
            art.outlet, art.outlet_source = page.sitename, "inferred"
    else:
        art = dissect(text, title=title, outlet=outlet, published=published)
    art.path, art.url = path, url
    art.sentences = label(split(art.paragraphs))
    art.id = article_id(text, outlet)
    for sig in signals if signals is not None else all_signals():
        art.signals[sig.name] = sig.measure(art)
    return art
