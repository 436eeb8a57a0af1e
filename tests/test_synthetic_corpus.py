"""``scripts/make_synthetic_corpus.py``: a source CSV replicated into N loadable articles."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import sys

import pytest
import sqlite_utils
from conftest import REPO, SEEDS

from datasette_sources.store import load

spec = importlib.util.spec_from_file_location(
    "make_synthetic_corpus", REPO / "scripts" / "make_synthetic_corpus.py"
)
synthetic = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = synthetic  # dataclasses look their module up
spec.loader.exec_module(synthetic)

#: Three seed articles as an AllSides-shaped CSV: the second undated, the third with a time.
DATES = ("2019-05-02", "", "2020-01-31T08:30:00Z")


@pytest.fixture
def source(tmp_path):
    """An AllSides-shaped CSV (text last) of three seed articles and one row without text."""
    one, two, three = (p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3])
    path = tmp_path / "source.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [
                ["ID", "topic", "source", "url", "date", "authors", "title", "content_original"],
                ["a1", "x", "Outlet A", "", DATES[0], "Ann", "One", one],
                ["b2", "y", "Outlet B", "http://b/2", DATES[1], "", "Two", two],
                ["c3", "z", "Outlet C", "http://c/3", DATES[2], "Cy", "Three", three],
                ["d4", "z", "Outlet D", "", "2020-02-01", "", "Empty", ""],
            ]
        )
    return path


def make(source, out, *args):
    return synthetic.main(["--source", str(source), "--out", str(out), *args])


def rows_of(path):
    if ".jsonl" in path.name:
        return [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    return list(csv.DictReader(open(path, encoding="utf-8", newline="")))


def test_replicas_get_new_ids_outlets_and_dates(source, tmp_path, capsys):
    out = tmp_path / "synthetic.csv"
    assert make(source, out, "--articles", "7", "--shift-days", "100") == 0
    rows = rows_of(out)
    assert [r["id"] for r in rows] == ["a1-0", "b2-0", "c3-0", "a1-1", "b2-1", "c3-1", "a1-2"]
    assert [r["outlet"] for r in rows[:4]] == ["Outlet A", "Outlet B", "Outlet C", "Outlet A #1"]
    assert [r["published"] for r in rows] == [
        "2019-05-02",
        "",
        "2020-01-31T08:30:00Z",
        "2019-08-10",
        "",
        "2020-05-10T08:30:00Z",
        "2019-11-18",
    ]
    assert [r["url"] for r in rows[3:6]] == ["", "http://b/2#copy-1", "http://c/3#copy-1"]
    assert rows[0]["text"] == rows[3]["text"] == rows[6]["text"]
    assert (rows[0]["title"], rows[0]["authors"], rows[0]["topic"]) == ("One", "Ann", "x")
    printed = capsys.readouterr().out
    assert "wrote 7 articles" in printed and "1 rows without text" in printed
    assert "3 replica(s) of 3 source articles" in printed


def test_the_same_arguments_give_the_same_bytes(source, tmp_path):
    first, second = tmp_path / "1.jsonl.gz", tmp_path / "2.jsonl.gz"
    make(source, first, "--articles", "5")
    make(source, second, "--articles", "5")
    assert first.read_bytes() == second.read_bytes()
    assert [r["id"] for r in rows_of(first)] == ["a1-0", "b2-0", "c3-0", "a1-1", "b2-1"]


def test_dated_only_leaves_undated_articles_out(source, tmp_path):
    out = tmp_path / "dated.csv"
    make(source, out, "--articles", "4", "--dated-only")
    assert [r["id"] for r in rows_of(out)] == ["a1-0", "c3-0", "a1-1", "c3-1"]


def test_the_loader_reads_it_and_replicas_stay_apart(source, tmp_path):
    out = tmp_path / "synthetic.csv.gz"
    make(source, out, "--articles", "6", "--dated-only")
    db = sqlite_utils.Database(tmp_path / "synthetic.db")
    summary = load(db, [str(out)])
    assert (summary.loaded, summary.failed) == (6, 0)
    assert db["articles"].count == 6
    assert sorted(r["source_id"] for r in db["articles"].rows) == [
        "a1-0",
        "a1-1",
        "a1-2",
        "c3-0",
        "c3-1",
        "c3-2",
    ]
    # ten years apart, a replica is never in the story of another, nor a copy of it
    stories = db.execute("select count(distinct story_id) from articles").fetchone()[0]
    assert stories == 6
    assert db["copies"].count == 0


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--articles", "0", "at least 1"),
        ("--out", str(REPO / "synthetic.csv"), "inside the repository"),
        ("--out", "/tmp/synthetic.parquet", ".csv, .jsonl"),
        ("--source", "/nonexistent.csv", "no such file"),
    ],
)
def test_bad_arguments_are_refused(source, tmp_path, capsys, flag, value, message):
    args = {"--articles": "3", "--out": str(tmp_path / "x.csv"), "--source": str(source)}
    args[flag] = value
    with pytest.raises(SystemExit):
        synthetic.main([part for pair in args.items() for part in pair])
    assert message in capsys.readouterr().err
    assert not (REPO / "synthetic.csv").exists()


def test_a_source_without_articles_stops(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("ID,source,content_original\nx,Outlet,\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no article to replicate"):
        make(empty, tmp_path / "out.csv", "--articles", "3")
