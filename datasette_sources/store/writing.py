"""Writing under a lock: one load's transactions never interleave with another's.

Two loads into one database at once (or a load beside a rescore) each begin
their write transactions with ``BEGIN IMMEDIATE``, so the second waits for the
first to commit and then sees what it wrote, rather than failing half way with
a UNIQUE constraint. Every string written is made storable first.

>>> import sqlite_utils
>>> db = sqlite_utils.Database(memory=True)
>>> with write_lock(db):
...     write_rows(db, "t", [{"title": "a\\ud800 b\\x00"}])
>>> [r["title"] for r in db["t"].rows]
['a\ufffd b']
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from ..inputs.decoding import needs_mending, storable

#: Milliseconds a write inside a load's transaction waits for a reader to finish.
WRITE_WAIT_MS = 60_000
#: Seconds between two tries to begin writing that failed without waiting.
RETRY_PAUSE = 0.05


def storable_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with every string one SQLite and UTF-8 can store, whatever its column.

    >>> storable_rows([{"title": "a\\ud800", "n": 1}])
    [{'title': 'a\ufffd', 'n': 1}]
    """
    return [{k: storable(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]


#: Values that go into SQLite as they are (strings once made storable).
_PLAIN = frozenset({str, int, float, bytes, type(None)})


def write_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``table``, every string made storable.

    Rows whose columns the table has and whose values are plain (text, numbers, bytes,
    null) go in with one prepared statement; any other batch goes through sqlite-utils,
    which adds missing columns and stores lists and dicts as JSON. (sqlite-utils looks
    at every value in Python, which was most of the cost of writing a batch.)

    >>> db = sqlite_utils.Database(memory=True)
    >>> write_rows(db, "t", [{"a": 1}])
    >>> write_rows(db, "t", [{"a": "x\\x00y"}, {}])
    >>> write_rows(db, "t", [{"a": 2, "b": ["new column"]}])
    >>> write_rows(db, "t", [{}])
    >>> [tuple(r) for r in db.execute("select a, b from t")]
    [(1, None), ('xy', None), (None, None), (2, '["new column"]'), (None, None)]
    """
    if not rows:
        return
    keys = rows[0].keys()
    if all(row.keys() == keys for row in rows):
        columns = list(keys)
    else:
        columns = list(dict.fromkeys(k for row in rows for k in row))
    have = {c.name for c in db[table].columns} if db[table].exists() else set()
    fits = columns and have.issuperset(columns)
    values = [[row.get(c) for c in columns] for row in rows] if fits else None
    flat = [v for vs in values for v in vs] if values is not None else []
    if values is None or not _PLAIN.issuperset(map(type, flat)):
        db[table].insert_all(storable_rows(rows), alter=True)
        return
    # One search over all the batch's text says whether any string needs mending.
    if needs_mending("".join([v for v in flat if type(v) is str])):
        for vs in values:
            for i, v in enumerate(vs):
                if type(v) is str:
                    vs[i] = storable(v)
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" * len(columns))
    db.conn.executemany(f"insert into [{table}] ({names}) values ({marks})", values)


@contextmanager
def write_lock(
    db: sqlite_utils.Database, on_wait: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """One write transaction, begun at once (``BEGIN IMMEDIATE``): another process
    writing to the same database is waited for, and what it wrote is seen.

    ``on_wait`` is called once if the lock was not free. Inside a transaction
    already, it is that transaction.
    """
    if db.conn.in_transaction:
        yield
        return
    until_free(db, "BEGIN IMMEDIATE", on_wait)
    # Inside, a write may wait for readers (Datasette, say, whose queries stop after
    # a second): give them a minute rather than fail an article for it.
    timeout = db.execute("pragma busy_timeout").fetchone()[0]
    db.execute(f"pragma busy_timeout = {max(timeout, WRITE_WAIT_MS)}")
    try:
        yield
        until_free(db, "COMMIT", on_wait)
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.execute(f"pragma busy_timeout = {timeout}")


def until_free(
    db: sqlite_utils.Database, sql: str | Callable[[], Any], on_wait: Callable[[], None]
) -> None:
    """Run ``sql`` (BEGIN or COMMIT, or a function that writes), again and again while
    another process holds the database; ``on_wait`` is called the first time. Each try
    waits SQLite's busy timeout; a try that fails at once (changing the journal mode
    waits for no one) is followed by a pause, so that waiting does not spin."""
    waited = False
    while True:
        started = time.monotonic()
        try:
            db.execute(sql) if isinstance(sql, str) else sql()
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
            if not waited:
                on_wait()
                waited = True
            if time.monotonic() - started < RETRY_PAUSE:
                time.sleep(RETRY_PAUSE)
