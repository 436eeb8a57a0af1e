"""A load killed at any moment (``kill -9``) leaves a consistent database, and running
the same load again completes it with the rows of a load never interrupted."""

from __future__ import annotations

import os
import random
import signal
import time

import pytest
import sqlite_utils
from conftest import copies_of_the_seeds, dump_tables, run_load_command, start_load_command

#: Tables whose rows belong to one article.
ARTICLE_TABLES = ("sentences", "parts", "quotes", "story_keys", "score_parts")


def check_consistent(path) -> None:
    """What a crash must never leave: a damaged file, rows without their article, an
    article without its sentences."""
    db = sqlite_utils.Database(path)
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    if "articles" not in db.table_names():
        return  # killed before the schema was committed: nothing was written
    assert db.execute("pragma foreign_key_check").fetchall() == []
    for table in ARTICLE_TABLES:
        orphans = db.execute(
            f"select count(*) from [{table}] where article_id not in (select id from articles)"
        ).fetchone()[0]
        assert orphans == 0, table
    assert (
        db.execute(
            "select count(*) from articles where sentence_count != "
            "(select count(*) from sentences where article_id = articles.id) "
            "or id not in (select article_id from story_keys)"
        ).fetchone()[0]
        == 0
    )


@pytest.mark.slow
def test_a_load_killed_at_random_points_is_consistent_and_resumes(tmp_path):
    folder = copies_of_the_seeds(tmp_path / "in", 30)
    start = time.monotonic()
    reference = run_load_command(str(tmp_path / "reference.db"), str(folder))
    took = time.monotonic() - start
    assert reference.returncode == 0, reference.stderr

    rng = random.Random(20240613)
    for trial in range(3):
        killed = tmp_path / f"killed{trial}.db"
        proc = start_load_command(str(killed), str(folder), "--batch-size", "3")
        # A random moment in each third of the load: start-up and reading, writing,
        # the story pass at the end.
        time.sleep(0.3 + (trial + rng.random()) * (took - 0.3) / 3)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=600)
        check_consistent(killed)
        again = run_load_command(str(killed), str(folder))
        assert again.returncode == 0, again.stderr
        assert dump_tables(killed) == dump_tables(tmp_path / "reference.db")
