"""How a load grows with the corpus: three sizes measured, a linear fit, and a million predicted.

    python scripts/bench_scale.py --corpora ../shared/corpora \\
        --size 2000 --size 4000 --size 8000 --workers 2 [--target 1000000]

Builds one synthetic corpus of the largest size (``make_synthetic_corpus.py``:
AllSides replicated with new ids, outlets and dates), then loads its first N
articles for each size, each in a fresh process and a fresh database
(``bench_load.py``'s timed child), and prints for each: wall-clock seconds,
articles/s, the seconds of each step (reading, the story pass, scoring), peak
memory of the loader and of its largest reading worker, and database bytes per
article. Then it fits ``seconds = a + b * N`` (least squares) to the whole load
and to the story pass alone, and prints what the fit predicts for ``--target``
articles: **an extrapolation, not a measurement**, which the output says. Peak
memory at the largest size against the smallest shows whether memory is bounded.

``--corpus FILE`` loads a corpus you already have (CSV with ``text`` and ``outlet``
columns, as the synthetic one has) instead of building one. Everything is written to
a temporary folder outside the repository and removed afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _script(name: str):
    """A sibling script as a module (the scripts folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def linear_fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares ``(a, b)`` of ``y = a + b * x``.

    >>> linear_fit([(1, 3), (2, 5), (3, 7)])
    (1.0, 2.0)
    """
    n = len(points)
    if n < 2:
        raise ValueError("a fit needs two sizes or more")
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if not sxx:
        raise ValueError("a fit needs two different sizes")
    b = sum((x - mx) * (y - my) for x, y in points) / sxx
    return my - b * mx, b


def story_seconds(steps: dict[str, float]) -> float:
    """The story pass's seconds: every step the store reports after reading, but scoring.

    >>> story_seconds({"reading": 9.0, "grouping stories": 1.5, "comparing": 2.0, "scoring": 1})
    3.5
    """
    return sum(v for k, v in steps.items() if k != "reading" and "scor" not in k)


def hours(seconds: float) -> str:
    """>>> hours(5400)
    '1 h 30 min'
    """
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def summarise(results: list[dict], target: int) -> list[str]:
    """The report's lines: one table row per size, then the fits and the prediction.

    ``results``: bench_load's child figures, each with ``rows`` (the size asked for).
    """
    lines = [
        "| articles | seconds | articles/s | reading s | story pass s | scoring s "
        "| peak MB (loader) | peak MB (worker) | DB bytes/article |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        steps = r["steps_s"]
        scoring = sum(v for k, v in steps.items() if "scor" in k)
        per_article = r["db_mb"] * 2**20 / max(r["articles"], 1)
        lines.append(
            f"| {r['articles']:,} | {r['seconds']} | {r['articles_per_s']} "
            f"| {steps.get('reading', 0)} | {story_seconds(steps):.1f} | {scoring:.1f} "
            f"| {r['peak_rss_mb']} | {r.get('worker_peak_rss_mb', 0)} | {per_article:,.0f} |"
        )
    a, b = linear_fit([(r["articles"], r["seconds"]) for r in results])
    sa, sb = linear_fit([(r["articles"], story_seconds(r["steps_s"])) for r in results])
    small, large = results[0], results[-1]
    growth = large["articles"] / max(small["articles"], 1)
    per_article = large["db_mb"] * 2**20 / max(large["articles"], 1)
    lines += [
        "",
        f"Linear fit of the whole load: seconds = {a:.1f} + {b * 1000:.2f} ms x articles",
        f"Linear fit of the story pass: seconds = {sa:.1f} + {sb * 1000:.3f} ms x articles",
        f"Story pass per article: {1000 * story_seconds(small['steps_s']) / small['articles']:.3f}"
        f" ms at {small['articles']:,}, "
        f"{1000 * story_seconds(large['steps_s']) / large['articles']:.3f} ms at "
        f"{large['articles']:,} (constant if linear)",
        f"Peak memory of the loader: {small['peak_rss_mb']} MB at {small['articles']:,}, "
        f"{large['peak_rss_mb']} MB at {large['articles']:,} "
        f"({large['peak_rss_mb'] / max(small['peak_rss_mb'], 1):.2f}x for {growth:.0f}x "
        "the articles)",
        f"EXTRAPOLATED, not measured: {target:,} articles would load in about "
        f"{hours(a + b * target)} ({target / (a + b * target):.0f} articles/s), into "
        f"about {per_article * target / 1e9:.1f} GB ({per_article / 1000:.1f} KB per article "
        f"as at {large['articles']:,})",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, action="append", help="articles; repeat (3 or more)")
    p.add_argument("--workers", type=int, default=2, help="reading processes (default: 2)")
    p.add_argument("--target", type=int, default=1_000_000, help="size to extrapolate to")
    p.add_argument("--corpora", default=str(HERE.parent.parent / "shared" / "corpora"))
    p.add_argument("--corpus", help="a corpus to load instead of building a synthetic one")
    p.add_argument("--batch-size", type=int, default=200)
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = p.parse_args(argv)
    sizes = sorted(args.size or [2000, 4000, 8000])
    if len(sizes) < 2:
        p.error("give two sizes or more (three for a fit worth reading)")
    bench_load = _script("bench_load")
    work = Path(tempfile.mkdtemp(prefix="bench_scale_"))
    results = []
    try:
        if args.corpus:
            corpus = Path(args.corpus).resolve()
        else:
            corpus = work / "synthetic.csv"
            synthetic = _script("make_synthetic_corpus")
            # Its summary goes with the progress lines, not into the figures on stdout.
            with contextlib.redirect_stdout(sys.stderr):
                synthetic.main(
                    ["--articles", str(sizes[-1]), "--out", str(corpus), "--corpora", args.corpora]
                )
        for size in sizes:
            source = work / f"first_{size}.csv"
            bench_load.write_subset(corpus, size, source)
            db = work / f"scale_{size}.db"
            figures = bench_load.timed_load(
                source, db, "text", "outlet", args.batch_size, args.workers
            )
            figures["rows"] = size
            results.append(figures)
            print(
                f"{size:,} articles: {figures['seconds']} s, {figures['articles_per_s']} "
                f"articles/s, steps {figures['steps_s']}",
                file=sys.stderr,
                flush=True,
            )
            for f in work.glob(f"scale_{size}.db*"):  # with its -wal and -shm
                f.unlink()
        print(f"{args.workers} worker(s), batch {args.batch_size}; corpus {corpus.name}\n")
        print("\n".join(summarise(results, args.target)))
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
