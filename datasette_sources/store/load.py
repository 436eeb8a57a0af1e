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

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import sqlite_utils

from ..inputs import Bounds, ColumnMap, Failure, Record
from ..model import Article
from ..plugins import all_signals
from ..reading import TooManySentences, read_article
from ..reading.outlet_names import OutletNames, default_outlet_names
from ..reading.pipeline import article_id
from ..signals import Signal
from ..signals.readability import bound_word_caches
from .furniture import learn_furniture
from .progress import Phase, no_phase
from .readings import ReadingsFolder, ReadRows, furniture_inputs, read_inputs
from .rescore import rescore
from .rows import article_rows, failure_rows
from .schema import check_ownership, create_indexes, ensure_schema
from .speakers import forget_speakers, link_speakers
from .steps import (
    STORY_PASS,
    begin_writing,
    die_here,
    end_writing,
    is_pending,
    mark_pending,
    step_done,
)
from .stories import link_stories
from .story_index import forget_story_keys
from .summaries import compact, is_big_load
from .weights import weights_in_force, write_signals
from .workers import DEFAULT_TIME_BUDGET, ReadingPool, one_line
from .writing import storable_rows, until_free, write_lock, write_rows

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
    record: Record,
    signals: list[Signal],
    names: OutletNames | None = None,
    furniture: Mapping[str, frozenset[int]] | None = None,
    max_sentences: int | None = None,
) -> Article | Failure:
    """One input record through the whole reading core, with the outlet names credit is
    read with and each outlet's learned page furniture (a Failure past a bound)."""
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
            byline=record.byline,
            names=names,
            furniture=(furniture or {}).get(record.outlet or ""),
            max_sentences=max_sentences,
        )
    except TooManySentences as e:
        return Failure(record.path, str(e), record.line)


def read_record_rows(
    record: Record,
    signals: list[Signal],
    names: OutletNames | None = None,
    furniture: Mapping[str, frozenset[int]] | None = None,
    max_sentences: int | None = None,
) -> ReadRows | Failure:
    """:func:`read_record`, then every row the article contributes: what a reading
    worker hands back, so that the loader, alone in writing, only writes (making
    the rows, story fingerprints included, is a fifth of an article's time)."""
    art = read_record(record, signals, names, furniture, max_sentences)
    if isinstance(art, Failure):
        return art
    return ReadRows(art.id, record.path, article_rows(art, record))


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


def skip_unchanged(
    db: sqlite_utils.Database, records: list[Record], seen: set[str], replace: bool
) -> tuple[list[Record], int]:
    """The records still to read, and how many were skipped as unchanged.

    An article's id is a hash of its outlet and raw text, so it is known before any
    reading: a record whose article is already in the database (unless ``replace``),
    or already loaded by this run, is skipped without being read.
    """
    keys = [article_id(r.text, r.outlet) for r in records]
    stored: set[str] = set()
    if keys and not replace:
        marks = ",".join("?" * len(keys))
        query = f"select id from articles where id in ({marks})"
        stored = {r[0] for r in db.execute(query, keys).fetchall()}
    fresh, taken = [], set()
    for record, key in zip(records, keys, strict=True):
        if key not in seen and key not in stored and key not in taken:
            fresh.append(record)
            taken.add(key)  # the same article twice in one batch is read once
    return fresh, len(records) - len(fresh)


def finish_story_pass(
    db: sqlite_utils.Database, names: OutletNames | None = None, phase: Phase = no_phase
) -> set[str]:
    """Run the story pass if a load owes one (this one, or one that was killed).

    Returns the ids of articles whose copy signals changed.
    """
    if not is_pending(db, STORY_PASS):
        return set()
    changed = link_stories(db, names, phase)
    die_here("story pass done")
    # One name per person across the database, once stories are known (a speaker's
    # surname is linked within its story); part of the same owed step.
    link_speakers(db)
    die_here("speakers linked")
    step_done(db, STORY_PASS)
    return changed


def record_failures(db: sqlite_utils.Database, failures: list[Failure]) -> None:
    """Write failures to ``load_errors`` (the same failure of the same input once)."""
    db["load_errors"].upsert_all(storable_rows(failure_rows(failures)), pk="id")


def load(
    db: sqlite_utils.Database,
    paths: Iterable[str | ReadingsFolder],
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
    outlet_names: OutletNames | None = None,
    phase: Phase = no_phase,
) -> LoadSummary:
    """Read every article under ``paths`` into ``db``; return what happened.

    Articles already in the database (same id) are left alone unless
    ``replace`` is true. Inputs that cannot be read or written go to
    ``load_errors`` and into the summary; they never stop the load. ``weights``
    override the weights in force (the ``signals`` table, else the package defaults).
    ``outlet_names`` (default: the package's) say which names are one outlet and
    which are wire services, for credit lines and copies.

    Each record is read in one of ``workers`` processes (0: in this one), within
    ``time_budget`` seconds, and must stay within ``bounds``. Another load
    writing to the same database is waited for (``on_wait`` is called once).

    New articles are written unscored; once every batch is in, the story pass
    links them to the rest of the corpus and each is scored once, with its copy
    signals known. ``progress`` hears of the input bytes read; ``phase`` of the
    steps after reading, as each starts (see :mod:`.progress`). A big load
    (:func:`.summaries.is_big_load`) ends with ``ANALYZE`` and ``VACUUM``.
    """
    signals = all_signals()
    bounds = bounds or Bounds()
    summary = LoadSummary()

    def wait() -> None:
        if not summary.waited:
            summary.waited = True
            on_wait()

    # Nothing is written before the database is known to be ours and the weights valid.
    check_ownership(db, signals)
    in_force = weights_in_force(db, signals, weights)
    until_free(db, lambda: begin_writing(db), wait)
    with write_lock(db, wait):
        before = db["articles"].count if db["articles"].exists() else 0
        # Into a new database, rows go in without the indexes only pages need; they are
        # made once the rows are in, which is faster than keeping them up to date row by
        # row. (A rerun after a kill finds articles and makes them first: nothing is left
        # without.)
        ensure_schema(db, signals, indexes=before > 0)
        write_signals(db, signals, in_force)
    seen: set[str] = set()
    # Input bytes are reported once the articles they hold are written, so a
    # progress bar never runs ahead of the database.
    pending = [0]

    def count(n: int) -> None:
        pending[0] += n

    names = outlet_names or default_outlet_names()
    signal_names = [s.name for s in signals]
    # A first pass learns each outlet's page furniture before any article is read.
    with write_lock(db, wait):
        furniture = learn_furniture(db, furniture_inputs(paths, columns, bounds))
    # A readings folder (datasette-sources read) gives rows read elsewhere: no text is read again.
    stream = read_inputs(paths, columns, count, signal_names, bounds)
    read = partial(
        read_record_rows,
        signals=signals,
        names=names,
        furniture=furniture,
        max_sentences=bounds.max_sentences,
    )
    cleared: set[str] = set()  # load_errors keeps only the latest load of each input
    with ReadingPool(read, workers=workers, time_budget=time_budget) as pool:
        for batch in batches(stream, batch_size):
            fresh = {item.path for item in batch} - cleared
            cleared |= fresh
            failures = [item for item in batch if isinstance(item, Failure)]
            records, skipped = skip_unchanged(
                db, [item for item in batch if isinstance(item, Record)], seen, replace
            )
            summary.unchanged += skipped
            done: list[tuple[Article | ReadRows, Record | None]] = [
                (item, None) for item in batch if isinstance(item, ReadRows)
            ]
            for record, result in pool.read(records):
                if isinstance(result, Failure):
                    failures.append(result)
                else:
                    done.append((result, record))
            with write_lock(db, wait):
                failures += write_batch(db, done, replace, seen, summary)
                if fresh:
                    marks = ",".join("?" * len(fresh))
                    db.execute(f"delete from load_errors where path in ({marks})", sorted(fresh))
                if failures:
                    record_failures(db, failures)
                die_here("rows written")  # not committed yet
            die_here("batch written")
            for f in failures:
                on_failure(f)
            summary.failures.extend(failures)
            bound_word_caches()
            if pending[0]:
                progress(pending[0])
                pending[0] = 0
    if pending[0]:  # bytes read after the last article, e.g. a trailing blank line
        progress(pending[0])
    if before == 0:
        with write_lock(db, wait):
            create_indexes(db, signals)
    # One story pass at a time: a second load of the same input finds it done.
    with write_lock(db, wait):
        changed = finish_story_pass(db, names, phase)
        rescore(db, ids=changed, unscored=True, phase=phase)
    end_writing(db)
    if is_big_load(summary.loaded + summary.replaced, before) and not db.memory:
        phase("compacting", None)
        until_free(db, lambda: compact(db), wait)
    return summary


def write_batch(
    db: sqlite_utils.Database,
    done: list[tuple[Article | ReadRows, Record | None]],
    replace: bool,
    seen: set[str],
    summary: LoadSummary,
) -> list[Failure]:
    """Write one batch's articles (inside a write lock); return the ones that failed.

    ``done`` holds articles read here with their records, and rows read elsewhere
    (a readings folder). Which articles are new is decided here, under the lock, so
    that a load running at the same time never writes the same article twice. If the
    batch cannot be written whole, each article is written on its own and one that
    still fails is a Failure.
    """
    failures: list[Failure] = []
    ids = [a.id for a, _ in done]
    marks = ",".join("?" * len(ids))
    existing = (
        {r[0] for r in db.execute(f"select id from articles where id in ({marks})", ids)}
        if ids
        else set()
    )
    wanted: list[tuple[str, Failure, dict[str, list[dict[str, Any]]]]] = []
    for art, rec in done:
        if art.id in seen or (art.id in existing and not replace):
            summary.unchanged += 1
            continue
        seen.add(art.id or "")
        # Where the article came from, should it not be written.
        where = Failure(rec.path, "", rec.line) if rec else Failure(art.path or "", "")
        try:
            rows = art.rows if isinstance(art, ReadRows) else article_rows(art, rec)
        except Exception as e:  # one bad article never stops a load
            failures.append(failed(where, e))
            continue
        wanted.append((art.id or "", where, rows))
    try:
        with db.atomic():
            write_articles(db, [(i, rows) for i, _, rows in wanted], existing)
        written = wanted
    except Exception:
        written = []
        for article, where, rows in wanted:
            try:
                with db.atomic():
                    write_articles(db, [(article, rows)], existing)
                written.append((article, where, rows))
            except Exception as e:
                failures.append(failed(where, e))
    for article, _, _ in written:
        if article in existing:
            summary.replaced += 1
        else:
            summary.loaded += 1
    return failures


def failed(where: Failure, error: Exception) -> Failure:
    """The Failure of an article that could not be written."""
    return Failure(where.path, f"could not write article: {one_line(error)}", where.line)


def write_articles(
    db: sqlite_utils.Database,
    articles: list[tuple[str, dict[str, list[dict[str, Any]]]]],
    existing: set[str],
) -> None:
    """Write articles' rows (by id), replacing the rows of those already in the database."""
    if not articles:
        return
    # New or replaced articles: stories and copies must be worked out again.
    mark_pending(db, STORY_PASS)
    to_delete = [a for a, _ in articles if a in existing]
    if to_delete:
        # Their keys leave the story counts, and their stories are grouped again.
        forget_story_keys(db, to_delete)
        forget_speakers(db, to_delete)
        marks = ",".join("?" * len(to_delete))
        for table in ARTICLE_TABLES:
            db.execute(f"delete from [{table}] where article_id in ({marks})", to_delete)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, article_rows_ in articles:
        for table, trows in article_rows_.items():
            rows[table].extend(trows)
    # A replaced article keeps the columns its new row does not give (an upsert); a new
    # one is a plain insert, by one prepared statement (sqlite-utils' upsert looks at
    # every value in Python: a third of a millisecond an article).
    replaced = [r for r in rows.get("articles", []) if r["id"] in existing]
    if replaced:
        db["articles"].upsert_all(storable_rows(replaced), pk="id", alter=True)
    write_rows(db, "articles", [r for r in rows.get("articles", []) if r["id"] not in existing])
    for table in ARTICLE_TABLES:
        if rows.get(table):
            write_rows(db, table, rows[table])
