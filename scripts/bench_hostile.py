"""Hostile inputs: how long and how much memory each takes to read and to load.

    python scripts/bench_hostile.py                      # every part
    python scripts/bench_hostile.py --parts reading --sizes 100KB,1MB
    python scripts/bench_hostile.py --parts reading --as-english
    python scripts/bench_hostile.py --parts load,big,folder,concurrent
    python scripts/bench_hostile.py --parts load --load-sizes 4MB \\
        --load-options="--max-article-size 5MB"

Parts (every run in a process of its own; files and databases in a temporary
folder, removed afterwards):

reading
    ``read_article`` on each pattern of ``datasette_sources.evaluation.hostile``
    at each size (default 100KB, 1MB, 4MB), with no bound on sentences, as its
    language is detected (most patterns look like no language the reader reads,
    and are kept unread) or, with ``--as-english``, read as English: CPU time
    (``time.process_time``), wall time, peak RSS of the process, and the ratio of
    CPU time to the previous size (linear: about the ratio of the sizes).
load
    ``datasette-sources load`` of each pattern as a ``.txt`` file of 1MB and 4MB
    (``--load-sizes``) into a fresh database, with the default bounds: wall time,
    CPU time of the loader and its workers, peak memory of the process tree (the
    sum of their Pss, sampled every 50 ms from /proc; a run shorter than that can
    show less than its peak), exit status and what became of the file.
big
    The same for the issue's large records: a 20 MB saved page, a CSV with one
    50 MB field and a JSON Lines file with one 30 MB line (each followed by a
    small good record), and an 8 MB page, under the page bound.
folder
    One load of a folder holding the seeds and every hostile file (patterns at
    1MB, the large records, lone surrogates, deep JSON, UTF-16, binary, empty,
    a pipe): exit status, counts, ``pragma integrity_check``, any traceback.
concurrent
    Two loads of the same folder (the seeds and 40 copies of them) into one
    database at once, one article per transaction, against a single load:
    exit statuses and whether the two databases hold the same rows.

Linux only (/proc for memory). Wall times depend on what else the machine
runs; CPU times much less.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasette_sources.evaluation.hostile import (  # noqa: E402
    BIG_RECORDS,
    PATTERNS,
    big_record,
    hostile_text,
    write_hostile_files,
)

SEEDS = ROOT / "seeds"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def parse_size(text: str) -> int:
    """100KB -> 100000, 1MB -> 1000000."""
    text = text.strip().upper()
    for unit, factor in (("MB", 1_000_000), ("KB", 1_000)):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def label(size: int) -> str:
    return f"{size / 1_000_000:g}MB" if size >= 1_000_000 else f"{size / 1000:g}KB"


# --- reading -----------------------------------------------------------------------


def read_once(pattern: str, size: int, as_english: bool = False) -> None:
    """In a child: read one hostile text, print CPU, wall and peak RSS as JSON."""
    from datasette_sources.reading import pipeline, read_article
    from datasette_sources.reading.language import Language

    if as_english:
        # Read whatever language the text looks like: a few English words would do it.
        pipeline.detect_language = lambda text: Language("en", "Latin")

    read_article("Warm up here.\n\nThe mayor said “we will go” on Monday. It is bad.")
    text = hostile_text(pattern, size)
    wall, cpu = time.monotonic(), time.process_time()
    art = read_article(text)
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    got = {"cpu": cpu, "wall": wall, "peak_mb": peak, "sentences": len(art.sentences)}
    print(json.dumps({**got, "language": art.language}))


def bench_reading(
    patterns: list[str], sizes: list[int], timeout: float, as_english: bool = False
) -> None:
    read_as = "read as English whatever its language" if as_english else "as detected"
    print(f"\n## Reading: read_article on each pattern, {read_as} (no bound on sentences)\n")
    head = " | ".join(f"{label(s)} CPU s (wall) / peak MB" for s in sizes)
    print(f"| pattern | language | {head} | CPU ratio per size step |")
    print("|---|---|" + "---|" * len(sizes) + "---|")
    for pattern in patterns:
        cells, cpus, language = [], [], ""
        for size in sizes:
            try:
                proc = subprocess.run(
                    [sys.executable, __file__, "--read-once", pattern, str(size)]
                    + (["--as-english"] if as_english else []),
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    env=ENV,
                )
                got = json.loads(proc.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                cells.append(f"over {timeout:g} s")
                break
            except (IndexError, json.JSONDecodeError):
                cells.append(f"failed: {proc.stderr.strip().splitlines()[-1:]}")
                break
            cpus.append(got["cpu"])
            language = got["language"]
            cells.append(f"{got['cpu']:.2f} ({got['wall']:.1f}) / {got['peak_mb']}")
        ratios = ", ".join(f"{b / max(a, 1e-3):.1f}x" for a, b in zip(cpus, cpus[1:], strict=False))
        cells += [""] * (len(sizes) - len(cells))
        row = f"| {pattern} | {language} | " + " | ".join(cells) + f" | {ratios} |"
        print(row, flush=True)


# --- loads -------------------------------------------------------------------------


def tree_memory_mb(pid: int) -> float:
    """Memory of a process and all its descendants, in MB: the sum of their proportional
    set sizes (Pss: a page shared by the loader and the worker it forked counts half in
    each), or of their resident sizes where /proc has no smaps_rollup."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                parent = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += process_memory_kb(p) / 1000
        todo += children.get(p, [])
    return total


def process_memory_kb(pid: int) -> int:
    """Pss of one process in kB (RSS if Pss is not to be had), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_load(db: Path, *args: str, timeout: float = 900) -> dict:
    """One ``datasette-sources load`` run: wall, CPU, peak tree memory, status, output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette_sources.cli", "load", "--silent", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_memory_mb(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_mb": peak[0],
        "status": proc.returncode,
        "stdout": out.strip(),
        "stderr": err.strip(),
    }


def load_summary(result: dict) -> str:
    """The command's 'loaded N, replaced N, unchanged N, failed N' line."""
    lines = [line for line in result["stdout"].splitlines() if line.startswith("loaded ")]
    return lines[0] if lines else "no summary"


def outcome(result: dict) -> str:
    """What became of the input, in a few words."""
    failed = [line for line in result["stderr"].splitlines() if line.startswith("failed: ")]
    reasons = sorted({line.split(": ", 2)[-1].split(", more than")[0] for line in failed})
    summary = load_summary(result)
    if "Traceback" in result["stderr"]:
        summary += "; TRACEBACK"
    return summary + (f"; {'; '.join(reasons)}" if reasons else "")


def bench_load(patterns: list[str], sizes: list[int], work: Path, options: list[str]) -> None:
    shown = f" with `{' '.join(options)}`" if options else ""
    print(f"\n## Loading: `datasette-sources load`{shown} of each pattern as one .txt file\n")
    print("| pattern | size | wall s | CPU s | peak memory MB | exit | outcome |")
    print("|---|---|---|---|---|---|---|")
    for pattern in patterns:
        for size in sizes:
            path = work / f"{pattern}_{label(size)}.txt"
            path.write_text(hostile_text(pattern, size), encoding="utf-8")
            r = run_load(work / f"{path.stem}.db", str(path), *options)
            print(
                f"| {pattern} | {label(size)} | {r['wall']:.1f} | {r['cpu']:.1f} | "
                f"{r['peak_mb']:.0f} | {r['status']} | {outcome(r)} |",
                flush=True,
            )
            path.unlink()


def bench_big(work: Path) -> None:
    print("\n## Large records: each file loaded on its own\n")
    print("| file | wall s | CPU s | peak memory MB | exit | outcome |")
    print("|---|---|---|---|---|---|")
    sizes = {**BIG_RECORDS, "page_under_the_bound.html": 8_000_000}
    for name, chars in sizes.items():
        path = work / f"big_{name}"
        path.write_text(big_record(name, chars), encoding="utf-8")
        r = run_load(work / f"big_{name}.db", str(path))
        print(
            f"| {chars / 1e6:g} MB {name} | {r['wall']:.1f} | {r['cpu']:.1f} | "
            f"{r['peak_mb']:.0f} | {r['status']} | {outcome(r)} |",
            flush=True,
        )
        path.unlink()


def bench_folder(size: int, work: Path) -> None:
    print(f"\n## A folder of the seeds and every hostile file (patterns at {label(size)})\n")
    folder = work / "folder"
    write_hostile_files(folder, size)
    shutil.copytree(SEEDS, folder / "seeds")
    files = [p for p in folder.rglob("*") if not p.is_dir()]
    db = work / "folder.db"
    r = run_load(db, str(folder), timeout=3600)
    conn = sqlite3.connect(db)
    integrity = conn.execute("pragma integrity_check").fetchone()[0]
    loaded = {row[0] for row in conn.execute("select path from articles")}
    recorded = {row[0] for row in conn.execute("select path from load_errors")}
    seeds_loaded = all(str(folder / "seeds" / p.name) in loaded for p in SEEDS.glob("*.txt"))
    unaccounted = [p.name for p in files if str(p) not in loaded | recorded]
    conn.close()
    print(f"- files: {len(files)} ({len(list(SEEDS.glob('*.txt')))} seeds)")
    print(f"- wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, peak memory {r['peak_mb']:.0f} MB")
    print(f"- exit status {r['status']}; {load_summary(r)}")
    print(f"- seeds loaded: {seeds_loaded}; integrity_check: {integrity}")
    print(f"- traceback in the output: {'Traceback' in r['stderr'] + r['stdout']}")
    print(
        "- files neither loaded nor recorded: "
        + (", ".join(unaccounted) if unaccounted else "none")
        + " (a file whose text is another's is that article, counted unchanged)"
    )
    shutil.rmtree(folder)


def table_rows(path: Path) -> dict[str, list]:
    """Every table's rows, sorted, without timestamps or full-text shadow tables."""
    conn = sqlite3.connect(path)
    out = {}
    names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
    for name in names:
        if "_fts" in name:
            continue
        columns = [
            r[1]
            for r in conn.execute(f"pragma table_info([{name}])")
            if r[1] not in ("loaded_at", "logged_at")
        ]
        select = ", ".join(f"[{c}]" for c in columns)
        out[name] = sorted(map(repr, conn.execute(f"select {select} from [{name}]")))
    conn.close()
    return out


def bench_concurrent(work: Path) -> None:
    print("\n## Two loads of the same input into one database at once\n")
    folder = work / "same"
    shutil.copytree(SEEDS, folder)
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(40):
        text = seeds[i % len(seeds)].read_text() + f"\n\nThis is copy number {i} of the story.\n"
        (folder / f"copy_{i:03d}.txt").write_text(text)
    single = run_load(work / "single.db", str(folder))
    both = work / "both.db"
    results: list[dict] = [{}, {}]

    def one(i: int) -> None:
        results[i] = run_load(both, str(folder), "--batch-size", "1")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    same = table_rows(both) == table_rows(work / "single.db")
    print(f"- single load: exit {single['status']}, {load_summary(single)}")
    for i, r in enumerate(results, start=1):
        waited = "waited" in r["stderr"]
        print(
            f"- concurrent load {i}: exit {r['status']}, {load_summary(r)}"
            f"{', said it waited' if waited else ''}; traceback: {'Traceback' in r['stderr']}"
        )
    print(f"- the database equals the single load's (timestamps aside): {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default="reading,load,big,folder,concurrent")
    parser.add_argument("--patterns", default=",".join(PATTERNS), help="comma-separated")
    parser.add_argument("--sizes", default="100KB,1MB,4MB", help="for the reading part")
    parser.add_argument("--load-sizes", default="1MB,4MB", help="for the load part")
    parser.add_argument(
        "--load-options",
        default="",
        help="more options for the load part's command, e.g. '--max-article-size 5MB'",
    )
    parser.add_argument("--folder-size", default="1MB", help="patterns in the folder part")
    parser.add_argument("--timeout", type=float, default=300, help="per reading run, s")
    parser.add_argument(
        "--as-english",
        action="store_true",
        help="reading part: read every pattern as English, whatever language it looks like",
    )
    parser.add_argument("--read-once", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read_once:
        read_once(args.read_once[0], int(args.read_once[1]), args.as_english)
        return
    parts = args.parts.split(",")
    patterns = args.patterns.split(",")
    print(f"# Hostile inputs ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        work = Path(tmp)
        if "reading" in parts:
            sizes = [parse_size(s) for s in args.sizes.split(",")]
            bench_reading(patterns, sizes, args.timeout, args.as_english)
        if "load" in parts:
            sizes = [parse_size(s) for s in args.load_sizes.split(",")]
            bench_load(patterns, sizes, work, args.load_options.split())
        if "big" in parts:
            bench_big(work)
        if "folder" in parts:
            bench_folder(parse_size(args.folder_size), work)
        if "concurrent" in parts:
            bench_concurrent(work)


if __name__ == "__main__":
    main()
