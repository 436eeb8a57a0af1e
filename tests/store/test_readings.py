"""Loading a readings folder (datasette-sources read) gives the database a direct load gives."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import sqlite_utils
from conftest import LATIN1_TEXT

from datasette_sources.store import load

pytest.importorskip("pyarrow")

from datasette_sources.readings.folder import FolderInUse, read_to_folder
from datasette_sources.store.readings import manifest_of

BODY = (
    "The council approved the budget on {day}, the mayor said. "
    "“This is a good day for the city,” said Mayor Ana Ruiz of {place}.\n\n"
    "Critics said the plan cut too deeply into library funding, officials said."
)


def many_inputs(root: Path, seeds: Path) -> list[str]:
    """The seeds, a JSON Lines file with a repeat, a bad line and a Latin-1 line, and a
    CSV whose quoted fields hold newlines, with a row that has no text."""
    lines = [
        json.dumps({"title": f"Budget {i}", "text": BODY.format(day="Tuesday", place=f"Town {i}")})
        for i in range(12)
    ]
    lines.insert(3, "{not json")
    lines.insert(6, lines[1])  # the same article again
    jsonl = root / "news.jsonl"
    jsonl.write_bytes(
        ("\n".join(lines) + "\n").encode()
        + json.dumps({"text": LATIN1_TEXT}, ensure_ascii=False).encode("cp1252")
        + b"\n"
    )
    table = root / "news.csv"
    with open(table, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["headline", "body", "source", "date"])
        for i in range(15):
            writer.writerow(
                [f"Road {i}", BODY.format(day="Friday", place=f"City {i}"), "Daily", "2020-05-01"]
            )
        writer.writerow(["No text here", "", "Daily", "2020-05-02"])
    return [str(seeds), str(jsonl), str(table)]


@pytest.mark.parametrize("target_bytes", [1 << 20, 900])
def test_readings_load_is_the_direct_load(tmp_path, seeds, database_rows, target_bytes):
    paths = many_inputs(tmp_path, seeds)
    direct = tmp_path / "direct.db"
    expected = load(sqlite_utils.Database(direct), paths)

    readings = tmp_path / "readings"
    summary = read_to_folder(paths, str(readings), target_bytes=target_bytes)
    assert not summary.failed_partitions
    manifest = manifest_of(str(readings))
    assert [p["status"] for p in manifest["partitions"]] == ["done"] * summary.partitions
    if target_bytes < 1000:  # the JSON Lines and CSV files were cut into several partitions
        assert summary.partitions > 5
    via = tmp_path / "via.db"
    got = load(sqlite_utils.Database(via), [str(readings)])

    assert (got.loaded, got.replaced, got.unchanged) == (expected.loaded, 0, expected.unchanged)
    assert expected.unchanged == 1 and expected.loaded == 5 + 12 + 1 + 15
    assert [(f.path, f.line, f.reason) for f in got.failures] == [
        (f.path, f.line, f.reason) for f in expected.failures
    ]
    assert len(expected.failures) == 2
    assert database_rows(via) == database_rows(direct)


def test_loading_a_folder_twice_changes_nothing(tmp_path, seeds, table_counts):
    readings = tmp_path / "readings"
    read_to_folder([str(seeds)], str(readings))
    db = sqlite_utils.Database(tmp_path / "a.db")
    load(db, [str(readings)])
    before = table_counts(db)
    again = load(db, [str(readings)])
    assert (again.loaded, again.unchanged) == (0, 5)
    assert table_counts(db) == before


def test_a_folder_holding_readings_is_not_written_again(tmp_path, seeds):
    readings = tmp_path / "readings"
    read_to_folder([str(seeds)], str(readings))
    with pytest.raises(FolderInUse):
        read_to_folder([str(seeds)], str(readings))


def test_a_partition_that_fails_every_try_is_recorded_and_the_others_load(tmp_path, seeds):
    paths = many_inputs(tmp_path, seeds)
    readings = tmp_path / "readings"
    # A folder where the second partition's articles file must go: writing it fails, every try.
    (readings / "articles" / "part-00001.parquet").mkdir(parents=True)
    summary = read_to_folder(paths, str(readings), target_bytes=900, retries=1)
    assert [o.item.number for o in summary.failed_partitions] == [1]
    assert summary.failed_partitions[0].tries == 2
    assert "IsADirectoryError" in summary.failed_partitions[0].error

    db = sqlite_utils.Database(tmp_path / "a.db")
    got = load(db, [str(readings)])
    lost = summary.failed_partitions[0].item.pieces
    errors = [r for r in db["load_errors"].rows if "failed on every try" in r["reason"]]
    assert [(e["path"], e["line"]) for e in errors] == [
        (p.given, None if p.kind == "whole" else p.first) for p in lost
    ]
    # Every article outside the failed partition is there.
    direct = sqlite_utils.Database(tmp_path / "direct.db")
    load(direct, paths)
    lost_paths = {p.given for p in lost}
    assert got.loaded > 0
    missing = {r["id"] for r in direct["articles"].rows} - {r["id"] for r in db["articles"].rows}
    assert missing
    assert all(direct["articles"].get(a)["path"] in lost_paths for a in missing)


def test_readings_of_other_signals_are_a_load_error(tmp_path, seeds):
    readings = tmp_path / "readings"
    read_to_folder([str(seeds)], str(readings))
    manifest_file = readings / "readings.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["signals"] = manifest["signals"][:-1] + ["a_signal_not_installed"]
    manifest_file.write_text(json.dumps(manifest))
    db = sqlite_utils.Database(tmp_path / "a.db")
    summary = load(db, [str(readings)])
    assert summary.loaded == 0
    assert "a_signal_not_installed" in summary.failures[0].reason
    assert db["load_errors"].count == 1


def test_readings_at_a_url(tmp_path, seeds, database_rows):
    fsspec = pytest.importorskip("fsspec")
    location = "memory://readings-at-a-url"
    try:
        read_to_folder([str(seeds)], location)
        assert fsspec.filesystem("memory").exists("/readings-at-a-url/articles/part-00000.parquet")
        via = tmp_path / "via.db"
        got = load(sqlite_utils.Database(via), [location])
    finally:
        fsspec.filesystem("memory").rm("/readings-at-a-url", recursive=True)
    direct = tmp_path / "direct.db"
    load(sqlite_utils.Database(direct), [str(seeds)])
    assert got.loaded == 5
    assert database_rows(via) == database_rows(direct)


def furniture_inputs(root: Path) -> list[str]:
    """Five articles of one outlet on five days, each printing the same promo line, and a
    credit line naming the outlet by another of its names."""
    promo = "Sign up for the Gazette's morning newsletter and get the news first every day."
    rows = [
        {
            "outlet": "CNN (Web News)",
            "date": f"2020-03-0{day}",
            "title": f"Council story {day}",
            "text": f"The council met on day {day} and approved item {day} of the budget plan, "
            f"the mayor said.\n\n{promo}\n\nSource: CNN",
        }
        for day in range(1, 6)
    ]
    path = root / "gazette.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return [str(path)]


def test_readings_learn_furniture_as_a_direct_load_does(tmp_path, database_rows):
    paths = furniture_inputs(tmp_path)
    direct = tmp_path / "direct.db"
    load(sqlite_utils.Database(direct), paths)
    read_to_folder(paths, str(tmp_path / "readings"), target_bytes=300)
    via = tmp_path / "via.db"
    load(sqlite_utils.Database(via), [str(tmp_path / "readings")])
    assert database_rows(via) == database_rows(direct)
    db = sqlite_utils.Database(via)
    # The promo line is page furniture, not a body sentence; the credit is the outlet's own.
    assert not db.execute("select count(*) from sentences where text like 'Sign up%'").fetchone()[0]
    assert db.execute("select count(*) from parts where text like 'Sign up%'").fetchone()[0] == 5
    assert {r[0] for r in db.execute("select credit_kind from articles")} == {"staff"}
