"""No facet suggestions on the table pages of our large tables.

On every table page Datasette tries each column as a facet (one ``group by`` per
column, each cut off after ``facet_suggest_time_limit_ms``, 50 ms by default, one
after another). Past some ten thousand rows most tries are cut off (ten thousand
articles are some 70 MB of rows to read per try): the page waits 50 ms per column
(a second on ``sentences``, two on ``articles``) and suggests little or nothing. So a
request for the page (HTML or JSON) of one of our tables or views over
:data:`SUGGEST_UP_TO` rows gets ``_nosuggest=1`` added before Datasette sees it, as a
user could add it. How large a table is comes from its largest rowid, read in no
time; configured facets and facets a URL asks for are untouched.

>>> with_nosuggest(b"_sort=score")
b'_sort=score&_nosuggest=1'
>>> with_nosuggest(b"")
b'_nosuggest=1'
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from .tables import ours

#: Tables (and views, by the table whose rows they have) above this many rows suggest no facets.
SUGGEST_UP_TO = 10_000
#: Our tables and views, and the table whose size each has.
SIZED_BY = {
    "articles": "articles",
    "sentences": "sentences",
    "parts": "parts",
    "quotes": "quotes",
    "score_parts": "score_parts",
    "copies": "copies",
    "stories": "stories",
    "speakers": "speakers",
    "outlets": "outlets",
    "speaker_outlets": "speaker_outlets",
    "speaker_days": "speaker_days",
    "sentence_kinds": "sentence_kinds",
    "score_bins": "score_bins",
    "outlet_summary": "outlets",
    "story_keys": "story_keys",
    "load_errors": "load_errors",
    "score_explained": "articles",
    "story_summary": "stories",
    "copied_without_credit": "copies",
}
#: The formats of a table page that carry suggestions.
SUFFIXES = ("", ".json")


def with_nosuggest(query_string: bytes) -> bytes:
    """``query_string`` with ``_nosuggest=1`` added."""
    return query_string + (b"&" if query_string else b"") + b"_nosuggest=1"


async def large_table_asked(datasette: Any, scope: dict) -> bool:
    """Does this request ask for the page of one of our tables or views over
    :data:`SUGGEST_UP_TO` rows, without saying anything about suggestions?"""
    if scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD"):
        return False
    query = urllib.parse.parse_qs(
        scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
    )
    if "_nosuggest" in query:
        return False
    path = scope.get("path") or ""
    for name in ours(datasette):
        for view, table in SIZED_BY.items():
            page = urllib.parse.unquote(datasette.urls.table(name, view))
            if not any(path == page + suffix for suffix in SUFFIXES):
                continue
            db = datasette.databases.get(name)
            if db is None or not await db.table_exists(table):
                return False
            result = await db.execute(f"select max(rowid) from [{table}]")
            return (result.first()[0] or 0) > SUGGEST_UP_TO
    return False
