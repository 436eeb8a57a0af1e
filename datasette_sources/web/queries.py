"""Canned queries from ``plugins: datasette-sources: queries:``, on both Datasette lines.

The queries live in the plugin's configuration rather than under
``databases: <name>: queries:`` for two reasons: the 1.0 alphas ignore
``queries`` in metadata (they read them from ``datasette.yaml``, which
``datasette publish`` cannot ship), and the plugin's block applies to every
database that holds our tables, whatever its file is called.

Each query is what Datasette's canned-query configuration takes::

    plugins:
      datasette-sources:
        queries:
          most_quoted_speakers:
            title: Most-quoted speakers
            description: Who the articles quote most, and in how many articles
            sql: select speaker, count(*) as quotations from quotes group by speaker

On 0.65 they are returned by the ``canned_queries`` hook; on the 1.0 alphas,
which have no such hook, the ``startup`` hook stores them with
``datasette.add_query()`` for each database that holds our tables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from datasette.utils import StartupError

from .compat import plugin_settings
from .databases import is_sources_database

#: The keys of a canned query this plugin passes on to Datasette.
QUERY_KEYS = {"sql", "title", "description", "description_html", "hide_sql", "fragment", "params"}

#: The ``source`` recorded in 1.0's internal ``queries`` table for our queries.
PLUGIN_SOURCE = "datasette-sources"

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class QueryConfigError(ValueError):
    """The ``queries:`` block of the plugin configuration is malformed."""


def configured_queries(settings: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The canned queries in the plugin settings, checked and normalised.

    A bare string is taken as the SQL. Unknown keys, a missing ``sql`` and
    write queries are errors: these queries run for every reader of a
    published database, so they must be read-only selects.

    >>> configured_queries({"queries": {"q": "select 1"}})
    {'q': {'sql': 'select 1'}}
    >>> configured_queries({})
    {}
    """
    raw = settings.get("queries") or {}
    if not isinstance(raw, Mapping):
        raise QueryConfigError(
            "datasette-sources: `queries` must be a mapping of query name to query, "
            f"not {type(raw).__name__}"
        )
    queries: dict[str, dict[str, Any]] = {}
    for name, query in raw.items():
        where = f"datasette-sources: query {name!r}"
        if not isinstance(name, str) or not _NAME.match(name):
            raise QueryConfigError(f"{where}: a name is letters, digits, _ and -")
        if isinstance(query, str):
            query = {"sql": query}
        if not isinstance(query, Mapping):
            raise QueryConfigError(f"{where}: expected SQL or a mapping with `sql`")
        unknown = sorted(set(query) - QUERY_KEYS)
        if unknown:
            raise QueryConfigError(
                f"{where}: unknown key(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(sorted(QUERY_KEYS))}"
            )
        sql = query.get("sql")
        if not isinstance(sql, str) or not sql.strip():
            raise QueryConfigError(f"{where}: `sql` is missing or empty")
        if not re.match(r"^\s*(select|with)\b", _strip_comments(sql), re.IGNORECASE):
            raise QueryConfigError(f"{where}: only read-only select queries are allowed")
        params = query.get("params")
        if params is not None and (
            not isinstance(params, list) or not all(isinstance(p, str) for p in params)
        ):
            raise QueryConfigError(f"{where}: `params` must be a list of names")
        queries[name] = dict(query)
    return queries


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.DOTALL)


async def queries_for_database(datasette: Any, database: str) -> dict[str, dict[str, Any]]:
    """Datasette 0.65's ``canned_queries`` hook: our queries, for databases with our tables."""
    db = datasette.databases.get(database)
    if db is None or not await is_sources_database(db):
        return {}
    return configured_queries(plugin_settings(datasette, database))


async def store_queries(datasette: Any) -> list[tuple[str, str]]:
    """The 1.0 alphas' route: store our queries with ``datasette.add_query()``.

    Called from the ``startup`` hook. Queries that ``datasette.yaml`` already
    defines under the same name are left alone. Returns the (database, name)
    pairs stored. On 0.65, which has no ``add_query``, this only checks the
    configuration, so a malformed ``queries:`` block stops Datasette at start
    on both lines rather than failing page by page (see :func:`store_queries_at_startup`).
    """
    stored: list[tuple[str, str]] = []
    add_query = getattr(datasette, "add_query", None)
    for name, db in list(datasette.databases.items()):
        queries = configured_queries(plugin_settings(datasette, name))
        if add_query is None or not queries or not await is_sources_database(db):
            continue
        for query_name, query in queries.items():
            existing = await datasette.get_query(name, query_name)
            if existing is not None and existing.source != PLUGIN_SOURCE:
                continue
            await add_query(
                name,
                query_name,
                query["sql"],
                title=query.get("title"),
                description=query.get("description"),
                description_html=query.get("description_html"),
                hide_sql=bool(query.get("hide_sql")),
                fragment=query.get("fragment"),
                parameters=query.get("params"),
                # Like queries from datasette.yaml: set by whoever runs the
                # instance, so readers may run them without execute-sql, and
                # they are not editable from the web UI.
                is_trusted=True,
                source=PLUGIN_SOURCE,
            )
            stored.append((name, query_name))
    return stored


async def store_queries_at_startup(datasette: Any) -> None:
    """The ``startup`` hook: :func:`store_queries`, a malformed block stopping Datasette."""
    try:
        await store_queries(datasette)
    except QueryConfigError as error:
        raise StartupError(str(error)) from error
