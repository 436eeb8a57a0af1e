"""A load meets hostile input: every record is loaded or recorded, and nothing stops the load."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import sqlite_utils
from conftest import SEEDS, copies_of_the_seeds, dump_tables, run_load_command

from datasette_sources.evaluation.hostile import PATTERNS, hostile_text, write_hostile_files
from datasette_sources.inputs import Bounds
from datasette_sources.reading import article_id
from datasette_sources.store import load

BODY = "The council approved the budget on Tuesday, the mayor said. “It is a good day,” she said."


@pytest.fixture
def inputs(tmp_path) -> Path:
    """A folder for input files, apart from the database."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


def test_lone_surrogates_and_nuls_in_any_field_are_stored(fresh_db, inputs):
    # "\ud800" is valid JSON; UTF-8 and so SQLite cannot hold it, and it once ended the load.
    (inputs / "a.jsonl").write_text(
        '{"title": "Bad \\ud800 title\\u0000", "url": "https://x.test/\\udfff", '
        '"outlet": "Out\\ud800let", "text": "Body \\ud800 here, officials said.\\u0000", '
        '"id": "\\udc00"}\n'
    )
    summary = load(fresh_db, [str(inputs)])
    assert (summary.loaded, summary.failed) == (1, 0)
    [row] = fresh_db["articles"].rows
    assert row["title"] == "Bad \ufffd title"
    assert row["url"] == "https://x.test/\ufffd"
    assert row["outlet"] == "Out\ufffdlet"
    assert row["source_id"] == "\ufffd"
    assert "\x00" not in row["body"]


def test_an_article_that_cannot_be_written_is_recorded_and_the_rest_loaded(fresh_db, inputs):
    load(fresh_db, [])  # the schema
    fresh_db.execute(
        "create trigger poison before insert on articles when new.title = 'Poison' "
        "begin select raise(abort, 'poisoned row'); end"
    )
    rows = [{"title": t, "text": f"{BODY} This one is {t}."} for t in ("One", "Poison", "Three")]
    (inputs / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    summary = load(fresh_db, [str(inputs)])
    assert (summary.loaded, summary.failed) == (2, 1)
    [failure] = summary.failures
    assert (failure.line, failure.reason) == (
        2,
        "could not write article: IntegrityError('poisoned row')",
    )
    assert sorted(r["title"] for r in fresh_db["articles"].rows) == ["One", "Three"]
    assert fresh_db["load_errors"].count == 1
    # Nothing half-written: the poisoned article left no sentences behind.
    assert fresh_db.execute(
        "select count(*) from sentences where article_id not in (select id from articles)"
    ).fetchone() == (0,)


def test_records_past_a_bound_are_recorded(fresh_db, inputs):
    (inputs / "big.txt").write_text("Big\n\n" + "word " * 160_000)
    (inputs / "many.txt").write_text("Many\n\n" + "It is. " * 300)
    # About 2.5 s of CPU: past a budget of 0.5 s, and under the size bound.
    (inputs / "slow.txt").write_text(hostile_text("cue_words", 600_000))
    (inputs / "fine.txt").write_text(f"Fine\n\n{BODY}")
    summary = load(
        fresh_db,
        [str(inputs)],
        bounds=Bounds(max_article=700_000, max_sentences=200),
        time_budget=0.5,
    )
    reasons = {Path(f.path).name: f.reason for f in summary.failures}
    assert reasons == {
        "big.txt": "too large: 800,005 characters of text, more than the 700,000 allowed "
        "(--max-article-size)",
        "many.txt": "too large: 300 sentences, more than the 200 allowed (--max-sentences)",
        "slow.txt": "timed out: reading took more than 0.5 s "
        "(--time-budget, CPU time of one article)",
    }
    assert summary.loaded == 1
    assert fresh_db["load_errors"].count == 3


def test_any_number_of_workers_writes_the_same_database(tmp_path):
    folder = copies_of_the_seeds(tmp_path / "in", 12)
    shutil.copytree(SEEDS, folder / "seeds")
    (folder / "empty.txt").write_text("")
    dumps = []
    for workers in (0, 1, 3):
        path = tmp_path / f"w{workers}.db"
        load(sqlite_utils.Database(path), [str(folder)], workers=workers, batch_size=4)
        dumps.append(dump_tables(path))
    assert dumps[0] == dumps[1] == dumps[2]
    assert len(dumps[0]["articles"]) == 17


def test_a_folder_of_the_seeds_and_every_hostile_file(tmp_path):
    # The large records (20 MB page, 50 MB field, 30 MB line), scaled down
    # with the bounds: scripts/bench_hostile.py loads them at full size.
    folder = tmp_path / "hostile"
    big = {"page.html": 60_000, "field.csv": 50_000, "line.jsonl": 50_000}
    write_hostile_files(folder, 20_000, big=big)
    shutil.copytree(SEEDS, folder / "seeds")
    db_path = tmp_path / "sources.db"
    proc = run_load_command(
        str(db_path), str(folder), "--max-article-size", "30KB", "--max-page-size", "30KB"
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Error" not in proc.stdout
    db = sqlite_utils.Database(db_path)
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    loaded = {r[0] for r in db.execute("select path from articles")}
    recorded = {r[0] for r in db.execute("select path from load_errors")}
    assert {str(folder / "seeds" / p.name) for p in SEEDS.glob("*.txt")} <= loaded
    # A file whose text is another's (white space aside) is that article: "unchanged".
    ids = {r[0] for r in db.execute("select id from articles")}
    duplicates = {
        str(p)
        for p in folder.rglob("*.txt")
        if str(p) not in loaded | recorded and article_id(p.read_text()) in ids
    }
    every_file = {str(p) for p in folder.rglob("*") if not p.is_dir()}
    pipe = hasattr(os, "mkfifo")
    assert len(every_file) == len(PATTERNS) + 3 + 11 + pipe + 5  # big, other, pipe, seeds
    assert every_file == loaded | recorded | duplicates
    errors = {Path(r["path"]).name: r["reason"] for r in db["load_errors"].rows}
    assert errors["big_page.html"].startswith("too large: 60,009 characters of web page")
    assert errors["big_field.csv"].startswith("too large: 50,000 characters of text")
    assert errors["big_line.jsonl"].startswith("too large: 50,000 characters of text")
    assert {str(folder / "big_field.csv"), str(folder / "big_line.jsonl")} <= loaded
    assert errors["deep.json"] == "array item 1: nested too deeply to read; not read further"
    assert errors["deep.jsonl"] == "JSON nested more than 100 levels deep"
    assert errors["image.txt"] == "binary file, not text"
    assert proc.stdout.splitlines()[0] == (
        f"loaded {len(ids)}, replaced 0, unchanged {len(duplicates)}, "
        f"failed {db['load_errors'].count}"
    )
