"""A load meets hostile input: every record is loaded or recorded, and nothing stops the load."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import sqlite_utils
from conftest import PNG_BYTES, SEEDS, copies_of_the_seeds, dump_tables, run_load_command

from datasette_sources.evaluation.hostile import PATTERNS, hostile_text
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
    (inputs / "slow.txt").write_text(hostile_text("asides", 600_000))
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


def hostile_folder(folder: Path) -> Path:
    """Every hostile pattern as a file, and every other kind of bad input we know of."""
    folder.mkdir()
    for name in PATTERNS:
        (folder / f"{name}.txt").write_text(hostile_text(name, 20_000))
    big = "<html><body><article><p>" + "The mayor said so. " * 3000 + "</p></article></body></html>"
    (folder / "big_page.html").write_text(big)
    (folder / "big_field.csv").write_text(
        'title,text\nBig,"' + "word " * 10_000 + '"\nSmall,"' + BODY + '"\n'
    )
    (folder / "big_line.jsonl").write_text(
        json.dumps({"title": "Big", "text": "word " * 10_000})
        + "\n"
        + json.dumps({"title": "Small", "text": BODY + " Small."})
        + "\n"
    )
    (folder / "surrogates.jsonl").write_text(
        '{"title": "\\ud800", "url": "\\udfff", "text": "Lone \\ud800 surrogates, he said."}\n'
    )
    (folder / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (folder / "deep.jsonl").write_text('{"text": ' + "[" * 5000 + "]" * 5000 + "}\n")
    (folder / "utf16.txt").write_bytes(f"UTF-16 text\n\n{BODY} In UTF-16.".encode("utf-16"))
    (folder / "utf16.csv").write_bytes(f'title,text\nUTF-16,"{BODY} A row."\n'.encode("utf-16"))
    (folder / "broken.json").write_text('[{"title": "Fine", "text": "' + BODY + ' Fine."}, {"tit')
    (folder / "image.txt").write_bytes(PNG_BYTES)
    (folder / "empty.txt").write_text("")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "nul.txt").write_bytes(b"Title\n\nBody\x00 with a NUL, he said.")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
    return folder


def test_a_folder_of_the_seeds_and_every_hostile_file(tmp_path):
    folder = hostile_folder(tmp_path / "hostile")
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
    assert every_file == loaded | recorded | duplicates
    errors = {Path(r["path"]).name: r["reason"] for r in db["load_errors"].rows}
    assert errors["big_page.html"].startswith("too large: 57,052 characters of web page")
    assert errors["big_field.csv"].startswith("too large: 50,000 characters of text")
    assert str(folder / "big_field.csv") in loaded  # its second row
    assert errors["deep.json"] == "array item 1: nested too deeply to read; not read further"
    assert errors["deep.jsonl"] == "JSON nested more than 100 levels deep"
    assert errors["image.txt"] == "binary file, not text"
    assert proc.stdout.strip() == (
        f"loaded {len(ids)}, replaced 0, unchanged {len(duplicates)}, "
        f"failed {db['load_errors'].count}"
    )
