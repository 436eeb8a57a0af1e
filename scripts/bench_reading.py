"""How much slower is reading a whole article than textstat's readability alone?

    python scripts/bench_reading.py [--corpora ../shared/corpora] [--limit 1000] [--repeat 3]

On the first N AllSides articles with a non-empty ``content_original`` (read,
never copied, from ``<corpora>/allsides/allsides_articles.csv.gz``), in one run:

(a) textstat: ``textstat.flesch_reading_ease`` itself (with the offline CMU
    dictionary, ``signals.readability.offline_textstat``) on each raw text;
(b) pipeline: ``read_article(text)`` on each raw text (anatomy, sentences, every
    signal, readability on the body included);
(c) the same pipeline again, stage by stage (dissect, split, label, id, then each
    signal), to show where the time goes.

(a) and (b) are interleaved in chunks of ``--chunk`` articles (default 100):
both run over a chunk in turn, which of the two goes first alternating from one
chunk to the next (and from one repetition to the next), so both see the same
moments of a busy machine. (Not article by article: run on the same text right
after the other, one finds the text's words warm in the CPU's caches.) Time is
CPU time (``time.process_time``). Each pass is repeated ``--repeat`` times
(default 3); the medians are reported, the ratio is of the medians, and the
ratio of each repetition is printed too.

Then, untimed: how many of the N bodies get exactly textstat's Flesch Reading
Ease and Flesch-Kincaid grade from ``signals.readability`` (which counts without
textstat).

Fairness. textstat memoises most of its functions with ``functools.lru_cache``
keyed by the text (128 entries each), and the reading core memoises a few
per-name / per-text helpers. Before every timed pass, every such per-input cache
in ``textstat`` and ``datasette_sources`` (an lru_cache whose function takes a
``text``, ``word`` or ``name`` first) is cleared, so each pass starts cold, as a
fresh process would; caches of loaded resources (the CMU dictionary and our
syllable table, pyphen and its per-word memory, which textstat and we share,
the opinion model and lexicons) are kept and were filled before any timing by
one warm-up call of each on a sentence that is not in the corpus, then one
untimed interleaved pass over the corpus, so that pyphen holds the corpus's
words for textstat and for us alike. Garbage collection is left on, as in real use.
"""

from __future__ import annotations

import argparse
import csv
import gc
import gzip
import inspect
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from datasette_sources.plugins import all_signals
from datasette_sources.reading import article_id, read_article
from datasette_sources.reading.anatomy import read_page
from datasette_sources.reading.sentences import split_sentences
from datasette_sources.reading.voices import label_sentences
from datasette_sources.signals import readability

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
READABILITY = ("flesch_reading_ease", "flesch_kincaid_grade")


def reference_textstat():
    """textstat itself, offline; also on the code before readability stopped using it."""
    if hasattr(readability, "offline_textstat"):
        return readability.offline_textstat()
    import textstat

    readability.offline_cmudict()  # before: patches textstat's dictionary in place
    return textstat


def load_texts(corpora: Path, limit: int) -> list[str]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out: list[str] = []
    path = corpora / "allsides" / "allsides_articles.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            text = row.get("content_original") or ""
            if text.strip():
                out.append(text)
                if limit and len(out) >= limit:
                    break
    return out


def clear_input_caches() -> int:
    """Clear every per-input lru_cache in textstat and datasette_sources; how many."""
    cleared = 0
    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith(("textstat", "datasette_sources")) or module is None:
            continue
        for obj in list(vars(module).values()):
            if not (hasattr(obj, "cache_clear") and hasattr(obj, "__wrapped__")):
                continue
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            try:
                params = list(inspect.signature(obj.__wrapped__).parameters)
            except (TypeError, ValueError):
                continue
            if params and params[0] in ("text", "word", "name"):
                obj.cache_clear()
                cleared += 1
    return cleared


def time_interleaved(
    texts: list[str], textstat_first: bool, chunk: int = 100
) -> tuple[float, float, int]:
    """CPU seconds of textstat alone and of read_article, chunk by chunk in turn.

    Both run over each chunk of ``chunk`` texts one after the other, the first of
    the two alternating from one chunk to the next, so both see the same moments
    of a busy machine. Chunks rather than single articles: run on the same text
    right after the other, one would find that text's words warm in the CPU's
    caches, which neither would have on its own.
    Returns (textstat seconds, pipeline seconds, articles whose reading failed).
    """
    flesch_reading_ease = reference_textstat().flesch_reading_ease
    clock = time.process_time
    spent_textstat = spent_pipeline = 0.0
    failed = 0
    for n, start in enumerate(range(0, len(texts), chunk)):
        part = texts[start : start + chunk]
        for textstat_now in (True, False) if (n % 2 == 0) == textstat_first else (False, True):
            t0 = clock()
            if textstat_now:
                for text in part:
                    flesch_reading_ease(text)
                spent_textstat += clock() - t0
                continue
            for text in part:
                try:
                    read_article(text)
                except Exception:  # counted, never fatal
                    failed += 1
            spent_pipeline += clock() - t0
    return spent_textstat, spent_pipeline, failed


def same_as_textstat(texts: list[str]) -> dict[str, tuple[int, int]]:
    """Of the texts' bodies (and raw texts): how many get textstat's exact values, of how many."""
    ts = reference_textstat()
    same: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for text in texts:
        try:
            body = read_page(text).body
        except Exception:
            continue
        for what, sample in (("body", body), ("raw text", text)):
            if not sample.strip():
                continue
            for name in READABILITY:
                ours = getattr(readability, name)(sample)
                tally = same[f"{name}, {what}"]
                tally[0] += ours == getattr(ts, name)(sample)
                tally[1] += 1
    return {k: (v[0], v[1]) for k, v in same.items()}


def time_stages(texts: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds spent in each stage of read_article, summed over the texts; and extras."""
    spent: dict[str, float] = defaultdict(float)
    extra: dict[str, float] = defaultdict(float)
    rules_only = True
    clock = time.process_time
    for text in texts:
        try:
            t0 = clock()
            art = read_page(text)
            t1 = clock()
            sentences = split_sentences(art.paragraphs)
            t2 = clock()
            art.sentences = label_sentences(sentences)
            t3 = clock()
            art.id = article_id(text)
            t4 = clock()
            sigs = all_signals()
            t5 = clock()
        except Exception:
            continue
        spent["dissect"] += t1 - t0
        spent["split"] += t2 - t1
        spent["label"] += t3 - t2
        spent["article_id"] += t4 - t3
        spent["signals: all_signals() lookup"] += t5 - t4
        for sig in sigs:
            s0 = clock()
            try:
                art.signals[sig.name] = sig.measure(art)
            except Exception:
                pass
            spent[f"signal {sig.name}"] += clock() - s0
        if rules_only:
            # Not part of the pipeline: label again with the rules alone, to show
            # what the opinion model costs inside "label".
            fresh = split_sentences(art.paragraphs)
            r0 = clock()
            try:
                label_sentences(fresh, opinion_model=None)
            except TypeError:
                rules_only = False
                continue
            extra["label, rules only (opinion_model=None)"] += clock() - r0
    return spent, extra


def profile(texts: list[str], top: int) -> str:
    """cProfile of one untimed read_article pass: the functions with most own time."""
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for text in texts:
        try:
            read_article(text)
        except Exception:
            pass
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


#: Run in a fresh process: import the reading core, read one article; CPU time, peak memory.
FRESH_PROCESS = """
import json, resource, sys, time
t0 = time.process_time()
from datasette_sources.reading import read_article
t1 = time.process_time()
read_article(sys.argv[1])
t2 = time.process_time()
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"nltk", "textstat", "textblob"})
# VmHWM: this program's own peak; ru_maxrss would carry over a larger parent's across exec.
try:
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    peak = int(status.split()[0]) // 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps([t1 - t0, t2 - t1, peak, heavy]))
"""


def fresh_process(text: str, runs: int = 3) -> tuple[float, float, float, list[str]]:
    """Medians over fresh processes: CPU s to import, CPU s to read ``text``, peak MB; modules."""
    import json
    import subprocess

    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", FRESH_PROCESS, text],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results.append(json.loads(out))
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        statistics.median(r[2] for r in results),
        results[0][3],
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=str(CORPORA), help="folder of the shared corpora")
    ap.add_argument("--limit", type=int, default=1000, help="first N articles (0: all)")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions; the median is reported")
    ap.add_argument(
        "--chunk", type=int, default=100, help="articles per turn of textstat and the pipeline"
    )
    ap.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="TOP",
        help="also print a cProfile of one untimed pass: the TOP functions by own time",
    )
    args = ap.parse_args(argv)

    texts = load_texts(Path(args.corpora), args.limit)
    n = len(texts)
    chars = sum(len(t) for t in texts)
    print(f"{n} AllSides articles, {chars / n:,.0f} characters on average", file=sys.stderr)

    # Resources loaded before any timing: the CMU dictionary (textstat's) and our
    # syllable table, pyphen, the opinion model and lexicons, the plugin registry.
    reference_textstat().flesch_reading_ease("A warm-up sentence for textstat.")
    read_article(
        "Warm-up headline here\n\nThe minister resigned, officials said. "
        "It is a disgrace, and “we will not forget it,” she said."
    )
    # One untimed interleaved pass: pyphen's memory of words, which textstat and we
    # share, then holds this corpus's words for both alike in every timed pass.
    time_interleaved(texts, True, args.chunk)

    ts_times, pipe_times, failures = [], [], 0
    stage_runs: list[dict[str, float]] = []
    extra_runs: list[dict[str, float]] = []
    for rep in range(args.repeat):
        clear_input_caches()
        gc.collect()
        textstat_seconds, pipeline_seconds, failed = time_interleaved(
            texts, rep % 2 == 0, args.chunk
        )
        ts_times.append(textstat_seconds)
        pipe_times.append(pipeline_seconds)
        failures = max(failures, failed)
        clear_input_caches()
        gc.collect()
        spent, extra = time_stages(texts)
        stage_runs.append(spent)
        extra_runs.append(extra)
        print(
            f"repetition {rep + 1}: textstat {ts_times[-1]:.2f} s, pipeline {pipe_times[-1]:.2f} s",
            file=sys.stderr,
        )

    ts, pipe = statistics.median(ts_times), statistics.median(pipe_times)
    print(
        f"Articles: {n} (AllSides content_original, first {n} non-empty); "
        f"repetitions: {args.repeat}, median CPU time reported\n"
    )
    print("| what | seconds | articles/s | ms/article |")
    print("|---|---|---|---|")
    print(
        f"| textstat flesch_reading_ease alone (raw text) | {ts:.2f} | {n / ts:,.0f} | "
        f"{ts / n * 1000:.2f} |"
    )
    print(
        f"| read_article (whole pipeline) | {pipe:.2f} | {n / pipe:,.1f} | {pipe / n * 1000:.2f} |"
    )
    print(f"| ratio pipeline / textstat | {pipe / ts:.1f}x | | |")
    ratios = sorted(p / t for p, t in zip(pipe_times, ts_times, strict=True))
    print(
        f"\nRatio in each repetition: {', '.join(f'{r:.2f}x' for r in ratios)} "
        f"(from {ratios[0]:.2f}x to {ratios[-1]:.2f}x)"
    )
    print(f"\nArticles whose reading raised an exception: {failures}")
    print("\nThe same values as textstat (signals.readability vs textstat itself, exact):\n")
    for what, (same, total) in same_as_textstat(texts).items():
        print(f"- {what}: {same} of {total}")

    stages = {k: statistics.median(r.get(k, 0.0) for r in stage_runs) for k in stage_runs[0]}
    readable = sum(v for k, v in stages.items() if k.removeprefix("signal ") in READABILITY)
    total = sum(stages.values())
    print(
        "\nStage by stage (median seconds over the repetitions; the stage pass is timed "
        "separately from the whole-pipeline pass):\n"
    )
    print("| stage | seconds | share | ms/article |")
    print("|---|---|---|---|")
    for k, v in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"| {k} | {v:.3f} | {v / total:.1%} | {v / n * 1000:.3f} |")
    print(f"| **total** | {total:.2f} | 100% | {total / n * 1000:.2f} |")
    print(
        f"\nreadability signals together (on the body): {readable:.2f} s "
        f"({readable / total:.1%} of the pipeline)"
    )
    if extra_runs and extra_runs[0]:
        for k in extra_runs[0]:
            v = statistics.median(r.get(k, 0.0) for r in extra_runs)
            print(
                f"for comparison, {k}: {v:.2f} s ({v / n * 1000:.2f} ms/article), so the "
                f"opinion model costs about {stages['label'] - v:.2f} s of label's "
                f"{stages['label']:.2f} s"
            )
    imported, first, peak, heavy = fresh_process(texts[0])
    print(
        f"\nA fresh process (median of 3): importing the reading core {imported:.2f} s CPU, "
        f"reading the first article {first:.2f} s CPU (dictionaries and models load), "
        f"peak memory {peak:.0f} MB; of NLTK, textstat and textblob it imported: "
        f"{', '.join(heavy) or 'none'}"
    )
    if args.profile:
        clear_input_caches()
        print("\ncProfile of one more, untimed, pass:\n")
        print(profile(texts, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
