"""Story grouping against BASIL's 100 same-event triplets, through the real loader.

Loads BASIL's 300 articles (Fox, NYT, HuffPost; each event covered by all
three) into a fresh SQLite database with ``datasette_sources.store.load``,
then compares ``articles.story_id`` with BASIL's ``triplet_uuid``:

- exact triplets: share of triplets that became exactly one story holding
  no foreign article (the issue's bar: 90%);
- B-cubed precision, recall and F1 (Bagga & Baldwin 1998), averaged over articles:
  precision = share of an article's story that is its triplet, recall = share
  of its triplet that is in its story.

``--undated`` removes every date first (the ``date`` column is not given to the
loader, and the script checks that no article ends up with one), as on a folder of
.txt files. Besides all 100 events, each figure is given for a fixed split by year:
2010-2014 (the half the story thresholds were tuned on) and 2015-2019 (held out).

    python scripts/evaluate_stories.py --corpora ../shared/corpora
    python scripts/evaluate_stories.py --corpora ../shared/corpora --undated
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasette_sources.inputs import ColumnMap  # noqa: E402
from datasette_sources.store import load  # noqa: E402


def bcubed(stories: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of a clustering (article -> story) against gold.

    >>> scores = bcubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})
    >>> [round(x, 3) for x in scores]
    [1.0, 0.556, 0.714]
    """
    by_story, by_gold = defaultdict(set), defaultdict(set)
    for a, s in stories.items():
        by_story[s].add(a)
    for a, g in gold.items():
        by_gold[g].add(a)
    p = sum(len(by_story[stories[a]] & by_gold[gold[a]]) / len(by_story[stories[a]]) for a in gold)
    r = sum(len(by_story[stories[a]] & by_gold[gold[a]]) / len(by_gold[gold[a]]) for a in gold)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def load_basil(source: Path, undated: bool) -> tuple[dict, dict, dict, object, float, int]:
    """Load BASIL through the real loader: (stories, gold, years, summary, seconds, dated)."""
    with tempfile.TemporaryDirectory() as tmp:
        # BASIL's own columns: text, title, date, source (outlet), article_id, triplet_uuid.
        staged = Path(tmp) / "basil.jsonl"
        with open(source, encoding="utf-8") as f, open(staged, "w", encoding="utf-8") as out:
            for row in csv.DictReader(f):
                if undated:
                    del row["date"]
                out.write(json.dumps(row) + "\n")
        db = sqlite_utils.Database(Path(tmp) / "basil.db")
        started = time.perf_counter()
        summary = load(
            db,
            [str(staged)],
            columns=ColumnMap(
                id="article_id", published=None if undated else "date", outlet="source"
            ),
        )
        seconds = time.perf_counter() - started
        stories, gold, years = {}, {}, {}
        for row in db.query("select source_id, story_id, metadata from articles"):
            meta = json.loads(row["metadata"])
            stories[row["source_id"]] = row["story_id"]
            gold[row["source_id"]] = meta["triplet_uuid"]
            years[row["source_id"]] = int(meta["year"])
        dated = db.execute("select count(*) from articles where published is not null").fetchone()
    return stories, gold, years, summary, seconds, dated[0]


def exact_triplets(stories: dict[str, str], gold: dict[str, str]) -> tuple[int, int]:
    """(triplets that are exactly one story holding nothing else, triplets)."""
    members = defaultdict(set)
    for a, s in stories.items():
        members[s].add(a)
    triplets = defaultdict(set)
    for a, g in gold.items():
        triplets[g].add(a)
    exact = sum(
        1
        for t in triplets.values()
        if len({stories[a] for a in t}) == 1 and members[stories[next(iter(t))]] == t
    )
    return exact, len(triplets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--undated", action="store_true", help="remove every date first")
    args = parser.parse_args()
    source = Path(args.corpora) / "basil" / "basil_articles.csv"
    stories, gold, years, summary, seconds, dated = load_basil(source, args.undated)
    name = "BASIL, dates removed" if args.undated else "BASIL"
    print("| corpus | metric | value | n |")
    print("|---|---|---|---|")
    print(f"| {name} | articles loaded / failed | {summary.loaded} / {summary.failed} | 300 |")
    print(f"| {name} | articles with a date | {dated} | 300 |")
    halves = [
        ("all", lambda y: True),
        ("2010-2014 (tuned on)", lambda y: y <= 2014),
        ("2015-2019 (held out)", lambda y: y >= 2015),
    ]
    for label, keep in halves:
        # A half is judged on its own articles: stories are cut to them.
        ids = {a for a in gold if keep(years[a])}
        sub_stories = {a: stories[a] for a in ids}
        sub_gold = {a: gold[a] for a in ids}
        exact, triplets = exact_triplets(sub_stories, sub_gold)
        p, r, f = bcubed(sub_stories, sub_gold)
        print(
            f"| {name}, {label} | triplets that are exactly one story | "
            f"{exact / triplets:.2f} ({exact} of {triplets}) | {triplets} |"
        )
        print(
            f"| {name}, {label} | B-cubed precision / recall / F1 | "
            f"{p:.3f} / {r:.3f} / {f:.3f} | {len(ids)} |"
        )
    print(f"| {name} | stories made | {len(set(stories.values()))} | |")
    print(f"| {name} | load with story pass (s) | {seconds:.1f} | |")


if __name__ == "__main__":
    main()
