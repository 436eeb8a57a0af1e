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
