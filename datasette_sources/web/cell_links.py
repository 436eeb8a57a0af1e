"""Links from Datasette's own pages to the plugin's: titles, ids, stories, outlets, speakers.

The ``render_cell`` hook hands every cell of every table, row page, view and
query to :func:`render_link`. In a database that holds our tables, a cell
whose column names an article, a story, an outlet or a speaker becomes a link
to its page (a speaker's by the row's ``speaker_id``; a name without one, in a
database loaded before the ``speakers`` table, to its sentences): the
evidence behind a number is one click away wherever the number is shown.
Which columns those are is :func:`link_target`, a pure function of the
table, the column, the value and the row.

Values are untrusted text: they reach HTML only through ``Markup.format``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .cells import row_value
from .formats import date_text
from .links import MAX_ID_LENGTH, PageLinks
from .tables import is_ours, known_ours

#: Columns that hold an article id wherever they are (``source_id`` only outside ``articles``,
#: where it is the input's own id).
ARTICLE_ID_COLUMNS = ("article_id", "copy_id", "source_id", "copied_from")
#: An article id as the loader makes them (a SHA-1 prefix), for columns named only ``id``.
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class CellLink:
    """What a cell links to: ``kind`` (article, story, outlet, speaker, or speaker_name for
    a speaker known only by the name an article gives them), its key, the text shown."""

    kind: str
    key: str
    text: str
    #: The id shown after the text when the text is a title or label.
    shown_id: str | None = None


def _plain(value: Any) -> tuple[str | None, str | None]:
    """A cell's value and label: Datasette passes an expanded foreign key as a dict.

    >>> _plain({"value": "ab", "label": "A title"}), _plain(7), _plain(None), _plain(" ")
    (('ab', 'A title'), ('7', None), (None, None), (None, None))
    """
    label = None
    if isinstance(value, Mapping) and "value" in value:
        label = value.get("label")
        value = value["value"]
    if value is None or isinstance(value, (bytes, bool, float)):
        return None, None
    text = str(value)
    if not text.strip() or len(text) > MAX_ID_LENGTH * 5:
        return None, None
    label_text = str(label) if label is not None and str(label).strip() else None
    return text, label_text


def _row_value(row: Any, key: str) -> Any:
    """``row[key]`` as a plain value (a label dict gives its value), or None."""
    return _plain(row_value(row, key))[0]


def _article(article_id: str | None, text: str | None) -> CellLink | None:
    if not article_id or len(article_id) > MAX_ID_LENGTH:
        return None
    if text and text != article_id:
        return CellLink("article", article_id, text, shown_id=article_id)
    return CellLink("article", article_id, article_id)


def link_target(
    table: str | None, column: str, value: Any, row: Any, shown: Markup | None = None
) -> CellLink | None:
    """What a cell of ``table`` (None: a query) links to, or None to leave it to Datasette.

    ``shown`` is what the cell shows instead of its value (a score badge).

    >>> link_target("articles", "title", "Mayor quits", {"id": "ab12"})
    CellLink(kind='article', key='ab12', text='Mayor quits', shown_id=None)
    >>> link_target("sentences", "article_id", {"value": "ab12", "label": "Mayor quits"}, {})
    CellLink(kind='article', key='ab12', text='Mayor quits', shown_id='ab12')
    >>> link_target(None, "copy_title", "Copied", {"copy_id": "cd34"}).key
    'cd34'
    >>> link_target(None, "source_outlet", "CNN", {}).kind
    'outlet'
    >>> link_target("sentences", "speaker", "Jo", {"speaker_id": 42})
    CellLink(kind='speaker', key='42', text='Jo', shown_id=None)
    >>> link_target("x", "speaker", "Jo", {}).kind
    'speaker_name'
    >>> link_target("speakers", "name", "Jo", {"id": 42}).key
    '42'
    >>> link_target("articles", "source_id", "row-17", {}) is None
    True
    """
    if column == "score" and shown is not None:
        if table == "articles":
            article_id = _row_value(row, "id")
            return CellLink("article", article_id, shown) if article_id else None
        if table == "outlets":
            outlet = _row_value(row, "outlet")
            return CellLink("outlet", outlet, shown) if outlet else None
        return None
    text, label = _plain(value)
    if text is None:
        return None
    if column in ARTICLE_ID_COLUMNS and not (table == "articles" and column == "source_id"):
        return _article(text, label)
    if column == "id" and (table == "articles" or (table is None and ARTICLE_ID.match(text))):
        return _article(text, label)
    if column == "title" or column.endswith("_title"):
        article_id = _title_article(table, column, row)
        return CellLink("article", article_id, text) if article_id else None
    if column == "story_id" or (table == "stories" and column == "id"):
        return CellLink("story", text, label or text, shown_id=text if label else None)
    if column == "label" and table in ("stories", "story_summary"):
        story_id = _row_value(row, "id" if table == "stories" else "story_id")
        return CellLink("story", story_id, text) if story_id else None
    if column == "outlet" or column.endswith("_outlet"):
        return CellLink("outlet", text, text)
    if column == "speaker" or (table == "speakers" and column == "name"):
        speaker_id = _row_value(row, "speaker_id" if column == "speaker" else "id")
        if speaker_id is not None and speaker_id.isdigit():
            return CellLink("speaker", speaker_id, text)
        return CellLink("speaker_name", text, text) if column == "speaker" else None
    if column == "speaker_id" and text.isdigit():
        return CellLink("speaker", text, text)
    return None


def _title_article(table: str | None, column: str, row: Any) -> str | None:
    """The article a title column names: ``X_title`` by ``X_id``, ``title`` by ``article_id``
    (or by ``id`` in ``articles`` and in a query whose ids are ours).

    >>> _title_article(None, "title", {"id": "00000000000000aa"})
    '00000000000000aa'
    >>> _title_article(None, "title", {"id": "17"}) is None
    True
    """
    if column != "title":
        return _row_value(row, column[: -len("title")] + "id")
    found = _row_value(row, "article_id")
    if found is None and table in ("articles", None):
        found = _row_value(row, "id")
        if found is not None and table is None and not ARTICLE_ID.match(found):
            return None
    return found


#: Date columns of our tables and views, shown as "3 Jul 2017" (the stored value on hover).
DATE_COLUMNS = {
    "articles": ("published", "updated", "loaded_at"),
    "story_keys": ("published",),
    "load_errors": ("logged_at",),
    "story_summary": ("first_published", "last_published"),
}


def date_cell(table: str | None, column: str, value: Any) -> Markup | None:
    """A date of our tables as a reader writes it, the stored value kept as its title.

    >>> print(date_cell("articles", "loaded_at", "2026-12-01T03:22:56+00:00"))
    <span title="2026-12-01T03:22:56+00:00">1 Dec 2026, 03:22 UTC</span>
    >>> date_cell("articles", "loaded_at", "sometime")
    >>> date_cell("other", "published", "2020-01-01")
    """
    if column not in DATE_COLUMNS.get(table or "", ()) or not isinstance(value, str):
        return None
    shown = date_text(value)
    if shown == value.strip():
        return None
    return Markup('<span title="{}">{}</span>').format(value, shown)


def link_html(target: CellLink, links: PageLinks) -> Markup:
    """The link a cell shows.

    >>> class Urls:
    ...     def path(self, p): return "/" + p
    ...     def table(self, db, t): return f"/{db}/{t}"
    >>> links = PageLinks(Urls(), "news", "news")
    >>> print(link_html(CellLink("article", "ab", "<b>Hi</b>", shown_id="ab"), links))
    ... # doctest: +NORMALIZE_WHITESPACE
    <a href="/-/sources/news/article/ab"
    title="Scorecard: why this score">&lt;b&gt;Hi&lt;/b&gt;</a>&nbsp;<em>ab</em>
    >>> print(link_html(CellLink("speaker", "42", "Jo & Co"), links))
    ... # doctest: +NORMALIZE_WHITESPACE
    <a href="/-/sources/news/speaker/42"
    title="The speaker: who quotes them, where, and what">Jo &amp; Co</a>
    >>> print(link_html(CellLink("speaker_name", "Jo & Co", "Jo & Co"), links))
    ... # doctest: +NORMALIZE_WHITESPACE
    <a href="/news/sentences?speaker=Jo+%26+Co"
    title="Every sentence with this speaker name">Jo &amp; Co</a>
    """
    if target.kind == "article":
        href, title = links.scorecard(target.key), "Scorecard: why this score"
    elif target.kind == "story":
        href, title = links.story(target.key), "The story: its articles side by side"
    elif target.kind == "outlet":
        href, title = links.outlet(target.key), "The outlet's sourcing"
    elif target.kind == "speaker":
        href, title = links.speaker(target.key), "The speaker: who quotes them, where, and what"
    else:
        href, title = links.speaker_sentences(target.key), "Every sentence with this speaker name"
    html = Markup('<a href="{}" title="{}">{}</a>').format(href, title, target.text)
    if target.shown_id:
        html += Markup("&nbsp;<em>{}</em>").format(target.shown_id)
    return html


def render_link(
    datasette: Any,
    database: str | None,
    table: str | None,
    column: str,
    value: Any,
    row: Any,
    shown: Markup | None = None,
) -> Any:
    """What ``render_cell`` returns: a link (around ``shown``, a badge, when given), a date
    as a reader writes it, ``shown``, or None; or a function returning one of those when
    the database was attached after startup and is not checked yet (both Datasette lines
    call and await it)."""
    if not isinstance(column, str):
        return shown
    target = link_target(table, column, value, row, shown)
    dated = date_cell(table, column, value) if target is None and shown is None else None
    if (target is None and dated is None) or database is None:
        return shown
    known = known_ours(datasette, database)
    if known is False:
        return shown

    def render() -> Markup:
        if target is None:
            return dated
        db = datasette.databases[database]
        return link_html(target, PageLinks.for_database(datasette, db))

    if known:
        return render()

    async def checked() -> Markup | None:
        return render() if await is_ours(datasette, database) else shown

    return checked
