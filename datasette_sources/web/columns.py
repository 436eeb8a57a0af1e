"""What Datasette's own table pages of our tables show first, and what they leave out.

Datasette has no setting for a table's default columns, but its table page
takes ``?_col=`` and ``?_nocol=``. The ``asgi_wrapper`` hook sends a request
for the HTML page of ``articles`` or ``sentences`` that chooses no columns to
the same page with the columns of ``html_columns`` (``data/tables.yml``): the
article text (``body``) left out, a sentence's ``text`` right after its key.
The page then offers Datasette's own "show all columns", and its facet, sort
and filter links keep the choice. JSON, CSV and row pages are left alone.

The ``extra_body_script`` hook folds a long list of column descriptions into
a ``<details>`` element, so the rows are not a screen away from the title.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from .compat import plugin_settings
from .tables import defaults, html_columns, ours

#: Tables whose column descriptions are folded when there are more than this many.
FOLD_DESCRIPTIONS_OVER = 6


async def redirect_for(datasette: Any, scope: dict) -> str | None:
    """The URL a GET request for one of our tables' HTML pages goes to instead, or None."""
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return None
    query = urllib.parse.parse_qsl(
        scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
    )
    if any(key in ("_col", "_nocol") for key, _ in query):
        return None
    path = scope.get("path") or ""
    tables = set(defaults().get("html_columns") or {})
    for name in ours(datasette):
        for table in tables:
            table_path = urllib.parse.unquote(datasette.urls.table(name, table))
            if path != table_path:
                continue
            db = datasette.databases.get(name)
            if db is None or not await db.table_exists(table):
                return None
            columns = await db.table_columns(table)
            pks = await db.primary_keys(table)
            shown = html_columns(table, columns, pks, plugin_settings(datasette, name))
            if shown is None:
                return None
            chosen = column_query(query, columns, pks, shown)
            return datasette.urls.table(name, table) + "?" + chosen
    return None


def column_query(
    query: list[tuple[str, str]], columns: list[str], pks: list[str], shown: list[str]
) -> str:
    """``query`` with the ``_nocol`` (or, when the order changes, ``_col``) that shows ``shown``.

    >>> column_query([("outlet", "CNN")], ["id", "title", "body"], ["id"], ["id", "title"])
    'outlet=CNN&_nocol=body'
    >>> column_query([], ["k", "kind", "text"], ["k"], ["k", "text", "kind"])
    '_col=text&_col=kind'
    """
    kept = [c for c in columns if c in shown]
    if kept == shown:
        extra = [("_nocol", c) for c in columns if c not in shown]
    else:
        # Datasette shows the primary key first whatever _col says (0.65 would
        # show it twice if named again): list the rest, in order.
        extra = [("_col", c) for c in shown if c not in pks]
    return urllib.parse.urlencode(query + extra)


def wrap(app: Any, datasette: Any) -> Any:
    """What the ``asgi_wrapper`` hook returns: ``app``, with :func:`redirect_for` in front."""

    async def wrapped(scope: dict, receive: Any, send: Any) -> None:
        target = await redirect_for(datasette, scope) if scope.get("type") == "http" else None
        if target is None:
            await app(scope, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 302,
                "headers": [
                    (b"location", target.encode("latin-1")),
                    (b"content-type", b"text/plain; charset=utf-8"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    return wrapped


#: Folds ``dl.column-descriptions`` into ``<details>``; text set with textContent only.
FOLD_SCRIPT = """
(function () {
  var list = document.querySelector("dl.column-descriptions");
  if (!list) { return; }
  var count = list.querySelectorAll("dt").length;
  if (count <= %(limit)d) { return; }
  var details = document.createElement("details");
  details.className = "sources-column-descriptions";
  var summary = document.createElement("summary");
  summary.textContent = %(label)s.replace("N", String(count));
  list.parentNode.insertBefore(details, list);
  details.appendChild(summary);
  details.appendChild(list);
})();
"""


def fold_descriptions_script(datasette: Any, database: str | None, view_name: str) -> str:
    """What the ``extra_body_script`` hook returns: the fold, on our databases' table pages."""
    if view_name != "table" or database not in ours(datasette):
        return ""
    return FOLD_SCRIPT % {
        "limit": FOLD_DESCRIPTIONS_OVER,
        "label": json.dumps("What the N columns mean"),
    }
