"""Build the AllSides slice the evaluation uses (1,500 articles dated 2020-03-01 to
2020-05-18), and with ``--db`` load it and measure bylines, credit, copies and stories.

The same slice every time: of the rows of ``allsides_articles.csv.gz`` whose
``date`` falls in the window and whose ``content_original`` is not empty, the
1,500 with the smallest SHA-1 of their ``ID`` (so the slice spreads over the whole
window rather than its first days), written in (date, ID) order with the corpus's
own columns. Write it outside the repository: it is corpus text.

    python scripts/allsides_slice.py /tmp/allsides_slice.csv
    python scripts/allsides_slice.py /tmp/allsides_slice.csv --db /tmp/slice.db
    python scripts/allsides_slice.py /tmp/allsides_slice.csv --db /tmp/slice.db \
        --undated-db /tmp/slice-undated.db

``--db`` loads the slice into a new database the way a user would
(``datasette-sources load DB SLICE --text-column content_original --outlet-column
source``) and prints one markdown table of figures. The check that no article is
republished for crediting its own outlet does not use the package's outlet names:
it folds both names by its own simple rule (case, punctuation, a leading "The",
tails such as "(Web News)", "Online News", "- News") plus the aliases the issue
names (AP, VICE, DCNF...), and lists every republished credit for a reader to check.

``--undated-db`` (with ``--db``) loads the slice again with every date left out and
compares its stories with the dated ones (B-cubed, the dated stories as reference) and
with the true dates (how many undated stories span more than 7 days).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Names one outlet goes by, as the issue lists them, for the independent own-credit check.
OWN_NAMES = {
    "ap": "associated press",
    "the associated press": "associated press",
    "dcnf": "daily caller",
    "daily caller news foundation": "daily caller",
    "usa": "usa today",
    "newshour": "pbs newshour",
    "cnn wire": "cnn",
}


def fold(name: str | None) -> str:
    """An outlet name folded by the check's own rule: 'CNN (Web News)' -> 'cnn'."""
    text = (name or "").lower().strip()
    text = re.sub(
        r"\s*(\((web|online) news\)|\(online\)|online news|- (news|opinion|editorial))$", "", text
    )
    text = re.sub(r"^the ", "", re.sub(r"[^a-z0-9 ]+", " ", text)).strip()
    text = re.sub(r"\s+", " ", re.sub(r" (news|com)$", "", text))
    return OWN_NAMES.get(text, text)


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


def measure(db_path: Path, csv_path: Path) -> None:
    """Load the slice into a new database at ``db_path`` and print the figures."""
    import sqlite_utils

    from datasette_sources.inputs import ColumnMap
    from datasette_sources.store import load

    if db_path.exists():
        sys.exit(f"{db_path} exists: give a new file")
    db = sqlite_utils.Database(db_path)
    summary = load(db, [str(csv_path)], columns=ColumnMap(text="content_original", outlet="source"))
    authors = {}
    with open(csv_path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            authors[row["ID"]] = row["authors"].strip()
    bylines = {r[0]: r[1] for r in db.execute("select source_id, bylines from articles")}
    with_author = [i for i, a in authors.items() if a]
    got = sum(1 for i in with_author if bylines.get(i))
    kinds = dict(db.execute("select credit_kind, count(*) from articles group by 1").fetchall())
    republished = db.execute(
        "select outlet, credit, count(*) from articles where credit_kind = 'republished' "
        "group by 1, 2 order by 3 desc, 1, 2"
    ).fetchall()
    own = [(o, c, n) for o, c, n in republished if fold(o) == fold(c)]
    copies = db.execute(
        "select c.words, a.outlet, b.outlet, c.credited, c.direction from copies c "
        "join articles a on a.id = c.source_id join articles b on b.id = c.copy_id"
    ).fetchall()
    short = sum(1 for w, *_ in copies if w < 12)
    same = sum(1 for _, a, b, *_ in copies if a == b or fold(a) == fold(b))
    unknown = sum(1 for *_, d in copies if d == "unknown")
    uncredited = sum(1 for *_, c, d in copies if c == 0 and d != "unknown")
    spans = db.execute(
        "select count(*), max(n), sum(span > 7), max(span) from (select count(*) n, "
        "julianday(max(published)) - julianday(min(published)) span from articles "
        "group by story_id having n > 1)"
    ).fetchone()
    rows = [
        ("articles loaded / failed", f"{summary.loaded} / {summary.failed}", len(authors)),
        (
            "rows whose CSV has an author that get bylines",
            f"{got / len(with_author):.3f} ({got} of {len(with_author)})",
            len(with_author),
        ),
        ("credit_kind", ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())), len(authors)),
        ("republished for crediting its own outlet", len(own), kinds.get("republished", 0)),
        ("copies (passages)", len(copies), ""),
        ("copies under 12 words", short, len(copies)),
        ("copies between two articles of the same outlet", same, len(copies)),
        ("copies with direction unknown (nobody blamed)", unknown, len(copies)),
        ("copies without credit (direction known)", uncredited, len(copies)),
        ("stories of 2+ articles / largest", f"{spans[0]} / {spans[1]}", ""),
        ("stories whose dated articles span more than 7 days", spans[2] or 0, spans[0]),
    ]
    print("| corpus | metric | value | n |")
    print("|---|---|---|---|")
    for metric, value, n in rows:
        print(f"| AllSides slice | {metric} | {value} | {n} |")
    print()
    print(
        "Republished credits (outlet: credit x articles):",
        json.dumps([f"{o}: {c} x{n}" for o, c, n in republished]),
    )
    for o, c, n in own:
        print(f"OWN CREDIT: {o}: {c} x{n}")


def measure_undated(db_path: Path, dated_path: Path, csv_path: Path) -> None:
    """Load the slice without dates into ``db_path``; compare with the dated load."""
    from datetime import date

    import sqlite_utils
    from evaluate_stories import bcubed

    from datasette_sources.inputs import ColumnMap
    from datasette_sources.store import load

    if db_path.exists():
        sys.exit(f"{db_path} exists: give a new file")
    db = sqlite_utils.Database(db_path)
    # A column the slice does not have: no article gets its date from the input.
    columns = ColumnMap(text="content_original", outlet="source", published="(no date)")
    load(db, [str(csv_path)], columns=columns)
    dated = sqlite_utils.Database(dated_path)
    reference = dict(dated.execute("select id, story_id from articles").fetchall())
    published = dict(dated.execute("select id, published from articles").fetchall())
    undated = dict(db.execute("select id, story_id from articles").fetchall())
    members: dict[str, list[str]] = {}
    for article, story in undated.items():
        members.setdefault(story, []).append(article)
    spans = []
    for arts in members.values():
        days = [date.fromisoformat(published[a][:10]) for a in arts if published.get(a)]
        if len(arts) > 1 and days:
            spans.append((max(days) - min(days)).days)
    p, r, f = bcubed(undated, reference)
    with_date = db.execute("select count(*) from articles where published is not null")
    largest = max(len(m) for m in members.values())
    rows = [
        ("dates removed: articles with a date (read from their text)", with_date.fetchone()[0]),
        ("dates removed: stories of 2+ articles / largest", f"{len(spans)} / {largest}"),
        (
            "dates removed: B-cubed P / R / F1 against the dated stories",
            f"{p:.3f} / {r:.3f} / {f:.3f}",
        ),
        (
            "dates removed: stories whose articles span more than 7 days (true dates)",
            sum(1 for s in spans if s > 7),
        ),
    ]
    for metric, value in rows:
        print(f"| AllSides slice | {metric} | {value} | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="CSV file to write (outside the repository)")
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--start", default="2020-03-01")
    parser.add_argument("--end", default="2020-05-18")
    parser.add_argument("--size", type=int, default=1500)
    parser.add_argument("--db", help="load the slice into this new database and measure it")
    parser.add_argument("--undated-db", help="with --db: load it again without dates, compare")
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
    if args.db:
        measure(Path(args.db), Path(args.out))
    if args.db and args.undated_db:
        sys.path.insert(0, str(ROOT / "scripts"))
        measure_undated(Path(args.undated_db), Path(args.db), Path(args.out))


if __name__ == "__main__":
    main()
