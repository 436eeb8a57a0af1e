"""Benchmark ``datasette-sources read``: articles/s in this process and with 1 and 2 Dask workers.

    python scripts/bench_read.py ../shared/corpora/allsides/allsides_articles.csv.gz \\
        --limit 400 --workers 1 --workers 2 --repeat 3 \\
        --text-column content_original --outlet-column source

The first N rows of the corpus go to a temporary CSV outside the repository (the
corpus itself is only read); each run reads it into a fresh readings folder, cut
into partitions of ``--partition-size``. Printed per setting, medians over
``--repeat`` rounds run in turn (so a busy spell of a shared machine hits every
setting): wall-clock articles/s (cluster start-up timed apart), the CPU seconds
the tasks spent (``time.process_time`` in each task, summed over workers), the
CPU of the busiest worker (what the wall time would be on cores of its own), and
the wall-clock speed-up over one worker.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def write_subset(corpus: Path, limit: int, dest: Path) -> None:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    opener = gzip.open if corpus.suffix == ".gz" else open
    with (
        opener(corpus, "rt", encoding="utf-8-sig", newline="") as src,
        open(dest, "w", encoding="utf-8", newline="") as out,
    ):
        csv.writer(out).writerows(itertools.islice(csv.reader(src), limit + 1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=400, help="articles to read")
    ap.add_argument("--workers", type=int, action="append", help="Dask workers (repeatable)")
    ap.add_argument("--repeat", type=int, default=1, help="rounds; medians are printed")
    ap.add_argument("--partition-size", default="256KB")
    ap.add_argument("--text-column")
    ap.add_argument("--outlet-column")
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    from datasette_sources.cli.read import parse_size
    from datasette_sources.inputs import ColumnMap
    from datasette_sources.readings.folder import read_to_folder

    columns = ColumnMap(text=args.text_column, outlet=args.outlet_column)
    target = parse_size(args.partition_size)
    settings = [None] + (args.workers or [1, 2])
    runs: dict[str, list[dict]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="bench-read-") as scratch:
        subset = Path(scratch) / "subset.csv"
        write_subset(args.corpus, args.limit, subset)

        def run(name: str, scheduler: str | None, startup: float) -> None:
            out = Path(scratch) / f"{name}-{len(runs[name])}"
            wall = time.perf_counter()
            summary = read_to_folder(
                [str(subset)], str(out), columns=columns, scheduler=scheduler, target_bytes=target
            )
            wall = time.perf_counter() - wall
            parts = json.loads((out / "readings.json").read_text())["partitions"]
            per_worker: dict[str, float] = defaultdict(float)
            for p in parts:
                per_worker[p.get("worker", "")] += p.get("cpu_seconds", 0)
            runs[name].append(
                {
                    "articles": summary.articles,
                    "partitions": summary.partitions,
                    "startup": startup,
                    "wall": wall,
                    "cpu": sum(per_worker.values()),
                    "busiest": max(per_worker.values()),
                }
            )

        for _ in range(args.repeat):
            for n in settings:
                if n is None:
                    run("this process", None, 0.0)
                    continue
                started = time.perf_counter()
                with (
                    LocalCluster(
                        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0"
                    ) as cluster,
                    Client(cluster) as client,
                ):
                    client.wait_for_workers(n)
                    # Workers import the package on their first task: warm them up untimed.
                    client.run(lambda: __import__("datasette_sources.readings.task"))
                    name = f"{n} Dask worker{'s' if n > 1 else ''}"
                    run(name, cluster.scheduler_address, time.perf_counter() - started)

    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    one = "1 Dask worker" if "1 Dask worker" in runs else "this process"
    print(
        f"{args.limit} articles of {args.corpus.name}, partitions of {args.partition_size}, "
        f"medians of {args.repeat} round(s)\n"
    )
    print(
        "| run | articles | partitions | start-up s | wall s | articles/s | task CPU s "
        "| CPU s/article | busiest worker CPU s | wall speed-up vs 1 worker |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, rounds in runs.items():
        n, wall = rounds[0]["articles"], median(name, "wall")
        print(
            f"| {name} | {n} | {rounds[0]['partitions']} | {median(name, 'startup'):.1f} "
            f"| {wall:.1f} | {n / wall:.1f} | {median(name, 'cpu'):.1f} "
            f"| {median(name, 'cpu') / max(n, 1):.3f} | {median(name, 'busiest'):.1f} "
            f"| {median(one, 'wall') / wall:.2f} |"
        )


if __name__ == "__main__":
    main()
