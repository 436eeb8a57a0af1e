"""datasette-sources read, load DB DIR and load --shard-by, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from datasette_sources.cli import cli

pytest.importorskip("pyarrow")


def test_read_then_load(runner, tmp_path, mixed, db_path):
    out = tmp_path / "readings"
    result = runner.invoke(cli, ["read", str(mixed), "--out", str(out)])
    assert result.exit_code == 1, result.output  # two inputs could not be read
    assert result.stdout.strip() == "read 6 articles in 1 partitions, failed 2"
    assert (out / "readings.json").exists() and (out / "articles" / "part-00000.parquet").exists()

    result = runner.invoke(cli, ["load", db_path, str(out)])
    assert result.exit_code == 1
    assert "loaded 6, replaced 0, unchanged 0, failed 2" in result.stdout
    assert "empty.txt: empty file" in result.stderr
    assert sqlite_utils.Database(db_path)["articles"].count == 6


def test_read_into_a_folder_that_holds_readings(runner, tmp_path, seeds):
    out = tmp_path / "readings"
    assert runner.invoke(cli, ["read", str(seeds), "-o", str(out)]).exit_code == 0
    result = runner.invoke(cli, ["read", str(seeds), "-o", str(out)])
    assert result.exit_code == 2
    assert "already holds readings" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["{seeds}"],  # no --out
        ["--out", "{tmp}/r"],  # no INPUT
        ["{tmp}/does-not-exist", "--out", "{tmp}/r"],
        ["{seeds}", "--out", "{tmp}/r", "--partition-size", "lots"],
        ["{seeds}", "--out", "{tmp}/r", "--workers", "0"],
    ],
)
def test_read_usage_errors_exit_2(runner, tmp_path, seeds, args):
    args = [a.format(tmp=tmp_path, seeds=seeds) for a in args]
    result = runner.invoke(cli, ["read", *args])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "r" / "readings.json").exists()


def test_read_help_names_the_scheduler_and_the_load(runner):
    result = runner.invoke(cli, ["read", "--help"])
    assert result.exit_code == 0
    for text in ("--scheduler", "processes", "--workers", "--retries", "--partition-size"):
        assert text in result.output
    assert "datasette-sources load sources.db readings/" in result.output


def test_load_shard_by_year_from_plain_inputs(runner, tmp_path):
    source = tmp_path / "news.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {"text": f"The mayor of {town} resigned, officials said.", "date": f"{y}-01-05"}
            )
            + "\n"
            for y, town in ((2018, "Ely"), (2019, "Bath"), (2019, "York"))
        )
        + "{bad\n"
    )
    db = tmp_path / "out" / "sources.db"
    db.parent.mkdir()
    result = runner.invoke(cli, ["load", str(db), str(source), "--shard-by", "year"])
    assert result.exit_code == 1, result.output  # the bad line
    assert sorted(p.name for p in db.parent.iterdir()) == ["sources-2018.db", "sources-2019.db"]
    assert f"{db.parent / 'sources-2019.db'}: loaded 2, replaced 0" in result.stdout
    assert result.stderr.count("invalid JSON") == 1
    assert sqlite_utils.Database(db.parent / "sources-2018.db")["articles"].count == 1


def test_load_accepts_urls(runner, tmp_path, db_path):
    fsspec = pytest.importorskip("fsspec")
    fsspec.filesystem("memory").pipe(
        "/cli-bucket/a.jsonl", json.dumps({"text": "The mayor resigned, officials said."}).encode()
    )
    result = runner.invoke(cli, ["load", db_path, "memory:///cli-bucket/a.jsonl"])
    assert result.exit_code == 0, result.output
    row = next(iter(sqlite_utils.Database(db_path)["articles"].rows))
    assert row["path"] == "memory:///cli-bucket/a.jsonl"
    assert Path(db_path).exists()


def test_an_unreachable_scheduler_is_a_usage_error(runner, tmp_path, seeds):
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = runner.invoke(
            cli,
            ["read", str(seeds), "--out", str(tmp_path / "r"), "--scheduler", "tcp://127.0.0.1:9"],
        )
    assert result.exit_code == 2, result.output
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert not (tmp_path / "r" / "readings.json").exists()
