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
from typing import Any

import sqlite_utils

from ..inputs import ColumnMap, Failure, Record, read_paths
from ..model import Article
from ..plugins import all_signals
from ..reading import read_article
from ..signals import Signal
from ..signals.readability import bound_word_caches
from .progress import Phase, no_phase
from .rescore import rescore
from .rows import article_rows, failure_rows
from .schema import ensure_schema
from .stories import link_stories
from .weights import weights_in_force, write_signals

#: The tables that hold one article's rows besides ``articles``.
ARTICLE_TABLES = ("sentences", "parts", "quotes", "score_parts", "story_keys")


@dataclass
class LoadSummary:
    """What a load did. ``failures`` are also in the ``load_errors`` table."""

    loaded: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def read_record(record: Record, signals: list[Signal]) -> Article:
    """One input record through the whole reading core."""
    return read_article(
        record.text,
        path=record.path,
        url=record.url,
        title=record.title,
        outlet=record.outlet,
        published=record.published,
        signals=signals,
        format=record.format,
    )


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
    db["load_errors"].upsert_all(failure_rows(failures), pk="id")


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
    phase: Phase = no_phase,
) -> LoadSummary:
    """Read every article under ``paths`` into ``db``; return what happened.

    Articles already in the database (same id) are left alone unless
    ``replace`` is true. Inputs that cannot be read go to ``load_errors`` and
    into the summary; they never stop the load. ``weights`` override the
    weights in force (the ``signals`` table, else the package defaults).

    New articles are written unscored; once every batch is in, the story pass
    links them to the rest of the corpus and each is scored once, with its copy
    signals known. ``progress`` hears of the input bytes read; ``phase`` of the
    steps after reading, as each starts (see :mod:`.progress`).
    """
    signals = all_signals()
    ensure_schema(db, signals)
    write_signals(db, signals, weights_in_force(db, signals, weights))
    summary = LoadSummary()
    seen: set[str] = set()
    # Input bytes are reported once the articles they hold are written, so a
    # progress bar never runs ahead of the database.
    pending = [0]

    def count(n: int) -> None:
        pending[0] += n

    stream = read_paths(paths, columns, count)
    cleared: set[str] = set()  # load_errors keeps only the latest load of each input
    for batch in batches(stream, batch_size):
        fresh = {r.path for r in batch} - cleared
        cleared |= fresh
        failures = [r for r in batch if isinstance(r, Failure)]
        records = [r for r in batch if isinstance(r, Record)]
        read: list[tuple[Article, Record]] = []
        for rec in records:
            try:
                read.append((read_record(rec, signals), rec))
            except Exception as e:  # one bad article never stops a load
                failures.append(Failure(rec.path, f"could not read article: {e!r}", rec.line))
        ids = [a.id for a, _ in read]
        existing = (
            {
                r[0]
                for r in db.execute(
                    f"select id from articles where id in ({','.join('?' * len(ids))})", ids
                ).fetchall()
            }
            if ids
            else set()
        )
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        to_delete = []
        for art, rec in read:
            if art.id in seen or (art.id in existing and not replace):
                summary.unchanged += 1
                continue
            seen.add(art.id)
            if art.id in existing:
                to_delete.append(art.id)
                summary.replaced += 1
            else:
                summary.loaded += 1
            for table, trows in article_rows(art, rec).items():
                rows[table].extend(trows)
        with db.atomic():
            if fresh:
                marks = ",".join("?" * len(fresh))
                db.execute(f"delete from load_errors where path in ({marks})", sorted(fresh))
            if to_delete:
                marks = ",".join("?" * len(to_delete))
                for table in ARTICLE_TABLES:
                    db.execute(f"delete from [{table}] where article_id in ({marks})", to_delete)
            db["articles"].upsert_all(rows.get("articles", []), pk="id", alter=True)
            for table in ARTICLE_TABLES:
                if rows.get(table):
                    db[table].insert_all(rows[table], alter=True)
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
    changed = link_stories(db, phase)
    rescore(db, ids=changed, unscored=True, phase=phase)
    return summary
