"""Learn each outlet's page furniture before its articles are read.

:func:`learn_furniture` runs over the load's input once before the articles are
read: it counts, per outlet, which articles print each line (in ``outlet_lines``:
outlet, line key, article id, day; the database keeps them, so an outlet's
furniture is learned across loads), and returns the keys of the lines that are
furniture (:func:`datasette_sources.corpus.furniture.is_furniture`) by outlet.
Only inputs that name their outlet count: lines shared by articles of unknown
outlets may be one statement quoted by several newsrooms. An article loaded before
its outlet's furniture was known keeps it in its body until it is loaded again
with ``--replace``.

>>> from datasette_sources.inputs import Record
>>> db = sqlite_utils.Database(memory=True)
>>> records = [Record(f"Story {i}.\\n\\nSign up for our newsletter.", "a.csv", outlet="Gazette",
...                   published=f"2020-03-0{i}") for i in range(1, 4)]
>>> learned = learn_furniture(db, records)
>>> from datasette_sources.reading.furniture import line_key
>>> sorted(learned), line_key("Sign up for our newsletter.") in learned["Gazette"]
(['Gazette'], True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ..corpus.furniture import article_line_keys, is_furniture
from ..inputs import Failure, Record
from ..reading.dates import parse_date
from ..reading.pipeline import article_id

#: Rows written per statement while counting.
BATCH = 5000


#: The columns of ``outlet_lines``, in order.
OUTLET_LINE_COLUMNS = ("outlet", "line_key", "article_id", "day")


@dataclass
class OutletLines:
    """Line counts made elsewhere (a readings folder's): ``outlet_lines`` rows to keep."""

    path: str
    rows: list[dict[str, Any]] = field(default_factory=list)


def outlet_line_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every ``outlet_lines`` row of ``db``, as dicts (for a readings folder)."""
    if not db["outlet_lines"].exists():
        return []
    columns = ", ".join(OUTLET_LINE_COLUMNS)
    return [
        dict(zip(OUTLET_LINE_COLUMNS, row, strict=True))
        for row in db.execute(f"select {columns} from outlet_lines order by {columns}")
    ]


def ensure_outlet_lines(db: sqlite_utils.Database) -> None:
    """The ``outlet_lines`` table: which article of which outlet printed which line."""
    db.execute(
        "create table if not exists outlet_lines (outlet text not null, "
        "line_key integer not null, article_id text not null, day text, "
        "primary key (outlet, line_key, article_id)) without rowid"
    )


def learn_furniture(
    db: sqlite_utils.Database, records: Iterable[Record | Failure | OutletLines]
) -> dict[str, frozenset[int]]:
    """Count the lines of ``records`` per outlet; return each outlet's furniture keys.

    :class:`OutletLines` (from a readings folder) are counts made elsewhere: kept as they are.
    """
    ensure_outlet_lines(db)
    rows: list[tuple[str, int, str, str | None]] = []

    def flush() -> None:
        with db.atomic():
            db.conn.executemany("insert or ignore into outlet_lines values (?, ?, ?, ?)", rows)
        rows.clear()

    for record in records:
        if isinstance(record, OutletLines):
            rows += [tuple(r[c] for c in OUTLET_LINE_COLUMNS) for r in record.rows]
            continue
        if not isinstance(record, Record) or not record.outlet or record.format != "text":
            continue
        parsed = parse_date(record.published) if record.published else None
        day = parsed[:10] if parsed else None
        aid = article_id(record.text, record.outlet)
        rows += [(record.outlet, key, aid, day) for key in article_line_keys(record.text)]
        if len(rows) >= BATCH:
            flush()
    if rows:
        flush()
    learned: dict[str, set[int]] = {}
    for outlet, key, articles, days, dated in db.execute(
        "select outlet, line_key, count(*), count(distinct day), count(day) from outlet_lines "
        "group by outlet, line_key having count(*) >= 2"
    ):
        if is_furniture(articles, days, dated):
            learned.setdefault(outlet, set()).add(key)
    return {outlet: frozenset(keys) for outlet, keys in learned.items()}
