"""Is this database ours to change? Tables, views and triggers of the same names as ours
that belong to someone else, found before anything is written.

A table is ours when it has our primary key, the columns that identify it
(an older version of ours may lack later columns, never these), and no column
of ours with another type. A view with one of our views' names is ours in a
database whose ``articles`` table is ours. An FTS index is ours when it indexes
our table.

>>> import sqlite_utils
>>> db = sqlite_utils.Database(memory=True)
>>> _ = db.execute("create table articles (id integer primary key, headline, content)")
>>> expected = {"articles": ({"id": str, "title": str}, "id")}
>>> find_conflicts(db, expected, {"articles": ("id", "title")}, views=[], fts={})
['table articles: id is INTEGER, ours is TEXT; no column title']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils


class SchemaConflict(ValueError):
    """The database holds tables or views of our names that are not ours; nothing was changed."""

    def __init__(self, conflicts: list[str]):
        self.conflicts = conflicts
        super().__init__(
            "this database has tables or views that datasette-sources did not make, "
            "with the names it needs: "
            + "; ".join(conflicts)
            + ". Nothing was changed. Load into a new database file, or rename those."
        )


def _affinity(declared: str) -> str:
    """SQLite's type affinity of a declared column type: FLOAT and REAL count as one.

    >>> _affinity("INTEGER"), _affinity("float"), _affinity(""), _affinity("varchar(10)")
    ('integer', 'real', 'blob', 'text')
    """
    t = declared.upper()
    if "INT" in t:
        return "integer"
    if any(k in t for k in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if not t or "BLOB" in t:
        return "blob"
    if any(k in t for k in ("REAL", "FLOA", "DOUB")):
        return "real"
    return "numeric"


_AFFINITY_OF_TYPE = {str: "text", int: "integer", float: "real"}
_SQL_NAME = {"text": "TEXT", "integer": "INTEGER", "real": "FLOAT"}


def _table_conflict(
    db: sqlite_utils.Database,
    name: str,
    columns: Mapping[str, type],
    pk: Any,
    identity: Iterable[str],
) -> str | None:
    # table_info rows: cid, name, declared type, notnull, default, place in the primary key
    info = db.execute(f"pragma table_info([{name}])").fetchall()
    found = {r[1]: r[2] for r in info}
    have_pk = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
    wanted_pk = [pk] if isinstance(pk, str) else list(pk or [])
    problems = []
    if wanted_pk and have_pk != wanted_pk:
        problems.append(
            f"primary key is ({', '.join(have_pk) or 'rowid'}), ours is ({', '.join(wanted_pk)})"
        )
    for column, typ in columns.items():
        if column in found:
            ours = _AFFINITY_OF_TYPE.get(typ, "text")
            theirs = _affinity(found[column])
            if theirs != ours and {theirs, ours} != {"integer", "real"}:
                declared = found[column] or "untyped"
                problems.append(f"{column} is {declared}, ours is {_SQL_NAME[ours]}")
    missing = [c for c in identity if c not in found]
    if missing:
        problems.append("no column " + ", ".join(missing))
    return f"table {name}: " + "; ".join(problems) if problems else None


def _fts_target(sql: str | None) -> str | None:
    """The table an FTS index indexes, from its CREATE VIRTUAL TABLE statement."""
    m = re.search(r"content\s*=\s*[\[\"'`]?(\w+)", sql or "", re.I)
    return m.group(1) if m else None


def find_conflicts(
    db: sqlite_utils.Database,
    tables: Mapping[str, tuple[Mapping[str, type], Any]],
    identity: Mapping[str, Iterable[str]],
    views: Iterable[str],
    fts: Mapping[str, str],
) -> list[str]:
    """Every object of ours (``tables``, ``views``, ``fts``: index -> indexed table) that
    exists in ``db`` and is not ours, said in a few words. Reads only."""
    kinds = {
        name: (kind, sql)
        for name, kind, sql in db.execute("select name, type, sql from sqlite_master")
    }
    conflicts = []
    foreign: set[str] = set()
    for name, (columns, pk) in tables.items():
        kind, sql = kinds.get(name, (None, None))
        if kind is None:
            continue
        if kind != "table" or (sql or "").upper().startswith("CREATE VIRTUAL"):
            problem: str | None = f"{name} is a {kind}, not a table"
        else:
            problem = _table_conflict(db, name, columns, pk, identity.get(name, ()))
        if problem:
            conflicts.append(problem)
            foreign.add(name)
    articles_ours = "articles" in kinds and "articles" not in foreign
    for name in views:
        kind, _ = kinds.get(name, (None, None))
        if kind is None:
            continue
        if kind != "view":
            conflicts.append(f"{name} is a {kind}, where datasette-sources keeps a view")
        elif not articles_ours:
            conflicts.append(f"view {name} is not one of ours (there is no articles table of ours)")
    for index, table in fts.items():
        kind, sql = kinds.get(index, (None, None))
        if kind is not None:
            if _fts_target(sql) != table:
                conflicts.append(f"{index} is not a full-text index of {table}")
            continue
        # We would create the index, its shadow tables and three triggers: none may exist.
        for shadow in ("_data", "_idx", "_docsize", "_config", "_content"):
            if index + shadow in kinds:
                conflicts.append(f"{index + shadow} exists without {index}")
        for suffix in ("_ai", "_ad", "_au"):
            if table + suffix in kinds:
                conflicts.append(f"trigger {table + suffix} exists without {index}")
    return conflicts
