"""load --shard-by: one complete database per period of publication."""

from __future__ import annotations

import json

import pytest
import sqlite_utils

from datasette_sources.store import load

pytest.importorskip("pyarrow")

from datasette_sources.readings.folder import read_to_folder
from datasette_sources.store.shards import load_shards, shard_path

BODY = "The council approved the budget, the mayor said. “A good day,” said Mayor Ana Ruiz of {}."
DATES = ["2019-03-01", "2019-11-30", "2020-01-02", None, "2020-07-04", "2021-02-02T10:00:00Z"]


@pytest.fixture
def dated(tmp_path):
    path = tmp_path / "dated.jsonl"
    rows = [{"text": BODY.format(f"Town {i}"), "published": d} for i, d in enumerate(DATES)]
    lines = [json.dumps(r) for r in rows] + ["{bad line"]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_one_database_per_year(tmp_path, dated):
    readings = tmp_path / "readings"
    read_to_folder([str(dated)], str(readings))
    base = str(tmp_path / "out" / "sources.db")
    (tmp_path / "out").mkdir()
    summaries = load_shards(base, [str(readings)], "year")
    years = ["2019", "2020", "2021", "undated"]
    assert list(summaries) == [shard_path(base, y) for y in years]
    assert [s.loaded for s in summaries.values()] == [2, 2, 1, 1]

    direct = sqlite_utils.Database(tmp_path / "direct.db")
    load(direct, [str(dated)])
    everything = {r["id"]: r for r in direct["articles"].rows}
    seen = set()
    for year, path in zip(years, summaries, strict=True):
        db = sqlite_utils.Database(path)
        rows = list(db["articles"].rows)
        assert all((r["published"] or "undated").startswith(year) for r in rows)
        assert all(r["score"] is not None and r["story_id"] for r in rows)  # scored, in stories
        assert db["outlets"].count >= 1 and db["signals"].count > 5
        # The bad line is recorded in every shard: each says what it does not hold.
        assert [(e["line"], e["reason"][:12]) for e in db["load_errors"].rows] == [
            (7, "invalid JSON")
        ]
        for r in rows:
            assert r["body"] == everything[r["id"]]["body"]
            assert r["sentence_count"] == everything[r["id"]]["sentence_count"]
        seen |= {r["id"] for r in rows}
    assert seen == set(everything)


def test_by_month(tmp_path, dated):
    readings = tmp_path / "readings"
    read_to_folder([str(dated)], str(readings))
    summaries = load_shards(str(tmp_path / "s.db"), [str(readings)], "month")
    names = sorted(p.rsplit("/", 1)[1] for p in summaries)
    assert names == [
        "s-2019-03.db",
        "s-2019-11.db",
        "s-2020-01.db",
        "s-2020-07.db",
        "s-2021-02.db",
        "s-undated.db",
    ]


def test_unknown_period(tmp_path):
    with pytest.raises(ValueError, match="year, month"):
        load_shards(str(tmp_path / "s.db"), [], "decade")
