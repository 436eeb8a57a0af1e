"""Reading into a folder holds each article to the load's bounds and time budget: an
article past a bound, or slower than the budget, is a load_errors row, and the others
are read, here and on a local Dask cluster."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from conftest import SEEDS

from datasette_sources.evaluation.hostile import hostile_text
from datasette_sources.inputs import Bounds
from datasette_sources.store import load

pytest.importorskip("pyarrow")

from datasette_sources.readings.folder import read_to_folder


@pytest.fixture
def hostile_inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text("Big\n\n" + "word " * 160_000)
    # About 2.5 s of CPU: past a budget of 0.5 s, and under the size bound.
    (folder / "slow.txt").write_text(hostile_text("cue_words", 600_000))
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (folder / "fine.txt").write_text(seed.read_text())
    return folder


def read_and_load(folder: Path, tmp_path: Path, **options) -> dict[str, str]:
    out = tmp_path / "readings"
    read_to_folder(
        [str(folder)], str(out), bounds=Bounds(max_article=700_000), time_budget=0.5, **options
    )
    db = sqlite_utils.Database(tmp_path / "sources.db")
    summary = load(db, [str(out)])
    assert summary.loaded == 1
    return {Path(r["path"]).name: r["reason"] for r in db["load_errors"].rows}


EXPECTED = {
    "big.txt": "too large: 800,005 characters of text, more than the 700,000 allowed "
    "(--max-article-size)",
    "slow.txt": "timed out: reading took more than 0.5 s (--time-budget, CPU time of one article)",
}


def test_a_reading_here_records_articles_past_a_bound(hostile_inputs, tmp_path):
    assert read_and_load(hostile_inputs, tmp_path) == EXPECTED


@pytest.mark.slow
def test_on_a_local_cluster_the_time_budget_holds(hostile_inputs, tmp_path):
    pytest.importorskip("distributed")
    got = read_and_load(hostile_inputs, tmp_path, scheduler="processes", workers=1)
    assert got == EXPECTED
