"""Two loads of the same input into one database at once: they wait for each other,
skip what the other wrote, and leave what one load leaves."""

from __future__ import annotations

import importlib
import shutil
import sqlite3
import threading

import pytest
import sqlite_utils
from conftest import SEEDS, copies_of_the_seeds, dump_tables, run_load_command, start_load_command

from datasette_sources.cli import cli
from datasette_sources.store import load, rescore

#: The module, which the package's ``load`` function hides.
store_writing = importlib.import_module("datasette_sources.store.writing")


def test_two_loads_of_the_same_input_at_once(tmp_path):
    folder = copies_of_the_seeds(tmp_path / "in", 20)
    shutil.copytree(SEEDS, folder / "seeds")
    single = run_load_command(str(tmp_path / "single.db"), str(folder))
    assert single.returncode == 0 and single.stdout.startswith("loaded 25,")

    both = tmp_path / "both.db"
    # One article per transaction, so that the two interleave (before the write lock,
    # this failed with "UNIQUE constraint failed: sentences.article_id" 3 times in 3).
    procs = [start_load_command(str(both), str(folder), "--batch-size", "1") for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "IntegrityError" not in err
    counts = [dict(p.split(" ") for p in out.splitlines()[0].split(", ")) for out, _ in outs]
    # Every article was written by one of them, and left alone by the other.
    assert sum(int(c["loaded"]) for c in counts) == 25
    assert sum(int(c["unchanged"]) for c in counts) == 25
    assert dump_tables(both) == dump_tables(tmp_path / "single.db")


def hold_then_release(conn: sqlite3.Connection, waits: list[str]):
    """An ``on_wait`` that notes the wait, then lets ``conn`` finish half a second later."""

    def on_wait() -> None:
        waits.append("waited")
        threading.Timer(0.5, conn.execute, ["COMMIT"]).start()

    return on_wait


def test_a_load_waits_for_another_writer_and_says_so(tmp_path):
    path = tmp_path / "sources.db"
    db = sqlite_utils.Database(path)
    db.execute("pragma busy_timeout = 100")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("begin immediate")  # another process in the middle of a write
    waits: list[str] = []
    summary = load(db, [str(SEEDS)], workers=0, on_wait=hold_then_release(other, waits))
    assert waits == ["waited"] and summary.waited
    assert summary.loaded == 5 and db["articles"].count == 5


def test_a_commit_waits_for_a_reader(tmp_path, monkeypatch):
    # A write waits a minute for readers before the loader is told; a fifth of a second here.
    monkeypatch.setattr(store_writing, "WRITE_WAIT_MS", 200)
    path = tmp_path / "sources.db"
    db = sqlite_utils.Database(path)
    load(db, [], workers=0)
    db.execute("pragma busy_timeout = 100")
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.execute("begin")
    reader.execute("select count(*) from articles").fetchone()  # holds a read lock
    waits: list[str] = []
    summary = load(db, [str(SEEDS)], workers=0, on_wait=hold_then_release(reader, waits))
    assert waits == ["waited"]
    assert summary.loaded == 5 and summary.failed == 0


def _held_by_another_writer(path) -> sqlite3.Connection:
    """Another process in the middle of a write to ``path``: a write lock, not let go."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("begin immediate")
    other.execute("update articles set score = score where rowid = 1")
    return other


@pytest.mark.parametrize("wal", [False, True], ids=["at rest", "in WAL mode"])
def test_a_rescore_waits_for_another_writer_and_says_so(tmp_path, wal):
    path = tmp_path / "sources.db"
    load(sqlite_utils.Database(path), [str(SEEDS)], workers=0)  # left out of WAL mode
    db = sqlite_utils.Database(path)
    if wal:
        db.enable_wal()
    db.execute("update articles set score = null, score_band = null")
    db.execute("pragma busy_timeout = 100")
    # Before, a rescore failed at once: "database is locked" when it switched to WAL
    # mode, or when a batch was written while its read query was still open.
    waits: list[str] = []
    done = rescore(
        db, {"sic_count": 2}, on_wait=hold_then_release(_held_by_another_writer(path), waits)
    )
    assert waits == ["waited"] and done == 5
    assert db.execute("select count(*) from articles where score is null").fetchone()[0] == 0
    assert db["signals"].get("sic_count")["weight"] == 2


def test_the_rescore_command_says_it_waits(tmp_path, runner):
    path = tmp_path / "sources.db"
    load(sqlite_utils.Database(path), [str(SEEDS)], workers=0)
    other = _held_by_another_writer(path)
    threading.Timer(1.0, other.execute, ["COMMIT"]).start()
    result = runner.invoke(cli, ["rescore", str(path)])
    assert result.exit_code == 0, result.output
    assert f"waiting: another process is writing to {path}" in result.stderr
    assert result.stdout.startswith("rescored 5 articles")
