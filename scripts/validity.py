"""Every figure of docs/validity.md, from the shared corpora, with one command.

    python scripts/validity.py --corpora ../shared/corpora --work /tmp/validity \\
        --write docs/validity.md

Two labelled sets, each loaded into a fresh database by the real loader
(``datasette_sources.store.load``) and measured by the same code as
``datasette-sources evaluate`` (``store.evaluations`` + ``evaluation.run``):

horne
    Horne & Adali 2017, BuzzFeed political news: 101 articles, real = 1,
    fake = 0. Stratum: length band (terciles of the text's word count), since
    length alone separates the classes. Split: ``dev`` when the first byte of
    sha256(id) is even, else ``test``.
allsides
    AllSides articles (Baly et al. 2020) whose outlet has an MBFC factuality
    label in Baly et al.'s corpora (acl2020 first, else emnlp18; matched on
    the outlet's host, www. dropped; entries for a section of a site, such as
    npr.org/sections/news, are not matched to the whole host): high = 1,
    mixed or low = 0. A fixed sample: per political lean, articles in order of
    sha256(ID), at most ``--per-outlet`` per outlet, ``--per-lean`` in all.
    Group: the outlet's host; stratum: the lean. Split by outlet: ``dev`` when
    the first byte of sha256(host) is even, else ``test``, so no outlet is on
    both sides.

Weights are decided on the ``dev`` parts only (docs/score.md says how); the
``test`` parts are reported and never looked at to set a weight. Each set is
measured with the weights before issue 15 (``PREVIOUS``) and the package's
defaults now. ``--write FILE`` replaces the text between the markers
``<!-- validity:begin -->`` and ``<!-- validity:end -->`` of FILE; without it
the tables go to stdout. The work folder (databases, sample, label files) is
outside the repository: the corpora are never copied into it.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasette_sources.evaluation.labels import read_labels  # noqa: E402
from datasette_sources.evaluation.protocol import ALL, MEAN_WITHIN, SCORE  # noqa: E402
from datasette_sources.evaluation.run import CROSS_VALIDATED, LENGTH, evaluate  # noqa: E402
from datasette_sources.inputs import ColumnMap  # noqa: E402
from datasette_sources.plugins import all_signals  # noqa: E402
from datasette_sources.store import load  # noqa: E402
from datasette_sources.store.evaluations import labelled_articles  # noqa: E402

#: The default weights before issue 15 (every other signal 0).
PREVIOUS = {
    "attribution_density": 3.0,
    "opinion_sentences": 3.0,
    "uncredited_copy_share": 3.0,
    "distinct_speakers": 2.0,
    "credit_and_byline": 2.0,
    "sic_count": 1.0,
}
BEGIN, END = "<!-- validity:begin -->", "<!-- validity:end -->"
#: URLs of opinion and commentary pages: the outlet-mix control on AllSides ("news" part).
OPINION_URL = re.compile(
    r"opinion|commentary|/columns?/|columnists?|op-?ed|/blogs?/|/views?/|editorial|/analysis/"
    r"|/voices/|/ideas/|/perspectives?/",
    re.IGNORECASE,
)


def stable(text: str) -> int:
    """The first byte of sha256(text): a fixed, documented order and split."""
    return hashlib.sha256(text.encode()).digest()[0]


def part_of(text: str) -> str:
    return "dev" if stable(text) % 2 == 0 else "test"


def host(url: str) -> tuple[str, str]:
    """(host without www., path) of a URL or bare domain.

    >>> host("http://www.npr.org/sections/news/"), host("www1.cbn.com")
    (('npr.org', 'sections/news'), ('cbn.com', ''))
    """
    url = url.strip().lower()
    parts = urlsplit(url if "://" in url else "http://" + url)
    return re.sub(r"^www\d*\.", "", parts.hostname or ""), parts.path.strip("/")


def factuality(corpora: Path) -> dict[str, str]:
    """Outlet host -> MBFC factual reporting (high, mixed, low), acl2020 over emnlp18."""
    found: dict[str, str] = {}
    for name in ("corpus_emnlp18.tsv", "corpus_acl2020.tsv"):
        with open(corpora / "baly_media_factuality" / name, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                h, path = host(row["source_url"])
                if not path:
                    found[h] = row["fact"]
    return found


def horne_inputs(corpora: Path, work: Path) -> tuple[Path, Path, ColumnMap]:
    """The Horne CSV as it is, and its labels file (id, label, stratum = length band, part)."""
    source = corpora / "horne2017_buzzfeed" / "horne2017_buzzfeed.csv"
    with open(source, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    lengths = sorted(len(r["text"].split()) for r in rows)
    cuts = (lengths[len(lengths) // 3], lengths[2 * len(lengths) // 3])
    labels = work / "horne_labels.csv"
    with open(labels, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "label", "stratum", "part"])
        for r in rows:
            words = len(r["text"].split())
            band = "short" if words < cuts[0] else "medium" if words < cuts[1] else "long"
            out.writerow([r["id"], int(r["label"] == "real"), band, part_of(r["id"])])
    return source, labels, ColumnMap(id="id", text="text", title="title")


def allsides_inputs(
    corpora: Path, work: Path, per_lean: int, per_outlet: int
) -> tuple[Path, Path, ColumnMap]:
    """The fixed AllSides sample as a CSV, and its labels file (id, label, group, stratum, part)."""
    fact = factuality(corpora)
    csv.field_size_limit(1 << 30)
    with gzip.open(corpora / "allsides" / "allsides_articles.csv.gz", "rt", encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if fact.get(host(r["source_url"])[0]) and r["content_original"].strip()
        ]
    rows.sort(key=lambda r: hashlib.sha256(r["ID"].encode()).hexdigest())
    chosen, per = [], {}
    for lean in ("left", "center", "right"):
        taken = 0
        for r in rows:
            outlet = host(r["source_url"])[0]
            if r["bias_text"] != lean or per.get(outlet, 0) >= per_outlet or taken >= per_lean:
                continue
            per[outlet] = per.get(outlet, 0) + 1
            taken += 1
            chosen.append(r)
    sample, labels = work / "allsides_sample.csv", work / "allsides_labels.csv"
    with (
        open(sample, "w", newline="", encoding="utf-8") as s,
        open(labels, "w", newline="", encoding="utf-8") as lab,
    ):
        out, lout = csv.writer(s), csv.writer(lab)
        out.writerow(["id", "outlet", "url", "published", "authors", "title", "text"])
        lout.writerow(["id", "label", "group", "stratum", "part", "genre"])
        for r in chosen:
            outlet = host(r["source_url"])[0]
            out.writerow(
                [
                    r["ID"],
                    outlet,
                    r["url"],
                    r["date"],
                    r["authors"],
                    r["title"],
                    r["content_original"],
                ]
            )
            label = int(fact[outlet] == "high")
            genre = "opinion" if OPINION_URL.search(r["url"]) else "news"
            lout.writerow([r["ID"], label, outlet, r["bias_text"], part_of(outlet), genre])
    columns = ColumnMap(id="id", text="text", title="title", outlet="outlet", url="url",
                        published="published")  # fmt: skip
    return sample, labels, columns


def fresh_database(path: Path, source: Path, columns: ColumnMap, reuse: bool) -> Path:
    """``path`` loaded from ``source`` by the real loader (kept as it is with ``reuse``)."""
    if reuse and path.exists():
        return path
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    summary = load(sqlite_utils.Database(path), [str(source)], columns=columns)
    print(
        f"loaded {summary.loaded} articles into {path} ({summary.failed} failed) "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return path


#: The parts of each set measured: all of it, the dev and test halves, news pages only.
PARTS = ("all", "dev", "test", "news")


def part_runs(db_path: Path, labels_path: Path, variants: dict, resamples: int, seed: int) -> dict:
    """(part, variant) -> Run, for the parts all, dev and test and each weights variant."""
    signals = all_signals()
    db = sqlite_utils.Database(db_path)
    labels = read_labels(labels_path)
    with open(labels_path, encoding="utf-8") as f:
        tags = {
            row["id"]: {"all", row["part"], row.get("genre") or ""} for row in csv.DictReader(f)
        }
    found = {}
    for variant, weights in variants.items():
        matching = labelled_articles(db, labels, signals, weights)
        for part in PARTS:
            chosen = [a for a in matching.articles if part in tags[a.key]]
            if not chosen:
                continue
            found[(part, variant)] = evaluate(
                chosen, signals, weights, labels_file=labels_path.name,
                resamples=resamples, seed=seed,
            )  # fmt: skip
    return found


def fitted_weights(db_path: Path, labels_path: Path, seed: int) -> tuple[dict, str, float]:
    """``evaluate --fit`` on the AllSides dev outlets: proposed weights, method, its CV AUC."""
    signals = all_signals()
    labels = read_labels(labels_path)
    with open(labels_path, encoding="utf-8") as f:
        part_of_key = {row["id"]: row["part"] for row in csv.DictReader(f)}
    defaults = {s.name: s.weight for s in signals}
    matching = labelled_articles(sqlite_utils.Database(db_path), labels, signals, defaults)
    dev = [a for a in matching.articles if part_of_key[a.key] == "dev"]
    run = evaluate(dev, signals, defaults, resamples=0, seed=seed, fit=True)
    cv = run.row(CROSS_VALIDATED, "article", MEAN_WITHIN)
    return run.proposed or {}, run.fit_method or "", cv.auc if cv else float("nan")


#: The three dev measures the weights rule reads: (set, level, stratum, what it controls).
RULE_MEASURES = (
    ("horne", "article", MEAN_WITHIN, "Horne dev, within length bands"),
    ("allsides", "article", MEAN_WITHIN, "AllSides dev, within lean"),
    ("allsides", "outlet", MEAN_WITHIN, "AllSides dev outlets, within lean"),
)


def rule(dev: dict, previous: dict[str, float]) -> dict[str, tuple[float, str]]:
    """The weights rule of docs/score.md, on the dev parts: signal -> (weight, reason).

    From the previous weight: / 3 when the signal is nearly constant (the same
    value for 95% of dev articles in both sets) or contradicted (scored
    AUC <= 0.45 on two measures, or a 95% interval wholly below 0.5 on one);
    + 1, up to 3, when supported (AUC >= 0.55 on two measures, <= 0.45 on none);
    else unchanged.
    """
    out = {}
    for name, old in previous.items():
        rows = [dev[s].row(name, level, stratum) for s, level, stratum, _ in RULE_MEASURES]
        aucs = [r.scored_auc for r in rows if r is not None and r.scored_auc is not None]
        highs = [r.scored_auc_high for r in rows if r is not None and r.scored_auc_high is not None]
        varying = max(dev[s].row(name).share_varying or 0 for s in ("horne", "allsides"))
        if varying < 0.05:
            out[name] = (round(old / 3, 2), "nearly constant")
        elif sum(a <= 0.45 for a in aucs) >= 2 or any(h < 0.5 for h in highs):
            out[name] = (round(old / 3, 2), "contradicted")
        elif sum(a >= 0.55 for a in aucs) >= 2 and not any(a <= 0.45 for a in aucs):
            out[name] = (min(3.0, old + 1), "supported")
        else:
            out[name] = (old, "unchanged")
    return out


def cell(row, scored: bool = False) -> str:
    """``0.62 (0.55–0.69)`` for a row's AUC and interval; ``–`` when there is none."""
    if row is None:
        return "–"
    auc, low, high = (
        (row.scored_auc, row.scored_auc_low, row.scored_auc_high)
        if scored
        else (row.auc, row.auc_low, row.auc_high)
    )
    if auc is None:
        return "–"
    return f"{auc:.2f} ({low:.2f}–{high:.2f})" if low is not None else f"{auc:.2f}"


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]


def headline(runs: dict) -> list[str]:
    """The score before and after the weight change, and the fit, on every part."""
    views = [
        ("Horne", "horne", "article", ALL),
        ("Horne, within length bands", "horne", "article", MEAN_WITHIN),
        ("AllSides × Baly, within lean", "allsides", "article", MEAN_WITHIN),
        ("AllSides × Baly, outlets, within lean", "allsides", "outlet", MEAN_WITHIN),
    ]
    rows = []
    for title, name, level, stratum in views:
        for part in PARTS:
            if (part, "before") not in runs[name]:
                continue
            found = {v: runs[name][(part, v)] for v in ("before", "after", "fitted")}
            base = found["before"].row(SCORE, level, stratum)
            if base is None:
                continue
            rows.append(
                [title, part, base.n if level == "article" else f"{base.n} outlets", cell(base),
                 *(cell(found[v].row(SCORE, level, stratum)) for v in ("after", "fitted")),
                 cell(found["after"].row(LENGTH, level, stratum))]
            )  # fmt: skip
    return table(
        [
            "set",
            "part",
            "n",
            "before (issue 15)",
            "after",
            "fitted on AllSides dev",
            "length alone",
        ],
        rows,
    )


def per_signal(runs: dict, decided: dict, previous: dict, now: dict) -> list[str]:
    """Every signal on the dev parts as the rule reads it (scored AUC), with the weights."""
    dev = {name: runs[name][("dev", "before")] for name in ("horne", "allsides")}
    rows = []
    for name in previous:
        weight, reason = decided[name]
        varying = " / ".join(f"{dev[s].row(name).share_varying:.0%}" for s in ("horne", "allsides"))
        measures = [cell(dev[s].row(name, lv, st), scored=True) for s, lv, st, _ in RULE_MEASURES]
        rows.append(
            [f"`{name}`", "+" if dev["horne"].row(name).direction > 0 else "−", varying,
             *measures, reason, f"{previous[name]:g}", f"{weight:g}", f"{now[name]:g}"]
        )  # fmt: skip
    header = ["signal", "dir", "varies (H / A)", *[m[3] for m in RULE_MEASURES]]
    return table(header + ["rule", "before", "rule gives", "default now"], rows)


def held_out(runs: dict) -> list[str]:
    """Every signal on the test parts and on the whole sets, as stored values (``auc``)."""
    views = [
        ("Horne test", "horne", "test", "article", ALL),
        ("Horne all", "horne", "all", "article", ALL),
        ("AllSides test, within lean", "allsides", "test", "article", MEAN_WITHIN),
        ("AllSides all, within lean", "allsides", "all", "article", MEAN_WITHIN),
        ("AllSides news pages, within lean", "allsides", "news", "article", MEAN_WITHIN),
    ]
    names = [r.signal for r in runs["horne"][("all", "before")].rows
             if r.level == "article" and r.stratum == ALL and r.signal != SCORE]  # fmt: skip
    rows = [
        [f"`{n}`"] + [cell(runs[s][(p, "before")].row(n, lv, st)) for _, s, p, lv, st in views]
        for n in names
    ]
    return table(["signal"] + [v[0] for v in views], rows)


def by_lean(runs: dict) -> list[str]:
    rows = []
    whole = {v: runs["allsides"][("all", v)] for v in ("before", "after")}
    for stratum in ("left", "center", "right"):
        base, after = (whole[v].row(SCORE, "article", stratum) for v in ("before", "after"))
        rows.append([stratum, base.n, f"{base.n_positive} / {base.n_negative}",
                     cell(base), cell(after)])  # fmt: skip
    return table(["lean", "n", "high / mixed-low", "before", "after"], rows)


def report(runs, decided, previous, now, fitted, method, cv_auc, args) -> str:
    sizes = {s: runs[s][("all", "before")].row() for s in ("horne", "allsides")}
    out = [
        BEGIN,
        "",
        f"Made by `python scripts/validity.py --per-lean {args.per_lean} --per-outlet "
        f"{args.per_outlet} --bootstrap {args.bootstrap} --seed {args.seed}` "
        f"({sizes['horne'].n} Horne articles, {sizes['allsides'].n} AllSides articles from "
        f"{runs['allsides'][('all', 'before')].row(SCORE, 'outlet').n} outlets). "
        "AUC with a bootstrap 95% interval in brackets; outlets are resampled whole.",
        "",
        "### The score before and after the weight change",
        "",
        *headline(runs),
        "",
        "### Every signal on the dev parts, and what the rule makes of it",
        "",
        "Scored AUC: the signal's normalised value as the score uses it, in its documented "
        "direction (above 0.5: it points the way the score expects).",
        "",
        *per_signal(runs, decided, previous, now),
        "",
        "### Every signal on the held-out parts and the whole sets",
        "",
        "Stored values in their documented direction (`auc`).",
        "",
        *held_out(runs),
        "",
        "### The score within each lean (AllSides × Baly, all)",
        "",
        *by_lean(runs),
        "",
        "### A fit, for comparison",
        "",
        f"`evaluate --fit` on the AllSides dev outlets ({method}) proposes the weights below; "
        f"its cross-validated AUC within lean on the dev outlets is {cv_auc:.2f}, and the "
        "headline table shows what it does on the other parts.",
        "",
        ", ".join(f"`{n}` {w:g}" for n, w in fitted.items() if w > 0) or "(all zero)",
        "",
        END,
    ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--work", help="folder for the databases and label files [a temporary one]")
    parser.add_argument("--reuse", action="store_true", help="keep databases already in --work")
    parser.add_argument("--per-lean", type=int, default=1000)
    parser.add_argument("--per-outlet", type=int, default=40)
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--write", help="replace the generated block of this markdown file")
    args = parser.parse_args()
    corpora = Path(args.corpora)
    work = Path(args.work or tempfile.mkdtemp(prefix="validity-"))
    work.mkdir(parents=True, exist_ok=True)
    signals = all_signals()
    previous = {s.name: PREVIOUS.get(s.name, 0.0) for s in signals}
    now = {s.name: float(s.weight) for s in signals}
    inputs = {
        "horne": horne_inputs(corpora, work),
        "allsides": allsides_inputs(corpora, work, args.per_lean, args.per_outlet),
    }
    dbs = {n: fresh_database(work / f"{n}.db", src, cols, args.reuse)
           for n, (src, _, cols) in inputs.items()}  # fmt: skip
    fitted, method, cv_auc = fitted_weights(dbs["allsides"], inputs["allsides"][1], args.seed)
    variants = {"before": previous, "after": now, "fitted": fitted}
    runs = {n: part_runs(dbs[n], inputs[n][1], variants, args.bootstrap, args.seed) for n in dbs}
    decided = rule({n: runs[n][("dev", "before")] for n in runs}, previous)
    text = report(runs, decided, previous, now, fitted, method, cv_auc, args)
    if args.write:
        path = Path(args.write)
        doc = path.read_text(encoding="utf-8")
        if BEGIN not in doc or END not in doc:
            sys.exit(f"{path} has no {BEGIN} ... {END} block to replace")
        head, rest = doc.split(BEGIN, 1)
        path.write_text(head + text + rest.split(END, 1)[1], encoding="utf-8")
        print(f"wrote the figures into {path}", file=sys.stderr)
    else:
        print(text)
    changed = {n: (now[n], w) for n, (w, _) in decided.items() if abs(now[n] - w) > 1e-9}
    if changed:
        print(f"the rule gives other weights than the defaults: {changed}", file=sys.stderr)


if __name__ == "__main__":
    main()
