"""Which attached databases hold our tables, and the small reads every page makes.

A database is ours when its ``articles`` table has the columns our loader
writes (:data:`ARTICLE_CONTRACT`), whatever the file is called; another table
called ``articles`` is left alone.
"""

from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode

from .compat import can_view_table

#: The ``articles`` columns that tell our table from any other table called articles.
ARTICLE_CONTRACT = ("id", "title", "outlet", "score", "score_band")
#: Time limit for each count on the page, so a huge table never times the page out.
COUNT_TIME_LIMIT_MS = 200
#: How many ids one ``in (...)`` lookup binds.
IDS_PER_LOOKUP = 500


async def is_sources_database(db: Any) -> bool:
    """Whether ``db`` holds our ``articles`` table (not just any table called articles)."""
    if db.name == "_internal" or not await db.table_exists("articles"):
        return False
    return set(ARTICLE_CONTRACT) <= set(await db.table_columns("articles"))


async def source_databases(datasette: Any, actor: dict | None) -> list[Any]:
    """The attached databases that hold our ``articles`` table and ``actor`` may see."""
    found = []
    for name, db in datasette.databases.items():
        if await is_sources_database(db) and await can_view_table(
            datasette, actor, name, "articles"
        ):
            found.append(db)
    return found


def database_at_route(datasette: Any, route: str) -> Any | None:
    """The database a URL segment names (its tilde-encoded route), or None."""
    try:
        decoded = tilde_decode(route)
    except Exception:
        return None
    for db in datasette.databases.values():
        if (getattr(db, "route", None) or db.name) == decoded and db.name != "_internal":
            return db
    return None


async def table_names(db: Any) -> set[str]:
    """The names of the tables in ``db``."""
    return set(await db.table_names())


async def count_rows(db: Any, table: str) -> int | None:
    """Rows in ``table``, or None when counting takes too long."""
    try:
        result = await db.execute(
            f"select count(*) from [{table}]", custom_time_limit=COUNT_TIME_LIMIT_MS
        )
    except QueryInterrupted:
        return None
    return result.first()[0]


async def select_columns(db: Any, table: str, wanted: tuple[str, ...]) -> str:
    """A select list of ``wanted`` (constants, never request input); missing ones as null."""
    columns = set(await db.table_columns(table))
    return ", ".join(f"[{c}]" if c in columns else f"null as [{c}]" for c in wanted)


async def article_titles(db: Any, ids: set[str]) -> dict[str, dict]:
    """Title and outlet of each article in ``ids`` that exists."""
    found: dict[str, dict] = {}
    ids_list = sorted(i for i in ids if i)
    for start in range(0, len(ids_list), IDS_PER_LOOKUP):
        chunk = ids_list[start : start + IDS_PER_LOOKUP]
        marks = ", ".join("?" for _ in chunk)
        rows = await db.execute(
            f"select id, title, outlet, path from articles where id in ({marks})", chunk
        )
        for r in rows.rows:
            found[str(r["id"])] = {
                "title": r["title"] or r["path"] or str(r["id"]),
                "outlet": r["outlet"],
            }
    return found
