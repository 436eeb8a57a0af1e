"""Bylines from every input: author/authors/byline/creator columns and JSON keys, found by name."""

from __future__ import annotations

import csv
import json

import pytest

from datasette_sources.cli import cli
from datasette_sources.inputs import ColumnMap, Record
from datasette_sources.inputs.records import record_from_row
from datasette_sources.store import load

BODY = (
    "The council approved the budget on Tuesday, the mayor said. "
    "“This is a good day for the city,” said Mayor Ana Ruiz."
)


@pytest.mark.parametrize(
    "row,byline",
    [
        ({"text": BODY, "author": "Jane Doe"}, "Jane Doe"),
        ({"text": BODY, "Authors": "Jane Doe, John Roe"}, "Jane Doe, John Roe"),
        ({"text": BODY, "byline": "By Jane Doe"}, "By Jane Doe"),
        ({"text": BODY, "creator": "Jane Doe"}, "Jane Doe"),
        ({"text": BODY, "authors": ["Jane Doe", "John Roe"]}, '["Jane Doe", "John Roe"]'),
        ({"text": BODY, "authors": [{"name": "Jane Doe"}]}, '[{"name": "Jane Doe"}]'),
        ({"text": BODY, "author": {"name": "Jane Doe"}}, '{"name": "Jane Doe"}'),
        ({"text": BODY, "author": ""}, None),
        ({"text": BODY, "writer": "Jane Doe"}, None),  # not a byline name: kept as metadata
    ],
)
def test_byline_found_by_name(row, byline):
    record = record_from_row(row, "a.jsonl", 1, ColumnMap())
    assert isinstance(record, Record)
    assert record.byline == byline
    assert not {"author", "authors", "byline", "creator"} & {k.lower() for k in record.extra}


def test_byline_column_maps_another_name():
    row = {"text": BODY, "writer": "Jane Doe", "author": "Someone Else"}
    record = record_from_row(row, "a.csv", 1, ColumnMap(byline="writer"))
    assert record.byline == "Jane Doe"
    assert record.extra == {"author": "Someone Else"}


@pytest.mark.parametrize(
    "value,bylines,credit",
    [
        ("Jane Doe, John Roe", ["Jane Doe", "John Roe"], ("staff", "Springfield Gazette")),
        ('["Jane Doe", "John Roe"]', ["Jane Doe", "John Roe"], ("staff", "Springfield Gazette")),
        (
            '[{"name": "Jane Doe"}, {"name": "Associated Press"}]',
            ["Jane Doe"],
            ("wire", "Associated Press"),
        ),
        ("By Jane Doe | Staff Writer", ["Jane Doe"], ("staff", "Springfield Gazette")),
    ],
)
def test_csv_bylines_are_stored_as_people(tmp_path, fresh_db, value, bylines, credit):
    path = tmp_path / "articles.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["title", "text", "outlet", "authors"])
        writer.writerow(["Budget passes", BODY, "Springfield Gazette", value])
    load(fresh_db, [str(path)])
    (row,) = fresh_db["articles"].rows
    assert json.loads(row["bylines"]) == bylines
    assert (row["credit_kind"], row["credit"]) == credit


def test_jsonl_list_of_objects(tmp_path, fresh_db):
    path = tmp_path / "articles.jsonl"
    item = {"title": "Budget passes", "body": BODY, "creator": [{"name": "Jane Doe"}]}
    path.write_text(json.dumps(item) + "\n", encoding="utf-8")
    load(fresh_db, [str(path)])
    (row,) = fresh_db["articles"].rows
    assert json.loads(row["bylines"]) == ["Jane Doe"]


def test_cli_byline_column(runner, db_path, tmp_path):
    path = tmp_path / "articles.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["headline", "text", "written_by"])
        writer.writerow(["Budget passes", BODY, "Jane Doe and John Roe"])
    result = runner.invoke(cli, ["load", db_path, str(path), "--byline-column", "written_by"])
    assert result.exit_code == 0, result.output
    import sqlite_utils

    (row,) = sqlite_utils.Database(db_path)["articles"].rows
    assert json.loads(row["bylines"]) == ["Jane Doe", "John Roe"]
