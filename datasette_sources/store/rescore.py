"""Scores from stored signal values: the one place scores and ``score_parts`` are written.

No text is read again: each article's score is rebuilt from its signal columns
and the weights in force, so changing a weight never means loading again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

import sqlite_utils

from .. import scoring
from ..plugins import all_signals
from .outlets import refresh_outlets
from .passage_carriers import count_passage_carriers, create_passage_carriers
from .progress import Phase, no_phase
from .rows import score_part_rows
from .schema import check_ownership
from .steps import RESCORE_ALL, begin_writing, die_here, end_writing, is_pending, step_done
from .summaries import count_speaker_days, count_speaker_outlets, recount_speakers
from .weights import weights_in_force, write_signals
from .writing import until_free, write_lock


def rescore(
    db: sqlite_utils.Database,
    weights: Mapping[str, float] | None = None,
    ids: Iterable[str] | None = None,
    batch_size: int = 1000,
    *,
    unscored: bool = False,
    phase: Phase = no_phase,
    on_wait: Callable[[], None] = lambda: None,
) -> int:
    """Recompute scores and ``score_parts``, then the outlet summaries; return how many.

    ``weights`` override the weights in force (and become the weights in force).
    ``ids`` limits the work to those articles, and ``unscored=True`` adds every
    article that has no score band yet (a load writes new articles unscored, so that
    each is scored once, after the story pass has set its copy signals).

    When the weights in force change, every article is rescored, whatever
    ``ids`` says; until that is done the database records it as owed, so that
    a rerun of any command completes it after a kill.
    ``phase`` hears of the scoring as it starts and goes (see :mod:`.progress`).

    Each write is a transaction of its own that waits for another process writing to
    the database (a load, say), as a load does; ``on_wait`` is called once if one had
    to. No query stays open across a write: a batch is read whole, then written.
    """
    signals = all_signals()
    check_ownership(db, signals)
    in_force = weights_in_force(db, signals, weights)
    until_free(db, lambda: begin_writing(db), on_wait)
    with write_lock(db, on_wait):
        write_signals(db, signals, in_force)
    everything = is_pending(db, RESCORE_ALL)
    if everything:
        ids = None
    columns = ["id", "sentence_count", "credit_kind", "credit", "bylines", "language"] + [
        s.name for s in signals
    ]
    # A database made before a column existed is scored without it.
    columns = [c for c in columns if c in db["articles"].columns_dict]
    select = "select " + ", ".join(f"[{c}]" for c in columns) + " from articles"
    if unscored and not everything:
        # Ids first: a cursor over "score is null" would walk the score index that the
        # updates below change under it.
        ids = set(ids or ()) | {
            r[0] for r in db.execute("select id from articles where score_band is null")
        }
    total = len(ids) if ids is not None else db["articles"].count
    advance = phase("scoring", total)
    done = 0
    for rows in _batches(db, select, ids, batch_size):
        if not rows:
            continue
        updates, parts, touched = [], [], []
        for values in rows:
            row = dict(zip(columns, values, strict=True))
            result = scoring.score(row, signals, in_force)
            updates.append((result.score, result.band, row["id"]))
            parts += score_part_rows(row["id"], result)
            touched.append(row["id"])
        with write_lock(db, on_wait):
            marks = ",".join("?" * len(touched))
            db.execute(f"delete from score_parts where article_id in ({marks})", touched)
            db["score_parts"].insert_all(parts)
            db.conn.executemany(
                "update articles set score = ?, score_band = ? where id = ?", updates
            )
        done += len(rows)
        die_here("scores written")
        advance(len(rows))
    if ids is None:
        with write_lock(db, on_wait):  # before the step is done: a kill here leaves it owed
            recount_speakers(db)
            count_speaker_outlets(db)
            count_speaker_days(db)
            create_passage_carriers(db)
            count_passage_carriers(db)
        with write_lock(db, on_wait):
            step_done(db, RESCORE_ALL)
    with write_lock(db, on_wait):
        refresh_outlets(db)
    die_here("outlets written")
    end_writing(db)
    return done


def _batches(
    db: sqlite_utils.Database, select: str, ids: Iterable[str] | None, batch_size: int
) -> Iterator[list[tuple]]:
    """The rows of the articles to rescore, a batch at a time: chunks of ``ids``, or all
    articles in rowid order, each batch read after the last one's rowid.

    Each batch is a query of its own, read whole before it is handed on: a query left
    open while the batch before is written would hold a snapshot that, once another
    process has written, can no longer write.
    """
    if ids is None:
        paged = select.replace("select ", "select rowid, ", 1)
        last = None
        while True:  # ends when a batch comes back empty
            after, params = ("", []) if last is None else (" where rowid > ?", [last])
            rows = db.execute(f"{paged}{after} order by rowid limit {batch_size}", params)
            batch = rows.fetchall()
            if not batch:
                return
            last = batch[-1][0]
            yield [row[1:] for row in batch]
    wanted = sorted(ids)
    for i in range(0, len(wanted), batch_size):
        chunk = wanted[i : i + batch_size]
        marks = ",".join("?" * len(chunk))
        yield db.execute(f"{select} where id in ({marks})", chunk).fetchall()
