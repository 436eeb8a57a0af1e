"""Steps that must complete: each is recorded as pending until it has, so a rerun completes it.

A load is a chain of transactions (batches of articles, the story pass,
rescoring, outlet summaries). A ``kill -9`` between two of them leaves a
database in which every transaction is whole but the chain is not. The
``pending_steps`` table says which steps a later run still owes: a step is
marked in the same transaction as the change that makes it necessary, and
cleared only once it has run. Derived values that a step invalidates (a score
whose copy signals changed) are cleared in the same transaction too, so a rerun
recomputes them rather than trusting them.

While a command writes, the database is in WAL mode (:func:`begin_writing`): a
killed writer never leaves a hot journal that a read-only reader (Datasette)
would have to roll back. :func:`end_writing` puts it back in rollback-journal
mode, so a finished database is one self-contained file, as before.

>>> import sqlite_utils
>>> db = sqlite_utils.Database(memory=True)
>>> with db.atomic():
...     mark_pending(db, STORY_PASS)
>>> is_pending(db, STORY_PASS), is_pending(db, RESCORE_ALL)
(True, False)
>>> step_done(db, STORY_PASS); is_pending(db, STORY_PASS)
False
"""

from __future__ import annotations

import os
import signal
import sqlite3
from datetime import datetime, timezone

import sqlite_utils

#: The table of steps still owed, and its columns.
PENDING_TABLE = "pending_steps"
PENDING_COLUMNS: dict[str, type] = {"step": str, "since": str}
#: Stories, copies and copy signals must be worked out again (articles were added or replaced).
STORY_PASS = "story pass"
#: Every article must be scored again (the weights in force changed).
RESCORE_ALL = "rescore"

#: The environment variable that makes the process kill itself at a named point
#: (tests use it to check that a rerun completes whatever a kill left behind).
DIE_AT = "DATASETTE_SOURCES_DIE_AT"


def mark_pending(db: sqlite_utils.Database, step: str) -> None:
    """Record ``step`` as owed; call it inside the transaction that makes it necessary."""
    if not db[PENDING_TABLE].exists():  # a database made before this table existed
        db[PENDING_TABLE].create(PENDING_COLUMNS, pk="step")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    db.execute(f"insert or ignore into [{PENDING_TABLE}] (step, since) values (?, ?)", [step, now])


def is_pending(db: sqlite_utils.Database, step: str) -> bool:
    """Is ``step`` still owed (by this run or by one that was killed)?"""
    if not db[PENDING_TABLE].exists():
        return False
    query = f"select 1 from [{PENDING_TABLE}] where step = ?"
    return db.execute(query, [step]).fetchone() is not None


def step_done(db: sqlite_utils.Database, step: str) -> None:
    """``step`` has run to its end."""
    with db.atomic():
        db.execute(f"delete from [{PENDING_TABLE}] where step = ?", [step])


_reached: dict[str, int] = {}


def die_here(point: str) -> None:
    """Kill this process, as ``kill -9`` would, when :data:`DIE_AT` names ``point``.

    ``point#n`` names its n-th passage (``batch written#2``). Nothing is flushed or
    rolled back: what is on disk is what a real kill leaves.
    """
    wanted = os.environ.get(DIE_AT)
    if not wanted:
        return
    _reached[point] = _reached.get(point, 0) + 1
    if wanted in (point, f"{point}#{_reached[point]}"):
        os.kill(os.getpid(), signal.SIGKILL)


def begin_writing(db: sqlite_utils.Database) -> None:
    """Write in WAL mode: a kill then never leaves a journal that a reader must roll back."""
    if not db.memory and db.journal_mode != "wal":
        db.enable_wal()


def end_writing(db: sqlite_utils.Database) -> None:
    """Fold the log back into the file and leave WAL mode: a finished database is one file.

    If another connection (a running Datasette) holds the file, it stays in WAL
    mode, which that reader handles; nothing is lost either way.
    """
    if db.memory or db.conn.in_transaction:
        return
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.disable_wal()
    except sqlite3.OperationalError:
        pass  # busy: a reader has it open, and WAL mode suits that reader
