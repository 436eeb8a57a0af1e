"""Build a synthetic corpus of N articles for benchmarks at scale: AllSides, replicated.

    python scripts/make_synthetic_corpus.py --articles 1000000 --out /tmp/synthetic.csv.gz \\
        [--corpora ../shared/corpora] [--source FILE] [--shift-days 3653] [--dated-only]

The source (default ``<corpora>/allsides/allsides_articles.csv.gz``, read through
the loader's own input stage, with ``content_original`` as the text, ``source``
as the outlet and ``ID`` as the id) is streamed again for each replica until N
articles are written; nothing is held in memory. Replica k (from 0) of an article:

- id ``<ID>-<k>``; url ``<url>#copy-<k>`` (k > 0);
- outlet ``<source> #<k>`` (k > 0), so each replica is a set of new outlets;
- published date moved ``k x --shift-days`` days later (default 3653, ten years:
  longer than AllSides spans, so no two replicas of one article fall in the same
  weeks and become a story or copies of each other); time of day kept;
- title, authors, topic and the text unchanged.

Replica 0 is AllSides itself under new ids. Rows without text are left out (the
loader would only record them as errors); rows whose date is missing or not a
date (4,4xx in AllSides) keep it as given, or are left out with ``--dated-only``.
The output is CSV or JSON Lines by its suffix (``.csv``, ``.jsonl``, either with
``.gz``), with the columns id, url, outlet, published, title, authors, topic,
text, which ``datasette-sources load`` reads as they are. The same arguments give
the same bytes (gzip at level 1, without a time stamp). It must be written outside the
repository: the corpora are never copied into it. A summary goes to stdout.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasette_sources.inputs import ColumnMap, Record, read_paths  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
ALLSIDES = Path("allsides") / "allsides_articles.csv.gz"
COLUMNS = ("id", "url", "outlet", "published", "title", "authors", "topic", "text")
ALLSIDES_COLUMNS = ColumnMap(id="ID", text="content_original", outlet="source")
TEN_YEARS = 3653


@dataclass
class Summary:
    written: int = 0
    replicas: int = 0
    source_articles: int = 0  # written in the first pass over the source
    without_text: int = 0  # left out in the first pass
    undated_written: int = 0
    left_out_undated: int = 0  # left out in the first pass, with --dated-only
    first: str | None = None
    last: str | None = None
    outlets: set[str] = field(default_factory=set)

    def saw(self, row: dict[str, str | None]) -> None:
        self.written += 1
        if self.replicas == 1:
            self.source_articles += 1
        if row["outlet"]:
            self.outlets.add(row["outlet"])
        day = row["published"]
        if parse_day(day) is None:
            self.undated_written += 1
        else:
            day = day[:10]  # type: ignore[index]
            self.first = min(self.first or day, day)
            self.last = max(self.last or day, day)


def parse_day(published: str | None) -> date | None:
    """The calendar day a published value starts with, if it starts with one.

    >>> parse_day("2016-09-20"), parse_day("9/20/16"), parse_day(None)
    (datetime.date(2016, 9, 20), None, None)
    """
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def shift(published: str | None, days: int) -> str | None:
    """``published`` moved ``days`` later, time of day kept; as given when it is not a date.

    >>> shift("2016-09-20T10:00:00Z", 3653), shift("9/20/16", 3653)
    ('2026-09-21T10:00:00Z', '9/20/16')
    """
    day = parse_day(published)
    if day is None or not days:
        return published
    try:
        moved = day + timedelta(days=days)
    except OverflowError:
        raise SystemExit(
            f"a date moved past the year 9999 ({published} + {days} days): "
            "use a smaller --shift-days for this many replicas"
        ) from None
    return moved.isoformat() + published[10:]  # type: ignore[index]


def replica_row(record: Record, k: int, shift_days: int) -> dict[str, str | None]:
    """Replica ``k`` of one source article, as an output row."""
    outlet = f"{record.outlet} #{k}" if record.outlet and k else record.outlet
    url = f"{record.url}#copy-{k}" if record.url and k else record.url
    return {
        "id": f"{record.id or f'row{record.line}'}-{k}",
        "url": url,
        "outlet": outlet,
        "published": shift(record.published, k * shift_days),
        "title": record.title,
        "authors": record.byline or record.extra.get("authors"),
        "topic": record.extra.get("topic"),
        "text": record.text,
    }


def synthetic_rows(
    source: Path,
    articles: int,
    summary: Summary,
    shift_days: int = TEN_YEARS,
    dated_only: bool = False,
    columns: ColumnMap = ALLSIDES_COLUMNS,
) -> Iterator[dict[str, str | None]]:
    """``articles`` rows, replica after replica, reading ``source`` once per replica."""
    k = 0
    while summary.written < articles:
        summary.replicas = k + 1
        before = summary.written
        for record in read_paths([str(source)], columns):
            if not isinstance(record, Record):
                summary.without_text += k == 0  # every pass reads the same rows
                continue
            if dated_only and parse_day(record.published) is None:
                summary.left_out_undated += k == 0
                continue
            row = replica_row(record, k, shift_days)
            summary.saw(row)
            yield row
            if summary.written >= articles:
                return
        if summary.written == before:
            raise SystemExit(f"{source}: no article to replicate")
        k += 1


@contextmanager
def open_output(path: Path) -> Iterator[io.TextIOBase]:
    """A text stream to ``path``; gzip without a time stamp, so equal input gives equal bytes."""
    with ExitStack() as stack:
        raw = stack.enter_context(open(path, "wb"))
        if path.suffix.lower() == ".gz":
            # Level 1: six times faster than gzip's default 9, for a file 15% larger.
            raw = stack.enter_context(
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=1)
            )
        yield stack.enter_context(io.TextIOWrapper(raw, encoding="utf-8", newline=""))


def output_kind(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    kind = suffixes[-1] if suffixes else ""
    if kind not in (".csv", ".jsonl"):
        raise ValueError(f"{path}: the output must end in .csv, .jsonl, .csv.gz or .jsonl.gz")
    return kind


def write(rows: Iterator[dict[str, str | None]], path: Path) -> None:
    """Stream ``rows`` into ``path`` as CSV or JSON Lines, by its suffix."""
    kind = output_kind(path)
    with open_output(path) as out:
        if kind == ".csv":
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        else:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, required=True, help="how many articles to write")
    ap.add_argument("--out", required=True, help="output file: .csv, .jsonl, optionally .gz")
    ap.add_argument("--corpora", default=str(CORPORA), help="folder of the shared corpora")
    ap.add_argument("--source", help=f"the CSV to replicate (default: <corpora>/{ALLSIDES})")
    ap.add_argument(
        "--shift-days",
        type=int,
        default=TEN_YEARS,
        help="days each replica's dates move past the one before (default: %(default)s)",
    )
    ap.add_argument("--dated-only", action="store_true", help="leave out articles without a date")
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles must be at least 1")
    out = Path(args.out).resolve()
    if out.is_relative_to(ROOT):
        ap.error(f"{out} is inside the repository; write the corpus elsewhere (e.g. /tmp)")
    try:
        output_kind(out)
    except ValueError as e:
        ap.error(str(e))
    source = Path(args.source) if args.source else Path(args.corpora) / ALLSIDES
    if not source.is_file():
        ap.error(f"{source}: no such file")

    summary = Summary()
    rows = synthetic_rows(source, args.articles, summary, args.shift_days, args.dated_only)
    write(rows, out)
    print(
        f"wrote {summary.written:,} articles to {out} ({out.stat().st_size / 2**20:,.1f} MB): "
        f"{summary.replicas} replica(s) of {summary.source_articles:,} source articles "
        f"(the last one partial if N is not a multiple), {len(summary.outlets):,} outlets\n"
        f"left out of the source: {summary.without_text:,} rows without text, "
        f"{summary.left_out_undated:,} undated (--dated-only)\n"
        f"undated articles written: {summary.undated_written:,}; "
        f"dates from {summary.first} to {summary.last}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
