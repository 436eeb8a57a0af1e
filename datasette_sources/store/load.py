"""Load articles into SQLite: read each input, write its rows in batches, then the corpus stage.

The only module that writes articles; the steps are the pipeline's, in order:
inputs -> reading (with signals) -> rows -> the story pass -> scores -> outlets.

>>> import sqlite_utils, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Headline here\\n\\nThe mayor resigned, officials said.")
>>> db = sqlite_utils.Database(memory=True)
>>> summary = load(db, [str(d)])
>>> summary.loaded, db["articles"].count, db["sentences"].count
(1, 1, 1)
>>> load(db, [str(d)]).unchanged
1
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import sqlite_utils

from ..inputs import Bounds, ColumnMap, Failure, Record, read_paths
from ..inputs.decoding import storable
from ..model import Article
from ..plugins import all_signals
from ..reading import TooManySentences, read_article
from ..signals import Signal
from ..signals.readability import bound_word_caches
from .rescore import rescore
from .rows import article_rows, failure_rows
from .schema import ensure_schema
from .stories import link_stories
from .weights import weights_in_force, write_signals
from .workers import DEFAULT_TIME_BUDGET, ReadingPool, one_line

#: Milliseconds a write inside a load's transaction waits for a reader to finish.
WRITE_WAIT_MS = 60_000

#: The tables that hold one article's rows besides ``articles``.
ARTICLE_TABLES = ("sentences", "parts", "quotes", "score_parts", "story_keys")


@dataclass
class LoadSummary:
    """What a load did. ``failures`` are also in the ``load_errors`` table."""

    loaded: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    #: Did the load wait for another process writing to the same database?
    waited: bool = False

    @property
    def failed(self) -> int:
        return len(self.failures)


def read_record(
    record: Record, signals: list[Signal], max_sentences: int | None = None
) -> Article | Failure:
    """One input record through the whole reading core (a Failure past a bound)."""
    try:
        return read_article(
            record.text,
            path=record.path,
            url=record.url,
            title=record.title,
            outlet=record.outlet,
            published=record.published,
            signals=signals,
            format=record.format,
            max_sentences=max_sentences,
        )
    except TooManySentences as e:
        return Failure(record.path, str(e), record.line)


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size``, the last one shorter.

    >>> list(batches(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def record_failures(db: sqlite_utils.Database, failures: list[Failure]) -> None:
    """Write failures to ``load_errors`` (the same failure of the same input once)."""
    db["load_errors"].upsert_all(storable_rows(failure_rows(failures)), pk="id")


def storable_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with every string one SQLite and UTF-8 can store, whatever its column.

    >>> storable_rows([{"title": "a\\ud800", "n": 1}])
    [{'title': 'a\ufffd', 'n': 1}]
    """
    return [{k: storable(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]


@contextmanager
def write_lock(db: sqlite_utils.Database, on_wait: Callable[[], None] = lambda: None):
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


def until_free(db: sqlite_utils.Database, sql: str, on_wait: Callable[[], None]) -> None:
    """Run ``sql`` (BEGIN or COMMIT), again and again while another process holds the
    database; ``on_wait`` is called the first time. Each try waits SQLite's busy timeout."""
    waited = False
    while True:
        try:
            db.execute(sql)
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
            if not waited:
                on_wait()
                waited = True


def load(
    db: sqlite_utils.Database,
    paths: Iterable[str],
    *,
    columns: ColumnMap | None = None,
    replace: bool = False,
    weights: Mapping[str, float] | None = None,
    batch_size: int = 200,
    progress: Callable[[int], None] = lambda n: None,
    on_failure: Callable[[Failure], None] = lambda f: None,
    bounds: Bounds | None = None,
    workers: int = 1,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    on_wait: Callable[[], None] = lambda: None,
) -> LoadSummary:
    """Read every article under ``paths`` into ``db``; return what happened.

    Articles already in the database (same id) are left alone unless
    ``replace`` is true. Inputs that cannot be read or written go to
    ``load_errors`` and into the summary; they never stop the load. ``weights``
    override the weights in force (the ``signals`` table, else the package defaults).

    Each record is read in one of ``workers`` processes (0: in this one), within
    ``time_budget`` seconds, and must stay within ``bounds``. Another load
    writing to the same database is waited for (``on_wait`` is called once).

    New articles are written unscored; once every batch is in, the story pass
    links them to the rest of the corpus and each is scored once, with its copy
    signals known.
    """
    signals = all_signals()
    bounds = bounds or Bounds()
    summary = LoadSummary()

    def wait() -> None:
        if not summary.waited:
            summary.waited = True
            on_wait()

    with write_lock(db, wait):
        ensure_schema(db, signals)
        write_signals(db, signals, weights_in_force(db, signals, weights))
    seen: set[str] = set()
    # Input bytes are reported once the articles they hold are written, so a
    # progress bar never runs ahead of the database.
    pending = [0]

    def count(n: int) -> None:
        pending[0] += n

    stream = read_paths(paths, columns, count, bounds)
    read = partial(read_record, signals=signals, max_sentences=bounds.max_sentences)
    cleared: set[str] = set()  # load_errors keeps only the latest load of each input
    with ReadingPool(read, workers=workers, time_budget=time_budget) as pool:
        for batch in batches(pool.read(stream), batch_size):
            fresh = {item.path for item, _ in batch} - cleared
            cleared |= fresh
            with write_lock(db, wait):
                failures = write_batch(db, batch, replace, seen, summary)
                if fresh:
                    marks = ",".join("?" * len(fresh))
                    db.execute(f"delete from load_errors where path in ({marks})", sorted(fresh))
                if failures:
                    record_failures(db, failures)
            for f in failures:
                on_failure(f)
            summary.failures.extend(failures)
            bound_word_caches()
            if pending[0]:
                progress(pending[0])
                pending[0] = 0
    if pending[0]:  # bytes read after the last article, e.g. a trailing blank line
        progress(pending[0])
    # One story pass at a time: a second load of the same input finds it done.
    with write_lock(db, wait):
        changed = link_stories(db)
        rescore(db, ids=changed, unscored=True)
    return summary


def write_batch(
    db: sqlite_utils.Database,
    batch: list[tuple[Record | Failure, Article | Failure]],
    replace: bool,
    seen: set[str],
    summary: LoadSummary,
) -> list[Failure]:
    """Write one batch's articles (inside a write lock); return the batch's failures.

    Which articles are new is decided here, under the lock, so that a load
    running at the same time never writes the same article twice. If the batch
    cannot be written whole, each article is written on its own and one that
    still fails is a Failure.
    """
    failures = [result for _, result in batch if isinstance(result, Failure)]
    read = [(a, r) for r, a in batch if isinstance(a, Article) and isinstance(r, Record)]
    ids = [a.id for a, _ in read]
    marks = ",".join("?" * len(ids))
    existing = (
        {r[0] for r in db.execute(f"select id from articles where id in ({marks})", ids)}
        if ids
        else set()
    )
    wanted: list[tuple[Article, Record, dict[str, list[dict[str, Any]]]]] = []
    for art, rec in read:
        if art.id in seen or (art.id in existing and not replace):
            summary.unchanged += 1
            continue
        seen.add(art.id)
        try:
            wanted.append((art, rec, article_rows(art, rec)))
        except Exception as e:  # one bad article never stops a load
            failures.append(Failure(rec.path, f"could not write article: {one_line(e)}", rec.line))
    try:
        with db.atomic():
            write_articles(db, [(a, rows) for a, _, rows in wanted], existing)
        written = wanted
    except Exception:
        written = []
        for art, rec, rows in wanted:
            try:
                with db.atomic():
                    write_articles(db, [(art, rows)], existing)
                written.append((art, rec, rows))
            except Exception as e:
                failures.append(
                    Failure(rec.path, f"could not write article: {one_line(e)}", rec.line)
                )
    for art, _, _ in written:
        if art.id in existing:
            summary.replaced += 1
        else:
            summary.loaded += 1
    return failures


def write_articles(
    db: sqlite_utils.Database,
    articles: list[tuple[Article, dict[str, list[dict[str, Any]]]]],
    existing: set[str],
) -> None:
    """Write articles' rows, replacing the rows of those already in the database."""
    to_delete = [a.id for a, _ in articles if a.id in existing]
    if to_delete:
        marks = ",".join("?" * len(to_delete))
        for table in ARTICLE_TABLES:
            db.execute(f"delete from [{table}] where article_id in ({marks})", to_delete)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, article_rows_ in articles:
        for table, trows in article_rows_.items():
            rows[table].extend(trows)
    db["articles"].upsert_all(storable_rows(rows.get("articles", [])), pk="id", alter=True)
    for table in ARTICLE_TABLES:
        if rows.get(table):
            db[table].insert_all(storable_rows(rows[table]), alter=True)
