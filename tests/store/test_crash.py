"""Crash consistency: a load or rescore killed at any step, then run again, gives the result
of a run that was never killed, row for row; and the database never needs a writer to be read."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils
from conftest import REPO

#: Where a load can be killed (see ``store.steps.die_here``), with --batch-size 2 over the
#: five seeds: three batches, then the story pass (grouping, copies), scores, outlets.
LOAD_KILL_POINTS = [
    "batch written#1",
    "batch written#3",
    "keys counted",  # fingerprints counted, none linked yet
    "links written",  # linked, no story planned
    "stories grouped",
    "copies written",  # inside the copies transaction, before it commits
    "story pass done",  # copy signals committed, nothing rescored yet
    "speakers counted",  # full names counted, lone surnames not linked yet
    "speakers written",
    "speakers linked",
    "scores written",
    "outlets written",
]


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """The seeds loaded by one run that nobody killed."""
    path = tmp_path_factory.mktemp("whole") / "sources.db"
    result = subprocess.run(
        [sys.executable, "-m", "datasette_sources.cli", "load", str(path), str(REPO / "seeds")]
        + ["--batch-size", "2", "--silent"],
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return path


def integrity(path) -> None:
    conn = sqlite3.connect(path)
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    # sentences_fts only in databases made before it was dropped (the body is indexed once).
    for fts in ("articles_fts", "sentences_fts"):
        if conn.execute("select 1 from sqlite_master where name = ?", [fts]).fetchone():
            conn.execute(f"insert into {fts}({fts}) values ('integrity-check')")
    assert conn.execute("select count(*) from pending_steps").fetchone() == (0,)
    assert conn.execute("pragma journal_mode").fetchone() == ("delete",)
    conn.close()


@pytest.mark.parametrize("point", LOAD_KILL_POINTS)
def test_a_killed_load_completes_on_rerun(
    point, tmp_path, cli_process, uninterrupted, database_rows
):
    db = tmp_path / "sources.db"
    seeds = shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    args = ("load", db, seeds, "--batch-size", "2", "--silent")
    killed = cli_process(*args, env={"DATASETTE_SOURCES_DIE_AT": point})
    assert killed.returncode == -9, (point, killed.stderr)
    rerun = cli_process(*args)
    assert rerun.returncode == 0, rerun.stderr
    integrity(db)
    got, want = database_rows(db), database_rows(uninterrupted)
    # paths differ (another copy of the seeds); everything else is the same
    for rows in (got, want):
        rows["articles"] = [tuple(v for v in r if "seeds" not in str(v)) for r in rows["articles"]]
    assert got.keys() == want.keys()
    for table in want:
        assert got[table] == want[table], table


def test_the_kill_the_issue_found(tmp_path, cli_process, uninterrupted, database_rows):
    """Killed after the copy signals were worked out, before rescoring: no score is left
    stale. The story pass and the rescore are one transaction under the write lock (so
    that two loads at once never run them together): the kill leaves none of it."""
    db = tmp_path / "sources.db"
    killed = cli_process(
        "load", db, REPO / "seeds", "--silent", env={"DATASETTE_SOURCES_DIE_AT": "story pass done"}
    )
    assert killed.returncode == -9
    conn = sqlite3.connect(db)
    copying = conn.execute(
        "select count(*) from articles where uncredited_copy_share > 0"
    ).fetchone()[0]
    assert copying == 0
    assert conn.execute("select count(*) from pending_steps").fetchone()[0] == 1
    stale = conn.execute(
        "select count(*) from articles where uncredited_copy_share > 0 and score is not null"
    ).fetchone()[0]
    assert stale == 0
    conn.close()
    assert cli_process("load", db, REPO / "seeds", "--silent").returncode == 0
    want = sqlite_utils.Database(uninterrupted)
    got = sqlite_utils.Database(db)
    scores = "select id, score, score_band, uncredited_copy_share from articles order by id"
    assert list(got.query(scores)) == list(want.query(scores))
    parts = (
        "select article_id, signal, value, contribution from score_parts "
        "where signal = 'uncredited_copy_share' order by article_id"
    )
    assert list(got.query(parts)) == list(want.query(parts))


WEIGHTS = {"sic_count": 9.0, "opinion_sentences": 0.5}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The seeds, loaded (in this process: only the rescore is killed below)."""
    from datasette_sources.store import load

    path = tmp_path_factory.mktemp("loaded") / "sources.db"
    load(sqlite_utils.Database(path), [str(REPO / "seeds")])
    return path


@pytest.fixture(scope="module")
def rescored(loaded, tmp_path_factory):
    """``loaded``, rescored with WEIGHTS by a run that nobody killed."""
    from datasette_sources.store import rescore

    path = tmp_path_factory.mktemp("rescored") / "sources.db"
    shutil.copy(loaded, path)
    rescore(sqlite_utils.Database(path), WEIGHTS)
    return path


@pytest.mark.parametrize("point", ["scores written#1", "scores written#2", "outlets written"])
@pytest.mark.parametrize("rerun", ["rescore", "load"])
def test_a_killed_rescore_completes_on_rerun(
    point, rerun, tmp_path, cli_process, loaded, rescored, database_rows
):
    db = tmp_path / "sources.db"
    shutil.copy(loaded, db)
    # The rescore command takes no batch size: the Python API, two articles a batch.
    script = (
        "import sqlite_utils; from datasette_sources.store import rescore; "
        f"rescore(sqlite_utils.Database({str(db)!r}), {WEIGHTS!r}, batch_size=2)"
    )
    killed = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(REPO), "DATASETTE_SOURCES_DIE_AT": point},
        capture_output=True,
        text=True,
    )
    assert killed.returncode == -9, killed.stderr
    if rerun == "rescore":
        weights = tmp_path / "weights.yml"
        weights.write_text("".join(f"{k}: {v}\n" for k, v in WEIGHTS.items()))
        again = cli_process("rescore", db, "--weights", weights)
    else:  # any later command completes what the killed one owed
        again = cli_process("load", db, REPO / "seeds", "--silent")
    assert again.returncode == 0, again.stderr
    integrity(db)
    assert database_rows(db) == database_rows(rescored)
