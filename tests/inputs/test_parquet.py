"""Parquet inputs: one article per row, columns found by name, bad files and rows reported."""

from __future__ import annotations

import datetime

import pytest

from datasette_sources.inputs import ColumnMap, Failure, Record, read_paths
from datasette_sources.store import load

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

BODY = "The mayor resigned on Monday, officials said.\n\n“We will miss her,” said Tom Reed."


def test_rows_become_records(tmp_path):
    path = tmp_path / "news.parquet"
    rows = [
        {
            "headline": f"Mayor {i}",
            "content": BODY.replace("Monday", f"day {i}"),
            "publisher": "Daily",
            "date": datetime.date(2020, 1, i + 1),
            "tags": ["city", "politics"],
        }
        for i in range(5)
    ]
    rows[2]["content"] = None  # no text: a failure, on row 3
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)
    items = list(read_paths([str(path)], ColumnMap(text="content")))
    assert [type(i).__name__ for i in items] == ["Record", "Record", "Failure", "Record", "Record"]
    assert [i.line for i in items] == [1, 2, 3, 4, 5]
    first = items[0]
    assert isinstance(first, Record)
    assert (first.title, first.outlet, first.published) == ("Mayor 0", "Daily", "2020-01-01")
    assert first.extra == {"tags": ["city", "politics"]}
    assert "no article text" in items[2].reason


def test_a_parquet_file_loads_like_a_csv(tmp_path, fresh_db):
    path = tmp_path / "news.parquet"
    pq.write_table(pa.Table.from_pylist([{"title": "Mayor quits", "text": BODY}]), path)
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (1, 0)
    row = next(iter(fresh_db["articles"].rows))
    assert row["title"] == "Mayor quits" and row["path"] == str(path)


def test_not_a_parquet_file(tmp_path):
    path = tmp_path / "fake.parquet"
    path.write_text("title,text\nA,B\n")
    (failure,) = read_paths([str(path)])
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("not a Parquet file")
