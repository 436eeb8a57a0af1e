"""Benchmark the loader's speed and memory on a large CSV corpus.

Loads the first N articles for each size given, each in a fresh subprocess
with a fresh database, and prints articles/s and peak RSS for each, so that
memory staying flat as N grows shows as a ratio close to 1.

    python scripts/bench_load.py ../shared/corpora/allsides/allsides_articles.csv.gz \\
        --limit 1000 --limit 4000 --limit 0 \\
        --text-column content_original --outlet-column source

``--limit 0`` means every article. The first N rows are written to a
temporary CSV outside the repository (never into it) before the timed run;
the corpus itself is only read. Databases are made in a temporary folder
and removed afterwards unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_kb() -> int:
    """Current resident set size in KiB (Linux), 0 if unknown."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _peak_kb() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS


def _open_text(path: Path):
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def write_subset(corpus: Path, limit: int, dest: Path) -> int:
    """The header and first ``limit`` data rows of ``corpus`` -> ``dest``; rows written."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    n = 0
    with _open_text(corpus) as src, open(dest, "w", encoding="utf-8", newline="") as out:
        reader = csv.reader(src)
        writer = csv.writer(out)
        writer.writerow(next(reader))
        for row in reader:
            if n >= limit:
                break
            writer.writerow(row)
            n += 1
    return n


def child(args: argparse.Namespace) -> None:
    """One timed load in this process; prints one JSON line of figures."""
    import sqlite_utils

    from datasette_sources.inputs import ColumnMap, total_bytes
    from datasette_sources.reading import read_article
    from datasette_sources.store import load

    # Warm up: load what is loaded once (the CMU dictionary, models, regexes) so
    # that the baseline below is what a process needs before any article.
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    for path in sorted(seeds.glob("*.txt")):
        read_article(path.read_text(encoding="utf-8"))
    baseline = _rss_kb()
    total = total_bytes([args.corpus]) or 1
    trace: list[tuple[int, int]] = []
    state = {"done": 0, "next": 0.0}

    def progress(n: int) -> None:
        state["done"] += n
        frac = state["done"] / total
        if frac >= state["next"]:
            trace.append((round(100 * frac), _rss_kb() // 1024))
            state["next"] += 0.1

    # Seconds per step: reading (until the first phase after it starts), then each
    # phase the store reports (the story pass and scoring).
    steps: list[list] = [["reading", 0.0]]
    marks = {"last": 0.0}

    def phase(name: str, total: int | None = None):
        now = time.perf_counter()
        steps[-1][1] = round(now - marks["last"], 1)
        steps.append([name, 0.0])
        marks["last"] = now
        return lambda n: None

    columns = ColumnMap(text=args.text_column, outlet=args.outlet_column)
    db = sqlite_utils.Database(args.db)
    start = marks["last"] = time.perf_counter()
    summary = load(
        db,
        [args.corpus],
        columns=columns,
        batch_size=args.batch_size,
        progress=progress,
        phase=phase,
        workers=args.workers[0] if args.workers else 1,
    )
    elapsed = time.perf_counter() - start
    steps[-1][1] = round(time.perf_counter() - marks["last"], 1)
    articles = summary.loaded + summary.replaced + summary.unchanged
    print(
        json.dumps(
            {
                "loaded": summary.loaded,
                "unchanged": summary.unchanged,
                "failed": summary.failed,
                "articles": articles,
                "seconds": round(elapsed, 1),
                "articles_per_s": round(articles / elapsed, 1) if elapsed else None,
                "steps_s": dict(steps),
                "baseline_rss_mb": baseline // 1024,
                "peak_rss_mb": _peak_kb() // 1024,
                # The reading processes (store.workers), largest one's peak.
                "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                // (2**20 if sys.platform == "darwin" else 1024),
                "rss_trace_mb": trace,
                "db_mb": round(os.path.getsize(args.db) / 2**20, 1),
            }
        )
    )


def timed_load(
    source: Path, db: Path, text_column: str, outlet_column: str, batch_size: int, workers: int
) -> dict:
    """Load ``source`` into a new ``db`` in a fresh process (:func:`child`); its figures."""
    cmd = [
        sys.executable,
        os.path.abspath(__file__),
        str(source),
        "--child",
        "--db",
        str(db),
        "--text-column",
        text_column,
        "--outlet-column",
        outlet_column,
        "--batch-size",
        str(batch_size),
        "--workers",
        str(workers),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", help="CSV (or .csv.gz) corpus to load; only read")
    p.add_argument(
        "--limit",
        type=int,
        action="append",
        help="number of articles to load, 0 for all; repeat for several runs "
        "(default: 1000, 4000, 0)",
    )
    p.add_argument("--text-column", default="content_original")
    p.add_argument("--outlet-column", default="source")
    p.add_argument("--batch-size", type=int, default=200)
    p.add_argument(
        "--workers",
        type=int,
        action="append",
        help="reading processes; repeat to load each size with each number in turn and "
        "print the speed-up over the first (default: 1)",
    )
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--db", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args)
        return 0

    corpus = Path(args.corpus).resolve()
    limits = args.limit or [1000, 4000, 0]
    work = Path(tempfile.mkdtemp(prefix="bench_load_"))
    results = []
    runs = [(limit, w) for limit in limits for w in (args.workers or [1])]
    try:
        for limit, workers in runs:
            if limit:
                source = work / f"first_{limit}.csv"
                if not source.exists():
                    write_subset(corpus, limit, source)
                rows = limit
            else:
                source, rows = corpus, None
            db = work / f"bench_{limit or 'all'}_{workers}.db"
            figures = timed_load(
                source, db, args.text_column, args.outlet_column, args.batch_size, workers
            )
            figures["limit"] = limit or "all"
            figures["workers"] = workers
            figures["rows"] = rows
            results.append(figures)
            print(
                f"N={figures['limit']!s:>6}, {workers} worker(s): "
                f"{figures['articles']:>6} articles "
                f"({figures['loaded']} loaded, {figures['unchanged']} duplicates, "
                f"{figures['failed']} failed) in {figures['seconds']} s = "
                f"{figures['articles_per_s']} articles/s; peak RSS "
                f"{figures['peak_rss_mb']} MB (after warm-up {figures['baseline_rss_mb']} MB), "
                f"reading worker {figures.get('worker_peak_rss_mb', 0)} MB; "
                f"db {figures['db_mb']} MB; steps (s) "
                + ", ".join(f"{k} {v}" for k, v in figures["steps_s"].items()),
                flush=True,
            )
            print(
                "          RSS MB by % of input read: "
                + ", ".join(f"{pct}%:{mb}" for pct, mb in figures["rss_trace_mb"]),
                flush=True,
            )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            for f in work.iterdir():
                f.unlink()
            work.rmdir()
    if args.workers and len(args.workers) > 1:
        for limit in limits:
            same = [r for r in results if r["limit"] == (limit or "all")]
            base = same[0]
            for r in same[1:]:
                reading = base["steps_s"].get("reading", 0) / max(
                    r["steps_s"].get("reading", 0), 0.1
                )
                print(
                    f"N={base['limit']}: {r['workers']} workers load "
                    f"{r['articles_per_s'] / base['articles_per_s']:.2f}x as many articles/s "
                    f"as {base['workers']} (the reading step {reading:.2f}x as fast)"
                )
    elif len(results) > 1:
        first, last = results[0], results[-1]
        print(
            f"peak RSS ratio {last['limit']} vs {first['limit']} articles: "
            f"{last['peak_rss_mb'] / first['peak_rss_mb']:.2f} "
            f"for {last['articles'] / max(first['articles'], 1):.1f}x the articles"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
