"""Write the AllSides slice the evaluation uses: 1,500 articles dated 2020-03-01 to 2020-05-18.

The same slice every time: of the rows of ``allsides_articles.csv.gz`` whose
``date`` falls in the window and whose ``content_original`` is not empty, the
1,500 with the smallest SHA-1 of their ``ID`` (so the slice spreads over the whole
window rather than its first days), written in (date, ID) order with the corpus's
own columns. Write it outside the repository: it is corpus text.

    python scripts/allsides_slice.py /tmp/allsides_slice.csv
    datasette-sources load /tmp/slice.db /tmp/allsides_slice.csv \\
        --text-column content_original --outlet-column source
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def slice_rows(corpus: Path, start: str, end: str, size: int) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the slice: ``size`` rows dated ``start``..``end`` (inclusive)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with gzip.open(corpus, "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        at = {name: i for i, name in enumerate(header)}
        kept = [
            row
            for row in reader
            if start <= row[at["date"]][:10] <= end and row[at["content_original"]].strip()
        ]
    kept.sort(key=lambda row: hashlib.sha1(row[at["ID"]].encode()).hexdigest())
    chosen = sorted(kept[:size], key=lambda row: (row[at["date"]], row[at["ID"]]))
    return header, chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="CSV file to write (outside the repository)")
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--start", default="2020-03-01")
    parser.add_argument("--end", default="2020-05-18")
    parser.add_argument("--size", type=int, default=1500)
    args = parser.parse_args()
    corpus = Path(args.corpora) / "allsides" / "allsides_articles.csv.gz"
    header, rows = slice_rows(corpus, args.start, args.end, args.size)
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    authors = sum(1 for row in rows if row[header.index("authors")].strip())
    outlets = len({row[header.index("source")] for row in rows})
    print(f"{len(rows)} articles from {outlets} outlets, {authors} with authors -> {args.out}")


if __name__ == "__main__":
    main()
