"""What the input gave: a :class:`Record` per article, a :class:`Failure` per input that failed.

Readers (:mod:`~datasette_sources.inputs.files`) turn files and rows into these;
nothing here has read any text yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: Default names for each field, first found wins; ``ColumnMap`` overrides them.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "html": ("html", "raw_html"),
    "outlet": ("outlet", "source", "publisher"),
    "published": ("published", "date", "published_at", "pubdate"),
    "byline": ("author", "authors", "byline", "creator"),
}


@dataclass
class Record:
    """One article as the input gave it, before any reading."""

    text: str
    path: str
    line: int | None = None  # CSV data row or JSON Lines line, as in Failure
    id: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    #: Who wrote it, as the input gave it: text, or JSON text for a list or an object
    #: (``[{"name": "Jane Doe"}]``); reading splits it into people.
    byline: str | None = None
    encoding: str = "utf-8"
    format: str = "text"  # text | html
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Failure:
    """An input that could not be read, and why.

    ``line`` is the data row of a CSV (from 1, header not counted) or the line of
    a JSON Lines file, when the failure is about one article in a file.
    """

    path: str
    reason: str
    line: int | None = None


@dataclass
class ColumnMap:
    """Which input column holds each field. ``None`` means: try the defaults.

    >>> ColumnMap(text="article_text").names("text")
    ('article_text',)
    """

    id: str | None = None
    url: str | None = None
    title: str | None = None
    text: str | None = None
    outlet: str | None = None
    published: str | None = None
    html: str | None = None
    byline: str | None = None

    def names(self, fieldname: str) -> tuple[str, ...]:
        given = getattr(self, fieldname)
        return (given,) if given else DEFAULT_COLUMNS[fieldname]


def pick(row: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    """The first of ``names`` that ``row`` has filled (case-insensitive): (key, value).

    >>> pick({"Body": "x", "text": ""}, ("text", "body"))
    ('Body', 'x')
    """
    lowered = {str(k).lower(): k for k in row}
    for n in names:
        key = n if n in row else lowered.get(n.lower())
        if key is not None and row[key] not in (None, ""):
            return key, row[key]
    return None, None


def record_from_row(
    row: dict[str, Any], given: str, line: int, columns: ColumnMap
) -> Record | Failure:
    """One row of a CSV or JSON input -> a Record, or a Failure when it holds no text.

    >>> record_from_row({"headline": "Hi", "body": "Text.", "lang": "en"}, "a.csv", 1, ColumnMap())
    Record(text='Text.', path='a.csv', line=1, id=None, url=None, title='Hi', outlet=None, \
published=None, byline=None, encoding='utf-8', format='text', extra={'lang': 'en'})
    >>> record_from_row({"text": "T.", "authors": [{"name": "Jane Doe"}]}, "a.jsonl", 1,
    ...                 ColumnMap()).byline
    '[{"name": "Jane Doe"}]'
    """
    used: set[str] = set()
    values: dict[str, Any] = {}
    for fieldname in ("id", "url", "title", "text", "outlet", "published", "html", "byline"):
        key, value = pick(row, columns.names(fieldname))
        if key is not None:
            used.add(key)
            if isinstance(value, str):
                values[fieldname] = value
            elif fieldname == "byline" and isinstance(value, (list, dict)):
                values[fieldname] = json.dumps(value, ensure_ascii=False)
            else:
                values[fieldname] = str(value)
    text = values.pop("text", None)
    html = values.pop("html", None)
    form = "text"
    if (not text or not text.strip()) and html and html.strip():
        text, form = html, "html"  # a saved page instead of plain text
    if not text or not text.strip():
        wanted = "/".join(columns.names("text") + columns.names("html"))
        return Failure(given, f"no article text (column {wanted} missing or empty)", line)
    extra = {k: v for k, v in row.items() if k not in used and v not in (None, "")}
    return Record(text=text, path=given, line=line, extra=extra, format=form, **values)
