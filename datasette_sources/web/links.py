"""The URLs the pages link to, and the ids the pages read back from URLs.

:class:`PageLinks` builds every link of one database's pages on top of
``datasette.urls`` (so ``base_url`` is honoured): Datasette's table and row
pages, and this plugin's overview, scorecards and story pages. The shaping
steps of the pages take one and never see Datasette itself.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

from datasette.utils import tilde_decode, tilde_encode

#: What ``refresh_summaries`` calls articles without an outlet in ``outlets``.
UNKNOWN_OUTLET = "(unknown)"

#: Longest id the pages look up; anything longer is not one of ours.
MAX_ID_LENGTH = 200


def with_query(base: str, **params: Any) -> str:
    """``base`` with a query string; values are URL-encoded, lists repeat the key.

    >>> with_query("/db/sentences", _facet=["kind", "speaker"], speaker="Jo & Co")
    '/db/sentences?_facet=kind&_facet=speaker&speaker=Jo+%26+Co'
    >>> with_query("/db/signals")
    '/db/signals'
    """
    return base + "?" + urllib.parse.urlencode(params, doseq=True) if params else base


def outlet_filter(outlet: str | None) -> dict[str, str]:
    """Table-page filter arguments that select one outlet's articles.

    >>> outlet_filter("CNN"), outlet_filter(UNKNOWN_OUTLET)
    ({'outlet': 'CNN'}, {'outlet__isblank': '1'})
    """
    if outlet is None or outlet == UNKNOWN_OUTLET or not outlet.strip():
        return {"outlet__isblank": "1"}
    return {"outlet": outlet}


def facet_args(wanted: list[str], settings: Mapping[str, Any]) -> dict[str, list[str]]:
    """``_facet`` arguments for the facets in ``wanted`` the table does not already show.

    Datasette shows a facet twice when it is both configured and asked for.

    >>> facet_args(["kind", "speaker"], {"facets": ["kind"]})
    {'_facet': ['speaker']}
    >>> facet_args(["kind"], {"facets": [{"simple": "kind"}]})
    {}
    """
    configured = set()
    for facet in settings.get("facets") or []:
        if isinstance(facet, str):
            configured.add(facet)
        elif isinstance(facet, Mapping) and isinstance(facet.get("simple"), str):
            configured.add(facet["simple"])
    missing = [f for f in wanted if f not in configured]
    return {"_facet": missing} if missing else {}


def database_route(db: Any) -> str:
    """The URL segment of a database in our pages' paths: its route, tilde-encoded."""
    return tilde_encode(getattr(db, "route", None) or db.name)


def decode_id(raw: str | None) -> str | None:
    """An id from a URL segment (tilde-encoded), or None when it cannot be one.

    >>> decode_id("15b8823c3fb9f7e7"), decode_id(""), decode_id("x" * 500)
    ('15b8823c3fb9f7e7', None, None)
    """
    if not raw or len(raw) > MAX_ID_LENGTH * 3:
        return None
    try:
        decoded = tilde_decode(raw)
    except Exception:
        return None
    if not decoded or len(decoded) > MAX_ID_LENGTH or "\x00" in decoded:
        return None
    return decoded


class PageLinks:
    """Every URL one database's pages link to.

    ``urls`` is ``datasette.urls`` (or anything with its ``path``, ``database``,
    ``table`` and ``row`` methods), ``database`` the database's name and
    ``route`` its tilde-encoded route (see :func:`database_route`).
    """

    def __init__(self, urls: Any, database: str, route: str):
        self.urls = urls
        self.database = database
        self.route = route

    @classmethod
    def for_database(cls, datasette: Any, db: Any) -> PageLinks:
        """The links of ``db``'s pages on ``datasette``."""
        return cls(datasette.urls, db.name, database_route(db))

    def database_page(self) -> str:
        """Datasette's page of the database."""
        return self.urls.database(self.database)

    def table(self, table: str) -> str:
        """Datasette's page of a table (or of a canned query: the same path)."""
        return self.urls.table(self.database, table)

    def row(self, table: str, row_id: str) -> str:
        """Datasette's page of one row, by a single-column primary key."""
        return self.urls.row(self.database, table, tilde_encode(row_id))

    def overview(self) -> str:
        """This plugin's overview of the database: ``/-/sources/<database>``."""
        return self.urls.path("-/sources/" + self.route)

    def scorecard(self, article_id: str) -> str:
        """The path of one article's scorecard."""
        return self.urls.path(f"-/sources/{self.route}/article/{tilde_encode(str(article_id))}")

    def story(self, story_id: str) -> str:
        """The path of one story's page."""
        return self.urls.path(f"-/sources/{self.route}/story/{tilde_encode(str(story_id))}")

    def outlet(self, name: str | None) -> str:
        """The path of one outlet's page; articles without an outlet share ``(unknown)``'s."""
        name = name if name and name.strip() else UNKNOWN_OUTLET
        return self.urls.path(f"-/sources/{self.route}/outlet/{tilde_encode(name)}")

    def outlets(self) -> str:
        """The path of the list of every outlet."""
        return self.urls.path(f"-/sources/{self.route}/outlets")

    def stories(self) -> str:
        """The path of the list of every story."""
        return self.urls.path(f"-/sources/{self.route}/stories")

    def search(self) -> str:
        """The path of the search page (titles, outlets, speakers)."""
        return self.urls.path(f"-/sources/{self.route}/search")

    def speaker(self, speaker_id: Any) -> str:
        """The path of one speaker's page, by ``speakers.id`` (one name per person)."""
        return self.urls.path(f"-/sources/{self.route}/speaker/{tilde_encode(str(speaker_id))}")

    def speaker_sentences(self, name: str) -> str:
        """Every sentence with the speaker ``name`` as written: where a speaker leads in a
        database loaded before the ``speakers`` table, which has no speaker pages."""
        return with_query(self.table("sentences"), speaker=name)

    def speaker_or_name(self, speaker_id: Any, name: str) -> str:
        """The speaker's page when the speaker is known across the database, else
        :meth:`speaker_sentences` of the name as written."""
        if speaker_id is None or speaker_id == "":
            return self.speaker_sentences(name)
        return self.speaker(speaker_id)
