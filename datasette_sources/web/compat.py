"""Where Datasette 0.65.x and the 1.0 alphas differ, one helper per difference.

Permissions, instance metadata, table settings and nested plugin
configuration moved between the two lines; each helper here picks the API
that is there, so the rest of the plugin calls one function on both.
"""

from __future__ import annotations

from typing import Any

#: The name Datasette knows this plugin by: the distribution name. It is the
#: key under ``plugins:`` in metadata.yml and the folder of the static files.
PLUGIN_NAME = "datasette-sources"


async def can_view_table(datasette: Any, actor: dict | None, database: str, table: str) -> bool:
    """Whether ``actor`` may see ``database``/``table``, on either Datasette line."""
    if hasattr(datasette, "allowed"):  # 1.0 alphas: resources and datasette.allowed()
        from datasette.resources import TableResource

        return await datasette.allowed(
            action="view-table", resource=TableResource(database, table), actor=actor
        )
    visible, _private = await datasette.check_visibility(  # 0.65
        actor,
        permissions=[
            ("view-table", (database, table)),
            ("view-database", database),
            "view-instance",
        ],
    )
    return visible


async def instance_metadata(datasette: Any) -> dict:
    """Title, license, source... of the instance (for the page footer)."""
    if hasattr(datasette, "get_instance_metadata"):  # 1.0 alphas
        return dict(await datasette.get_instance_metadata() or {})
    return dict(datasette.metadata() or {})  # 0.65


async def table_settings(datasette: Any, database: str, table: str) -> dict:
    """A table's settings (facets, sort...) from metadata (0.65) or configuration (1.0a)."""
    if hasattr(datasette, "table_config"):  # 1.0 alphas, after moving them out of metadata
        return dict(await datasette.table_config(database, table) or {})
    return dict(datasette.table_metadata(database, table) or {})  # 0.65


def plugin_settings(datasette: Any, database: str | None = None) -> dict:
    """This plugin's configuration, database-level keys over top-level ones.

    The ``plugins: datasette-sources:`` block of metadata.yml (0.65) or of the
    configuration (1.0 alphas, which move ``plugins`` out of metadata when
    Datasette starts). Merged by hand because 1.0a's ``plugin_config(name,
    database=...)`` does not fall back to the top level when the database has
    any configuration at all (its ``tables:`` settings count).
    """
    settings: dict = dict(datasette.plugin_config(PLUGIN_NAME) or {})
    if database is not None:
        nested = datasette.plugin_config(PLUGIN_NAME, database=database, fallback=False)
        settings.update(nested or {})
    return settings


#: The table settings the 1.0 alphas read from their configuration rather than
#: from metadata (``datasette.utils.move_table_config`` moves these).
TABLE_CONFIG_KEYS = (
    "hidden",
    "sort",
    "sort_desc",
    "size",
    "sortable_columns",
    "label_column",
    "facets",
    "fts_table",
    "fts_pk",
    "searchmode",
)


def table_config_of(datasette: Any) -> dict | None:
    """The 1.0 alphas' configuration (a dict it reads table settings from); None on 0.65."""
    if not hasattr(datasette, "table_config"):
        return None
    if datasette.config is None:
        datasette.config = {}
    return datasette.config


async def fill_instance_metadata(datasette: Any, database: str, meta: dict) -> None:
    """The 1.0 alphas: store ``meta``'s description, table titles, descriptions and column
    descriptions for ``database`` wherever the instance's metadata set none.

    One ``insert or ignore`` per kind into the internal metadata tables (documented
    in Datasette's internals), whose unique keys keep what metadata.yml put there.
    """
    rows = [(database, "description", str(meta["description"]))]
    tables, columns = [], []
    for table, settings in meta["tables"].items():
        for key in ("title", "description", "description_html"):
            if key in settings:
                tables.append((database, table, key, str(settings[key])))
        for column, text in (settings.get("columns") or {}).items():
            columns.append((database, table, column, "description", str(text)))
    internal = datasette.get_internal_database()
    await internal.execute_write_many(
        "insert or ignore into metadata_databases (database_name, key, value) values (?, ?, ?)",
        rows,
    )
    await internal.execute_write_many(
        "insert or ignore into metadata_resources (database_name, resource_name, key, value) "
        "values (?, ?, ?, ?)",
        tables,
    )
    await internal.execute_write_many(
        "insert or ignore into metadata_columns "
        "(database_name, resource_name, column_name, key, value) values (?, ?, ?, ?, ?)",
        columns,
    )
