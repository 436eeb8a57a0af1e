"""Our tables' titles, descriptions, facets and sort orders, on every database that holds them.

``data/tables.yml`` holds them once, in Datasette's metadata format. The
plugin applies them to each database whose ``articles`` table is ours (see
:func:`~.databases.is_sources_database`), whatever the file is called; what the
instance's own metadata or configuration sets wins, key by key.

- Datasette 0.65 asks plugins for metadata through the ``get_metadata`` hook
  and merges its local metadata over their answers: :func:`plugin_metadata`.
- The 1.0 alphas have no such hook: at startup, :func:`apply_to_instance`
  adds the table settings to ``datasette.config`` and the titles and
  descriptions to the internal metadata tables, wherever nothing is set.

Which databases are ours is decided at startup (:func:`remember_databases`),
because ``get_metadata`` and ``render_cell`` are called synchronously, many
times per page; a database attached later is checked once, when first seen.
"""

from __future__ import annotations

import functools
import weakref
from importlib import resources
from typing import Any

import yaml

from .compat import TABLE_CONFIG_KEYS, fill_instance_metadata, table_config_of
from .databases import is_sources_database

#: Datasette instance -> {database name: whether it holds our tables}.
_OURS: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()


def copy_tree(value: Any) -> Any:
    """A copy of nested dicts and lists (the strings shared): cheaper than ``copy.deepcopy``.

    >>> tree = {"a": [1, {"b": "c"}]}
    >>> copied = copy_tree(tree)
    >>> copied == tree, copied["a"] is tree["a"]
    (True, False)
    """
    if isinstance(value, dict):
        return {k: copy_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_tree(v) for v in value]
    return value


@functools.cache
def defaults() -> dict:
    """``data/tables.yml``: ``description``, ``tables`` and ``html_columns``.

    >>> sorted(defaults())
    ['description', 'html_columns', 'tables']
    >>> defaults()["tables"]["articles"]["facets"]
    ['outlet', 'score_band', 'credit_kind']
    """
    text = resources.files("datasette_sources").joinpath("data/tables.yml").read_text("utf-8")
    return yaml.safe_load(text)


async def remember_databases(datasette: Any) -> set[str]:
    """Find the attached databases that hold our tables; the ``startup`` hook calls it."""
    found = _OURS.setdefault(datasette, {})
    for name, db in list(datasette.databases.items()):
        found[name] = await is_sources_database(db)
    return {name for name, ours in found.items() if ours}


def known_ours(datasette: Any, database: str | None) -> bool | None:
    """Whether ``database`` holds our tables; None when it has not been checked yet."""
    if database is None:
        return None
    return _OURS.get(datasette, {}).get(database)


async def is_ours(datasette: Any, database: str | None) -> bool:
    """Whether ``database`` holds our tables, checking (once) a database attached after startup."""
    known = known_ours(datasette, database)
    if known is not None:
        return known
    db = datasette.databases.get(database) if database else None
    ours = db is not None and await is_sources_database(db)
    if db is not None:
        _OURS.setdefault(datasette, {})[database] = ours
    return ours


def ours(datasette: Any) -> list[str]:
    """The names of the databases known to hold our tables."""
    return sorted(name for name, is_it in _OURS.get(datasette, {}).items() if is_it)


def database_metadata() -> dict:
    """What one of our databases gets: its description and its tables' metadata (a copy).

    >>> meta = database_metadata()
    >>> meta["tables"]["story_keys"]["hidden"]
    True
    >>> "score_band" in meta["tables"]["articles"]["columns"]
    True
    """
    # A fresh copy each time: Datasette 0.65 merges its local metadata into what
    # get_metadata returns, in place.
    found = defaults()
    return copy_tree({"description": found["description"], "tables": found["tables"]})


def plugin_metadata(datasette: Any) -> dict:
    """Datasette 0.65's ``get_metadata`` hook: our metadata for each of our databases.

    Datasette merges its local metadata (``-m metadata.yml``) over this, so
    whatever the instance sets for one of these keys wins.
    """
    names = ours(datasette)
    if not names:
        return {}
    return {"databases": {name: database_metadata() for name in names}}


async def apply_to_instance(datasette: Any) -> list[str]:
    """The 1.0 alphas: give each of our databases our table settings and metadata.

    Table settings (facets, sort orders, label columns, hidden tables) go into
    ``datasette.config`` where the configuration has none; titles and
    descriptions go into the internal metadata tables where metadata.yml set
    none. Does nothing on 0.65, which takes them from :func:`plugin_metadata`.
    Returns the databases given metadata.
    """
    config = table_config_of(datasette)
    if config is None:
        return []
    names = ours(datasette)
    for name in names:
        meta = database_metadata()
        tables = config.setdefault("databases", {}).setdefault(name, {}).setdefault("tables", {})
        for table, settings in meta["tables"].items():
            configured = tables.setdefault(table, {})
            for key in TABLE_CONFIG_KEYS:
                if key in settings and key not in configured:
                    configured[key] = settings[key]
        await fill_instance_metadata(datasette, name, meta)
    return names


def html_columns(
    table: str, columns: list[str], pks: list[str], settings: dict
) -> list[str] | None:
    """The columns the HTML page of ``table`` shows by default, or None for all of them.

    ``columns`` are the table's columns in order, ``pks`` its primary key;
    ``settings`` the plugin's configuration, whose ``html_columns`` replaces
    ours table by table (an empty mapping: every column, in the table's order).

    >>> html_columns("articles", ["id", "title", "body", "score"], ["id"], {})
    ['id', 'title', 'score']
    >>> html_columns("sentences", ["article_id", "position", "kind", "text"],
    ...              ["article_id", "position"], {})
    ['article_id', 'position', 'text', 'kind']
    >>> html_columns("articles", ["id", "body"], ["id"], {"html_columns": {"articles": {}}})
    >>> html_columns("parts", ["article_id", "text"], [], {})
    """
    configured = dict(defaults().get("html_columns") or {})
    configured.update((settings or {}).get("html_columns") or {})
    rule = configured.get(table) or {}
    hide = [c for c in rule.get("hide") or [] if c in columns]
    first = [c for c in rule.get("first") or [] if c in columns and c not in hide]
    if not hide and not first:
        return None
    shown = [c for c in columns if c not in hide]
    if first:
        # After the primary key, which Datasette always shows first.
        keys = [c for c in shown if c in pks]
        rest = [c for c in shown if c not in keys and c not in first]
        shown = keys + first + rest
    return shown
