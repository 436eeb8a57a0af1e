"""Story grouping against BASIL's 100 same-event triplets, through the real loader.

Loads BASIL's 300 articles (Fox, NYT, HuffPost; each event covered by all
three) into a fresh SQLite database with ``datasette_sources.store.load``,
then compares ``articles.story_id`` with BASIL's ``triplet_uuid``:

- exact triplets: share of triplets that became exactly one story holding
  no foreign article (the issue's bar: 90%);
- B-cubed precision, recall and F1 (Bagga & Baldwin 1998), averaged over articles:
  precision = share of an article's story that is its triplet, recall = share
  of its triplet that is in its story.

    python scripts/evaluate_stories.py --corpora ../shared/corpora
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    args = parser.parse_args()
    source = Path(args.corpora) / "basil" / "basil_articles.csv"
    with tempfile.TemporaryDirectory() as tmp:
        # BASIL's own columns: text, title, date, source (outlet), article_id, triplet_uuid.
        staged = Path(tmp) / "basil.jsonl"
        with open(source, encoding="utf-8") as f, open(staged, "w", encoding="utf-8") as out:
            for row in csv.DictReader(f):
                out.write(json.dumps(row) + "\n")
        db = sqlite_utils.Database(Path(tmp) / "basil.db")
        started = time.perf_counter()
        summary = load(
            db, [str(staged)], columns=ColumnMap(id="article_id", published="date", outlet="source")
        )
        seconds = time.perf_counter() - started
        stories, gold = {}, {}
        for row in db.query("select source_id, story_id, metadata from articles"):
            stories[row["source_id"]] = row["story_id"]
            gold[row["source_id"]] = json.loads(row["metadata"])["triplet_uuid"]
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
    p, r, f = bcubed(stories, gold)
    print("| corpus | metric | value | n |")
    print("|---|---|---|---|")
    print(f"| BASIL | articles loaded / failed | {summary.loaded} / {summary.failed} | 300 |")
    print(
        f"| BASIL | triplets that are exactly one story | {exact / len(triplets):.2f} "
        f"({exact} of {len(triplets)}) | {len(triplets)} |"
    )
    print(
        f"| BASIL | B-cubed precision / recall / F1 | {p:.3f} / {r:.3f} / {f:.3f} | {len(gold)} |"
    )
    print(f"| BASIL | stories made | {len(members)} | |")
    print(f"| BASIL | load with story pass (s) | {seconds:.1f} | |")


if __name__ == "__main__":
    main()
