"""Bounds on one record, so that no single input can stall or swamp a load.

The defaults are far beyond real news: the longest of AllSides' 36,254 articles
has 76,553 characters and about 400 sentences. A record past a bound is a
:class:`~datasette_sources.inputs.records.Failure` ("too large"), never read
truncated: a score of part of a text would look like a score of all of it.

>>> Bounds().too_large("text", "x" * 10) is None
True
>>> Bounds(max_article=5).too_large("text", "x" * 10)
'too large: 10 characters of text, more than the 5 allowed (--max-article-size)'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bounds:
    """Limits on one record; each has a ``datasette-sources load`` option."""

    #: Characters of an article's text (``--max-article-size``).
    max_article: int = 2_000_000
    #: Characters of a saved web page, before the article is extracted (``--max-page-size``).
    max_page: int = 10_000_000
    #: Sentences of one article (``--max-sentences``).
    max_sentences: int = 20_000
    #: Levels of nesting in a JSON record.
    max_json_depth: int = 100

    @property
    def max_record_bytes(self) -> int:
        """Bytes of one file, line, row or array item read before it is given up.

        Room for a page and an article in one row, every character escaped
        (``\\u00e9``: 6 bytes), and some metadata.
        """
        return 6 * (self.max_article + self.max_page) + 1_000_000

    def too_large(self, format: str, text: str) -> str | None:
        """Why ``text`` (``format`` text or html) is past its bound, or None."""
        limit, what, option = (
            (self.max_page, "web page", "--max-page-size")
            if format == "html"
            else (self.max_article, "text", "--max-article-size")
        )
        if len(text) <= limit:
            return None
        return (
            f"too large: {len(text):,} characters of {what}, "
            f"more than the {limit:,} allowed ({option})"
        )

    def too_deep(self) -> str:
        """The reason given for a JSON record nested past :attr:`max_json_depth`."""
        return f"JSON nested more than {self.max_json_depth} levels deep"

    def too_many_bytes(self) -> str:
        """The reason given for a file, line or row past :attr:`max_record_bytes`."""
        return f"too large: more than {self.max_record_bytes:,} bytes for one article"


def json_depth(value: object, limit: int) -> int:
    """How deeply ``value`` nests lists and objects, counted up to ``limit + 1``.

    Iterative, so that any depth is measured without recursion.

    >>> json_depth({"a": [1, {"b": []}]}, 100), json_depth([[[[]]]], 2)
    (4, 3)
    """
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children)
    return deepest
