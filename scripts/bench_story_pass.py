"""Benchmark the story pass alone (stories, copies, speakers) at several corpus sizes.

    python scripts/bench_story_pass.py SOURCE.db --sizes 2000 16000 100000 \\
        --incremental 1000 --work /tmp/bench [--keep]

SOURCE.db is a database the loader made (AllSides, say:
``datasette-sources load allsides.db allsides_articles.csv.gz --text-column
content_original --outlet-column source``). Each size is built from its rows without
reading any text again (:func:`build`), and the story pass runs on it in a fresh
process, which reports its CPU time (``time.process_time``: this process, SQLite
included) and its peak memory (``VmHWM``, and the part above the process's memory
before the pass). A line fitted to the sizes says whether time grows linearly.
``--incremental N`` then adds the next N articles to the largest database, as a
later load would, and times the pass that follows.

    python scripts/bench_story_pass.py SOURCE.db --agreement 16000 --parts 4

``--agreement N --parts K`` measures how far loading in K parts strays from loading
everything at once: the first N articles of the order, once in one database and
pass, once in K loads of N / K (in order, each followed by its pass); it prints the
B-cubed precision, recall and F1 of the stories made in parts against those made at
once, the stories that differ, and the copies found by one and not the other.
``--later M`` (with ``--agreement N``) makes the parts two loads: N - M articles, then
the next M, as when a later load adds M articles to a large database.

How a database of N articles is built from SOURCE's S articles: the articles are
put in one order (dated ones by date, undated ones spread among them by a hash of
their id), and replica k of the corpus follows replica k-1: article i of the order is
replica i // S of source article i % S. So a larger corpus is a longer stretch of
time at the same density of articles, as a growing archive is. Replica k > 0 of an
article gets the id ``<id>~k``, the outlet ``<outlet> #k``, its dates moved k x 3653
days (ten years: replicas of one article never fall in the same weeks), and its story
keys (names, terms, quotations, passages) marked with k, so that its candidates are
in its own replica: without that, every key would be k times as frequent and the
cut-offs for common keys would drop most candidates, making a larger corpus look
cheaper. Its text, sentences, parts and quotations are copied as they are (copy
detection and speakers see the same text; speakers are not marked, so one person is
one speaker across replicas, as in a real archive). Story, copy and speaker results
are left out of the copy: the pass makes them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Days between replicas: ten years, longer than the source spans.
SHIFT_DAYS = 3653
#: Columns the pass writes, cleared in the copy as a load leaves them.
CLEARED = {
    "articles": ("story_id", "originality", "uncredited_copy_share", "score", "score_band"),
    "sentences": ("speaker_id", "copied_from"),
    "quotes": ("speaker_id", "passage"),
    "story_keys": ("stage",),
}


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def source_order(db: sqlite3.Connection) -> list[str]:
    """SOURCE's article ids (attached as ``src``) in corpus order: dated by date, undated
    spread among them by a hash."""
    rows = db.execute(
        "select a.id, k.published from src.articles a "
        "left join src.story_keys k on k.article_id = a.id"
    ).fetchall()
    dated = sorted((d, a) for a, p in rows if (d := _day(p)))
    place = {a: (i + 0.5) / len(dated) for i, (_, a) in enumerate(dated)}
    for a, _ in rows:
        if a not in place:
            place[a] = int(hashlib.sha1(a.encode()).hexdigest()[:8], 16) / 2**32
    return sorted(place, key=lambda a: (place[a], a))


def _mark(row: dict, k: int) -> dict:
    """Replica k's story keys: every name, term, quotation and passage marked with k."""
    if k == 0:
        return row
    from datasette_sources.corpus.stories import Fingerprint, from_row, to_row

    tag = f"~{k}"
    fp = from_row(row)  # compressed key lists, or the JSON text of older databases
    marked = Fingerprint(
        article_id=fp.article_id,
        published=fp.published,
        names=frozenset(n + tag for n in fp.names),
        terms={t + tag: w for t, w in fp.terms.items()},
        quotes=frozenset(q + tag for q in fp.quotes),
        passages=frozenset((h * 1_000_003 + k) % 2**32 for h in fp.passages),
    )
    keys = to_row(marked)
    return {**row, **{c: keys[c] for c in ("names", "terms", "quotes", "passages")}}


def _columns(db: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [r[1] for r in db.execute(f"pragma {schema}.table_info([{table}])")]


def build(source_path: Path, out_path: Path, start: int, count: int) -> int:
    """Copy articles [start, start + count) of the replicated order into ``out_path``
    (made from SOURCE's schema if new); return how many were copied."""
    if not out_path.exists():
        make_schema(out_path)
    out = sqlite3.connect(out_path, isolation_level=None)
    out.execute("attach database ? as src", [str(source_path)])
    order = source_order(out)
    size = len(order)
    out.execute("begin")
    out.execute("create temp table pick (src_id text, k integer, new_id text)")
    picked = [(order[i % size], i // size) for i in range(start, start + count)]
    out.executemany(
        "insert into temp.pick values (?, ?, ?)",
        [(a, k, a if k == 0 else f"{a}~{k}") for a, k in picked],
    )
    out.execute("create index temp.pick_src on pick (src_id)")
    shift = (
        "date(substr({c}, 1, 10), '+' || (p.k * "
        + str(SHIFT_DAYS)
        + ") || ' days') || substr({c}, 11)"
    )
    for table in ("articles", "sentences", "parts", "quotes"):
        ours = set(_columns(out, table))
        columns = [c for c in _columns(out, table, "src") if c in ours]
        key = "id" if table == "articles" else "article_id"
        values = []
        for c in columns:
            if c == key:
                values.append("p.new_id")
            elif c in CLEARED.get(table, ()):
                values.append("null")
            elif table == "articles" and c == "outlet":
                values.append("case when p.k = 0 then t.outlet else t.outlet || ' #' || p.k end")
            elif table == "articles" and c in ("published", "updated"):
                dated = f"t.{c} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"
                values.append(
                    f"case when p.k = 0 or not ({dated}) then t.{c} "
                    f"else {shift.format(c='t.' + c)} end"
                )
            else:
                values.append(f"t.[{c}]")
        out.execute(
            f"insert into main.[{table}] ({', '.join(f'[{c}]' for c in columns)}) "
            f"select {', '.join(values)} from src.[{table}] t "
            f"join temp.pick p on p.src_id = t.{key}"
        )
    columns = [c for c in _columns(out, "story_keys", "src") if c != "stage"]
    rows = out.execute(
        f"select p.new_id, p.k, {', '.join('t.' + c for c in columns)} from src.story_keys t "
        "join temp.pick p on p.src_id = t.article_id"
    )
    keys = []
    for new_id, k, *values in rows:
        row = _mark(dict(zip(columns, values, strict=True)), k)
        row["article_id"] = new_id
        if k and (d := _day(row.get("published"))):
            row["published"] = date.fromordinal(d.toordinal() + k * SHIFT_DAYS).isoformat()
        keys.append([row.get(c) for c in columns])
    out.executemany(
        f"insert into main.story_keys ({', '.join(columns)}) values "
        f"({', '.join('?' * len(columns))})",
        keys,
    )
    out.execute("drop table temp.pick")
    out.execute("commit")
    out.close()
    return len(picked)


def make_schema(path: Path) -> None:
    """The package's tables and indexes, without the full-text indexes: the story pass
    never writes an indexed column, and copying text into them would only slow the build."""
    import sqlite_utils

    from datasette_sources.plugins import all_signals
    from datasette_sources.store.schema import create_schema

    db = sqlite_utils.Database(path)
    with db.atomic():
        create_schema(db, all_signals())
    for fts in ("articles_fts", "sentences_fts"):
        db[fts].drop(ignore=True)  # sentences_fts: only in older databases
    for (name,) in db.execute("select name from sqlite_master where type = 'trigger'").fetchall():
        db.execute(f"drop trigger [{name}]")
    db.close()


def _status(field: str) -> int:
    """A VmRSS / VmHWM figure of this process, in KiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def run(path: Path) -> dict:
    """One story pass on ``path`` in this process: CPU seconds by step, memory, counts."""
    import sqlite_utils

    from datasette_sources.store import speakers, stories, story_index
    from datasette_sources.store.steps import begin_writing

    db = sqlite_utils.Database(path)
    begin_writing(db)  # as a load does before its story pass
    before = {
        "articles": db["articles"].count,
        "links": db["story_links"].count if db["story_links"].exists() else 0,
    }
    baseline = _status("VmRSS")
    steps = [
        (
            "tables",
            lambda: (story_index.ensure_story_tables(db), speakers.ensure_speaker_tables(db)),
        ),
        ("count", lambda: story_index.count_story_keys(db)),
        ("link", lambda: story_index.link_story_keys(db)),
        ("plan", lambda: stories.plan_stories(db)),
        ("write", lambda: stories.write_stories(db)),
        ("speakers", lambda: speakers.link_speakers(db)),
    ]
    cpu, done, peak = {}, {}, {}
    started = time.process_time()
    wall = time.perf_counter()
    for name, step in steps:
        t = time.process_time()
        result = step()
        cpu[name] = round(time.process_time() - t, 2)
        done[name] = result if isinstance(result, int) else len(result or ())
        peak[name] = round(_status("VmHWM") / 1024, 1)
    return {
        "articles": before["articles"],
        "cpu_s": round(time.process_time() - started, 2),
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_by_step": cpu,
        "peak_mb_after_step": peak,
        "counted": done["count"],
        "linked": done["link"],
        "planned": done["plan"],
        "links_written": db["story_links"].count - before["links"],
        "stories": db["stories"].count,
        "peak_rss_mb": round(_status("VmHWM") / 1024, 1),
        "baseline_rss_mb": round(baseline / 1024, 1),
        "pass_peak_mb": round((_status("VmHWM") - baseline) / 1024, 1),
        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _child(path: Path) -> dict:
    """``run`` in a fresh process (so that its peak memory is the pass's own)."""
    result = subprocess.run(
        [sys.executable, __file__, "--run", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def agreement(source: Path, work: Path, size: int, parts: int, later: int = 0) -> None:
    """Stories and copies made in ``parts`` loads (with ``later``: two loads, the second
    of ``later`` articles) against those of one load."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from evaluate_stories import bcubed

    once, split = work / f"once-{size}.db", work / f"parts-{size}.db"
    for path in (once, split):
        path.unlink(missing_ok=True)
    build(source, once, 0, size)
    _child(once)
    step = -(-size // parts)
    starts = [0, size - later] if later else list(range(0, size, step))
    for start, end in zip(starts, starts[1:] + [size], strict=True):
        build(source, split, start, end - start)
        _child(split)
    parts = len(starts)
    found = {}
    for name, path in (("once", once), ("parts", split)):
        db = sqlite3.connect(path)
        found[name] = (
            dict(db.execute("select id, story_id from articles")),
            set(db.execute("select source_id, copy_id, source_span, copy_span from copies")),
        )
        db.close()
    (ref, ref_copies), (got, got_copies) = found["once"], found["parts"]
    p, r, f = bcubed(got, ref)

    def stories(assignment: dict) -> set[frozenset]:
        members: dict = {}
        for a, s in assignment.items():
            members.setdefault(s, set()).add(a)
        return {frozenset(m) for m in members.values()}

    a, b = stories(ref), stories(got)
    how = f"{size - later:,} then {later:,}" if later else f"{parts} loads"
    print(f"| {size:,} articles in {how}, against one load | value |")
    print("|---|---|")
    print(f"| B-cubed precision / recall / F1 | {p:.4f} / {r:.4f} / {f:.4f} |")
    print(f"| stories of one load not made in parts | {len(a - b)} of {len(a):,} |")
    multi = {s for s in a if len(s) > 1}
    print(f"| of them, stories of 2+ articles | {len(multi - b)} of {len(multi):,} |")
    print(
        f"| copies found by one load only / in parts only | "
        f"{len(ref_copies - got_copies)} / {len(got_copies - ref_copies)} of {len(ref_copies)} |"
    )


def fit(points: list[tuple[int, float]]) -> tuple[float, float, float]:
    """Least-squares line through (n, seconds): (intercept, seconds per article, R²).

    >>> [round(x, 3) for x in fit([(1, 2.0), (2, 3.0), (3, 4.0)])]
    [1.0, 1.0, 1.0]
    """
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    intercept = my - slope * mx
    ss = sum((y - my) ** 2 for _, y in points)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in points)
    return intercept, slope, 1 - residual / ss if ss else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", help="a database the loader made")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 16000, 100000])
    parser.add_argument("--incremental", type=int, default=1000)
    parser.add_argument("--work", default=None, help="folder for the databases (a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--agreement", type=int, help="articles to load at once and in parts")
    parser.add_argument("--parts", type=int, default=4, help="loads for --agreement")
    parser.add_argument(
        "--later", type=int, default=0, help="--agreement in two loads, the second of this many"
    )
    parser.add_argument("--run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run(Path(args.run))))
        return
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-story-pass-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.agreement:
        agreement(Path(args.source), work, args.agreement, args.parts, args.later)
        return
    results = []
    for size in sorted(args.sizes):
        path = work / f"stories-{size}.db"
        if path.exists():
            path.unlink()
        started = time.perf_counter()
        build(Path(args.source), path, 0, size)
        built = time.perf_counter() - started
        result = _child(path)
        result["build_s"] = round(built, 1)
        results.append(result)
        print(json.dumps(result), file=sys.stderr)
    largest = work / f"stories-{max(args.sizes)}.db"
    if args.incremental:
        build(Path(args.source), largest, max(args.sizes), args.incremental)
        later = _child(largest)
        print(json.dumps(later), file=sys.stderr)
    print("| articles | CPU s | CPU ms/article | peak RSS MB | pass's own peak MB | stories |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['articles']:,} | {r['cpu_s']:.1f} | {1000 * r['cpu_s'] / r['articles']:.2f} "
            f"| {r['peak_rss_mb']:.0f} | {r['pass_peak_mb']:.0f} | {r['stories']:,} |"
        )
    if args.incremental:
        print(
            f"| +{args.incremental:,} into {results[-1]['articles']:,} | {later['cpu_s']:.1f} | "
            f"{1000 * later['cpu_s'] / args.incremental:.2f} | {later['peak_rss_mb']:.0f} | "
            f"{later['pass_peak_mb']:.0f} | {later['stories']:,} |"
        )
    print()
    if len(results) < 2:
        return  # one size: nothing to fit or compare
    intercept, slope, r2 = fit([(r["articles"], r["cpu_s"]) for r in results])
    print(
        f"Linear fit of CPU time: {intercept:.1f} s + {1000 * slope:.3f} ms x articles, R² {r2:.4f}"
    )
    small, big = results[0], results[-1]
    per_article = [r["cpu_s"] / r["articles"] for r in (small, big)]
    print(
        f"Peak RSS {big['articles']:,} / {small['articles']:,}: "
        f"{big['peak_rss_mb'] / small['peak_rss_mb']:.2f}x; "
        f"CPU per article: {per_article[1] / per_article[0]:.2f}x"
    )
    if args.incremental:
        print(
            f"Incremental: {later['linked']} articles linked, {later['planned']} grouped again, "
            f"{later['links_written']} links written; by step {later['cpu_by_step']}"
        )
    if not args.keep:
        for r in sorted(args.sizes):
            (work / f"stories-{r}.db").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
