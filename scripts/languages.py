"""Which languages the detector finds in the corpora: none of these English corpora should be
refused as not English.

    python scripts/languages.py [--corpora ../shared/corpora]

Prints, per corpus, how many articles were found in each language, the CPU time per article,
and the first few articles found not to be English (outlet, language, opening words).
The corpora are only read.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from datasette_sources.reading.language import detect_language

#: (name, file under the corpora folder, text column, outlet column)
CORPORA = [
    ("allsides", "allsides/allsides_articles.csv.gz", "content_original", "source"),
    ("polnear", "polnear/polnear_articles.csv", "text", "publisher"),
    ("basil", "basil/basil_articles.csv", "text", "source"),
    ("horne2017", "horne2017_buzzfeed/horne2017_buzzfeed.csv", "text", "label"),
]


def rows(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # the shared corpora beside the checkout, as scripts/evaluate.py has it
    corpora = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
    p.add_argument("--corpora", default=str(corpora), help="folder of the shared corpora")
    args = p.parse_args()
    csv.field_size_limit(sys.maxsize)
    for name, file, text_column, outlet_column in CORPORA:
        counts: Counter = Counter()
        not_english = []
        spent = 0.0
        for row in rows(Path(args.corpora) / file):
            text = row.get(text_column) or ""
            if not text.strip():
                continue
            start = time.process_time()
            code = detect_language(text).code
            spent += time.process_time() - start
            counts[code] += 1
            if code not in ("en", "und"):
                not_english.append((row.get(outlet_column), code, text[:80].replace("\n", " ")))
        n = sum(counts.values())
        print(
            f"{name}: {n} articles, {dict(counts.most_common())}, "
            f"{1000 * spent / max(n, 1):.2f} ms CPU per article"
        )
        for example in not_english[:10]:
            print("  not English:", example)


if __name__ == "__main__":
    main()
