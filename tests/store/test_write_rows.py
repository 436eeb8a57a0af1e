"""write_rows: the prepared-statement path writes what sqlite-utils would have written."""

from __future__ import annotations

import pytest
import sqlite_utils

from datasette_sources.store.writing import storable_rows, write_rows

SCHEMA = {"article_id": str, "position": int, "text": str, "score": float, "blob": bytes}

CASES = [
    ("plain rows", [{"article_id": "a", "position": 1, "text": "Hello.", "score": 0.5}]),
    ("rows with different columns", [{"article_id": "a", "position": 1}, {"text": "x"}]),
    ("a NUL and a lone surrogate", [{"article_id": "a\x00b", "text": "x\ud800y"}]),
    ("a surrogate pair split over two values", [{"article_id": "\ud83d", "text": "\ude00"}]),
    ("bytes", [{"article_id": "a", "blob": b"\x00\x01"}]),
    ("a list, stored as JSON", [{"article_id": "a", "text": ["one", "two"]}]),
    ("a dict, stored as JSON", [{"article_id": "a", "text": {"k": 1}}]),
    ("a boolean", [{"article_id": "a", "position": True}]),
    ("a column the table lacks", [{"article_id": "a", "extra": "added"}]),
    ("a row with no columns", [{}]),
    ("no rows", []),
]


def _rows(db: sqlite_utils.Database) -> list[tuple]:
    columns = [c.name for c in db["t"].columns]
    order = ", ".join(f"[{c}]" for c in columns)
    return [(columns, tuple(r)) for r in db.execute(f"select {order} from t order by rowid")]


@pytest.mark.parametrize("rows", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_same_as_sqlite_utils(rows):
    fast, reference = sqlite_utils.Database(memory=True), sqlite_utils.Database(memory=True)
    for db in (fast, reference):
        db["t"].create(SCHEMA)
    write_rows(fast, "t", [dict(r) for r in rows])
    if rows:
        reference["t"].insert_all(storable_rows([dict(r) for r in rows]), alter=True)
    assert _rows(fast) == _rows(reference)
    if rows and any("\x00" in str(v) for r in rows for v in r.values()):
        assert "\x00" not in str(_rows(fast))


def test_new_table():
    db = sqlite_utils.Database(memory=True)
    write_rows(db, "fresh", [{"a": 1, "b": "x"}])
    assert [tuple(r) for r in db.execute("select a, b from fresh")] == [(1, "x")]


def test_constraint_errors_still_raise():
    # A load writes a batch whole, else article by article: it must see the failure.
    db = sqlite_utils.Database(memory=True)
    db["t"].create({"id": str, "n": int}, pk="id")
    write_rows(db, "t", [{"id": "a", "n": 1}])
    with pytest.raises(Exception, match="UNIQUE"):
        write_rows(db, "t", [{"id": "a", "n": 2}])
