"""Grow a loaded database to N articles by replicating its rows, for page and size benchmarks.

    python scripts/replicate_db.py SOURCE.db BIG.db --articles 100000

No text is read again and nothing is re-scored: BIG.db starts as a copy of
SOURCE.db (a database ``datasette-sources load`` made, so it has every table,
index, trigger and summary the loader makes), then replicas 1, 2, ... of
SOURCE's articles are added until BIG holds N articles (the last replica
partial). Replica k of an article gets:

- the id ``<id>-r<k>`` (and so do its sentences, parts, quotations, score parts,
  story keys, copies and furniture lines, which follow it);
- the outlet ``<outlet> #<k>`` (articles of no known outlet stay unknown), so each
  replica is a set of new outlets and no outlet grows with N;
- its dates moved k x 3653 days (ten years: no two replicas of one article share weeks);
- its story ``<story>-r<k>`` and its quotations' passages ``<passage>-r<k>``: stories
  and copies stay within a replica, as they would in a longer archive.

The story pass's own tables (``story_index`` and the speaker steps', issue 16d) keep
the source's rows only: pages do not read them, so page timings are right, but bytes per
article leave them out (measure those on a loaded database; docs/evaluation.md).
Speakers are not replicated: one person stays one speaker across replicas (as in a
real archive, the most-quoted people are quoted k times as often), and their counts
are multiplied to match. The table triggers the loader made (full-text indexes, the
``sentence_kinds`` counts) fire on every row as in a load. At the end the store's own
:func:`datasette_sources.store.summaries.refresh_summaries` rewrites ``outlets``, and
:func:`datasette_sources.store.summaries.compact` runs ``ANALYZE`` and ``VACUUM`` as
the end of a big load does. Prints the size, bytes per article and bytes per table
and index (SQLite's ``dbstat``).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Days between replicas: ten years, longer than AllSides spans.
SHIFT_DAYS = 3653
#: Rows per insert: a replica goes in slices of articles, each its own transaction.
SLICE = 2000


def _suffixed(column: str) -> str:
    return f"case when {column} is null or {column} = '' then {column} else {column} || :s end"


def _shifted(column: str) -> str:
    """A date moved :days days later, its time of day (and anything after it) kept."""
    return (
        f"case when {column} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' "
        f"then date(substr({column}, 1, 10), :days) || substr({column}, 11) else {column} end"
    )


#: table -> column -> how replica k writes it (default: as it is).
TRANSFORMS: dict[str, dict[str, str]] = {
    "articles": {
        "id": "id || :s",
        "outlet": "case when outlet is null or outlet = '' then outlet else outlet || :o end",
        "published": _shifted("published"),
        "updated": _shifted("updated"),
        "story_id": _suffixed("story_id"),
        "url": "case when url is null then null else url || '#copy' || :s end",
        "source_id": _suffixed("source_id"),
    },
    "sentences": {"article_id": "article_id || :s", "copied_from": _suffixed("copied_from")},
    "parts": {"article_id": "article_id || :s"},
    "quotes": {"article_id": "article_id || :s", "passage": _suffixed("passage")},
    "score_parts": {"article_id": "article_id || :s"},
    "story_keys": {"article_id": "article_id || :s", "published": _shifted("published")},
    "copies": {"source_id": "source_id || :s", "copy_id": "copy_id || :s"},
    "outlet_lines": {
        "article_id": "article_id || :s",
        "outlet": "outlet || :o",
        "day": _shifted("day"),
    },
}
#: The column that says which article a row belongs to.
ARTICLE_OF = {
    "articles": "id",
    "copies": "copy_id",
}


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"pragma main.table_info([{table}])")]


def replicate(db: sqlite3.Connection, ids: list[str], k: int) -> int:
    """Add replica ``k`` of the articles ``ids`` (and their rows) to ``db``; return how many."""
    params = {"s": f"-r{k}", "o": f" #{k}", "days": f"+{k * SHIFT_DAYS} days"}
    tables = {r[0] for r in db.execute("select name from main.sqlite_master where type='table'")}
    for start in range(0, len(ids), SLICE):
        chunk = ids[start : start + SLICE]
        db.execute("delete from temp.chunk")
        db.executemany("insert into temp.chunk values (?)", [(i,) for i in chunk])
        with db:
            for table, transform in TRANSFORMS.items():
                if table not in tables:
                    continue
                cols = columns(db, table)
                select = ", ".join(transform.get(c, f"[{c}]") for c in cols)
                of = ARTICLE_OF.get(table, "article_id")
                listed = ", ".join(f"[{c}]" for c in cols)
                db.execute(
                    f"insert into main.[{table}] ({listed}) select {select} from src.[{table}] "
                    f"where [{of}] in (select id from temp.chunk)",
                    params,
                )
            if "stories" in tables:
                db.execute(
                    "insert into main.stories select id || :s, label, article_count, "
                    "outlet_count from src.stories where id in "
                    "(select story_id from src.articles where id in (select id from temp.chunk)) "
                    "and id || :s not in (select id from main.stories)",
                    params,
                )
    return len(ids)


def byte_report(path: Path) -> list[tuple[str, int]]:
    """(table or index, bytes) from SQLite's dbstat, largest first."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "select name, sum(pgsize) from dbstat group by name order by 2 desc"
        ).fetchall()
    finally:
        db.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a database the loader made (only read)")
    parser.add_argument("target", type=Path, help="the database to write (must not exist)")
    parser.add_argument("--articles", type=int, required=True, help="articles BIG.db will hold")
    parser.add_argument("--no-compact", action="store_true", help="skip ANALYZE and VACUUM")
    parser.add_argument("--top", type=int, default=25, help="tables and indexes listed")
    args = parser.parse_args(argv)
    if args.target.exists():
        parser.error(f"{args.target} exists; the script writes a new database")

    import sqlite_utils

    from datasette_sources.store.summaries import compact, refresh_summaries

    started = time.perf_counter()
    shutil.copyfile(args.source, args.target)
    db = sqlite3.connect(args.target, isolation_level=None)
    db.execute("pragma journal_mode = wal")
    db.execute("pragma synchronous = off")
    db.execute("attach database ? as src", [f"file:{args.source}?mode=ro"])
    db.execute("create temp table chunk (id text primary key)")
    source_ids = [r[0] for r in db.execute("select id from src.articles order by rowid")]
    n = len(source_ids)
    total, k = n, 1
    while total < args.articles:
        take = source_ids[: args.articles - total]
        total += replicate(db, take, k)
        print(f"replica {k}: {total:,} articles ({time.perf_counter() - started:.0f} s)")
        k += 1
    replicas = k  # source counts as replica 0; the last one may be partial
    with db:
        # One person is one speaker across replicas: their counts grow with the replicas.
        for column in ("article_count", "quote_count", "sentence_count"):
            db.execute(
                f"update speakers set {column} = (select count(distinct s.article_id) "
                "from sentences s where s.speaker_id = speakers.id)"
                if column == "article_count"
                else f"update speakers set {column} = (select count(*) from sentences s "
                "where s.speaker_id = speakers.id"
                + (" and s.kind = 'quote')" if column == "quote_count" else ")")
            )
    db.execute("pragma journal_mode = delete")
    db.close()
    big = sqlite_utils.Database(args.target)
    refresh_summaries(big)
    if not args.no_compact:
        # VACUUM writes a copy of the file into the temporary folder, then back through
        # a journal: about twice the file in free disk. Short of it, ANALYZE alone
        # (freshly inserted rows leave almost no free pages to reclaim anyway).
        size = args.target.stat().st_size
        free = min(
            shutil.disk_usage(args.target.parent).free,
            shutil.disk_usage(tempfile.gettempdir()).free,
        )
        if free >= 2 * size:
            compact(big)
        else:
            big.execute("ANALYZE")
            print(
                f"VACUUM skipped: {free / 2**30:.1f} GiB free, about "
                f"{2 * size / 2**30:.1f} GiB needed; ANALYZE done",
                file=sys.stderr,
            )
    big.close()
    size = args.target.stat().st_size
    print(
        f"\n{args.target}: {total:,} articles from {n:,} ({replicas} replicas), "
        f"{size / 2**20:,.1f} MiB, {size / total / 1024:.1f} KB per article, "
        f"built in {time.perf_counter() - started:.0f} s\n"
    )
    print("| table or index | MiB | KB per article |\n|---|---:|---:|")
    for name, nbytes in byte_report(args.target)[: args.top]:
        print(f"| {name} | {nbytes / 2**20:,.1f} | {nbytes / total / 1024:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
