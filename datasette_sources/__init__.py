"""datasette-sources: score how carefully news articles are sourced, and browse it in Datasette.

This module holds only the Datasette hooks, each handing off to a module of
:mod:`datasette_sources.web`. The hooks are marked with a pluggy marker for
the ``datasette`` project (what ``datasette.hookimpl`` is), and ``web`` is
imported inside them, so that importing the reading core
(``datasette_sources.anatomy`` and friends) never imports Datasette.

``hookimpl`` below is something else: the marker of this package's own hooks,
with which packages register signals (see :mod:`datasette_sources.hookspecs`).
"""

from __future__ import annotations

import pluggy

from .hookspecs import hookimpl

__all__ = ["hookimpl"]

#: Datasette's hook marker: equivalent to ``datasette.hookimpl``, without importing Datasette.
datasette_hookimpl = pluggy.HookimplMarker("datasette")


@datasette_hookimpl
def register_routes():
    from .web import pages

    return pages.routes()


@datasette_hookimpl
def render_cell(row, value, column, table, database, datasette):
    # Only arguments that both Datasette 0.65 and the 1.0 alphas pass.
    from .web import cell_links, cells

    badge = cells.render_cell(value, column, table, row)
    return cell_links.render_link(datasette, database, table, column, value, row, badge)


@datasette_hookimpl
def get_metadata(datasette, key, database, table):
    # Datasette 0.65: our tables' titles, descriptions and facets on every database
    # holding them; its local metadata wins. The 1.0 alphas get them at startup.
    from .web import tables

    return tables.plugin_metadata(datasette)


@datasette_hookimpl
def asgi_wrapper(datasette):
    # The default columns of our table pages: article text left out, sentence text first.
    from .web import columns

    def wrap(app):
        return columns.wrap(app, datasette)

    return wrap


@datasette_hookimpl
def extra_body_script(database, view_name, datasette):
    from .web import columns

    return columns.fold_descriptions_script(datasette, database, view_name)


@datasette_hookimpl
def prepare_jinja2_environment(env, datasette):
    # sources_number, sources_date, sources_plural for the plugin's templates.
    from .web import formats

    env.filters.update(formats.FILTERS)


@datasette_hookimpl
def extra_css_urls(datasette):
    from .web import pages

    return pages.css_urls(datasette)


@datasette_hookimpl
def menu_links(datasette):
    from .web import pages

    return pages.menu_links(datasette)


@datasette_hookimpl
def prepare_connection(conn):
    # sources_score(text) and sources_signals(text) on every database.
    from . import sql_functions

    sql_functions.register(conn)


@datasette_hookimpl
def canned_queries(datasette, database):
    # Datasette 0.65; the 1.0 alphas have no such hook and get the queries at startup.
    from .web import queries

    async def inner():
        return await queries.queries_for_database(datasette, database)

    return inner


@datasette_hookimpl
def startup(datasette):
    from .web import queries, tables

    async def inner():
        await tables.remember_databases(datasette)
        await tables.apply_to_instance(datasette)
        await queries.store_queries_at_startup(datasette)

    return inner
