"""Inputs cut into partitions read, partition after partition, exactly as the whole inputs."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from conftest import LATIN1_TEXT

from datasette_sources.inputs import ColumnMap, Failure, read_paths
from datasette_sources.inputs.partitions import plan_partitions, read_partition_records

BODY = "The mayor resigned on {day}, officials said.\n\n“We will miss her,” said Tom Reed."


def as_tuples(items) -> list[tuple]:
    return [
        (type(i).__name__, i.path, i.line, i.reason if isinstance(i, Failure) else i.text)
        for i in items
    ]


def jsonl_file(root: Path) -> Path:
    lines = [json.dumps({"text": BODY.format(day=f"day {i}"), "n": i}).encode() for i in range(30)]
    lines[4] = b"{broken"
    lines[9] = b""  # a blank line: skipped, still counted
    lines[12] = json.dumps({"text": LATIN1_TEXT}, ensure_ascii=False).encode("cp1252")
    lines[20] = b"[1, 2]"
    path = root / "news.jsonl"
    path.write_bytes(b"\n".join(lines))  # no newline after the last line
    return path


def csv_file(root: Path, delimiter: str = ",", name: str = "news.csv") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["title", "body", "source"])
    for i in range(30):
        body = BODY.format(day=f"day {i}") if i != 7 else ""  # row 8 has no text
        writer.writerow([f"Title {i}\non two lines", body, "Daily"])
        if i == 15:
            buffer.write("\r\n")  # a blank row: not a data row
    path = root / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def parquet_file(root: Path) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [{"text": BODY.format(day=f"day {i}") if i != 3 else "", "id": i} for i in range(40)]
    path = root / "news.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=7)
    return path


@pytest.mark.parametrize(
    "make",
    [jsonl_file, csv_file, lambda r: csv_file(r, "\t", "news.tsv"), parquet_file],
    ids=["jsonl", "csv", "tsv", "parquet"],
)
@pytest.mark.parametrize("target_bytes", [200, 700, 1 << 20])
def test_partitions_read_as_the_whole_file(tmp_path, make, target_bytes):
    path = make(tmp_path)
    whole = as_tuples(read_paths([str(path)]))
    partitions = plan_partitions([str(path)], target_bytes=target_bytes)
    if target_bytes < 1000:
        assert len(partitions) > 2, "the file was not cut"
    parts = [as_tuples(read_partition_records(p)) for p in partitions]
    assert [item for part in parts for item in part] == whole
    assert any(kind == "Failure" for kind, *_ in whole)
    # Each piece names the lines or rows it holds, as the whole file counts them.
    for p, items in zip(partitions, parts, strict=True):
        piece = p.pieces[0]
        numbered = [line for _, _, line, _ in items if line is not None]
        if piece.kind != "whole" and numbered:
            assert piece.first <= min(numbered) and max(numbered) <= piece.last


def test_small_files_share_a_partition_and_large_compressed_ones_are_not_cut(tmp_path, seeds):
    packed = tmp_path / "news.csv.gz"
    packed.write_bytes(gzip.compress(csv_file(tmp_path).read_bytes()))
    assert [len(p.pieces) for p in plan_partitions([str(seeds)], target_bytes=1 << 20)] == [5]
    assert [len(p.pieces) for p in plan_partitions([str(seeds)], max_files=2)] == [2, 2, 1]
    partitions = plan_partitions([str(seeds), str(packed)], target_bytes=100)
    assert len(partitions) == 6
    assert [p.kind for p in partitions[-1].pieces] == ["whole"]  # gzip is read whole
    assert [p.number for p in partitions] == list(range(len(partitions)))
    got = [i for p in partitions for i in as_tuples(read_partition_records(p))]
    assert got == as_tuples(read_paths([str(seeds), str(packed)]))


def test_missing_and_unsupported_inputs_fail_in_their_partition(tmp_path):
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    partitions = plan_partitions([str(tmp_path / "gone.jsonl"), str(tmp_path / "slides.pdf")])
    items = [i for p in partitions for i in read_partition_records(p)]
    assert [(Path(i.path).name, i.reason) for i in items] == [
        ("gone.jsonl", "no such file or folder"),
        ("slides.pdf", "unsupported file type '.pdf'"),
    ]


def test_column_options_reach_every_partition(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"content": f"Text {i}."}) + "\n" for i in range(20)))
    partitions = plan_partitions([str(path)], target_bytes=100)
    assert len(partitions) > 3
    texts = [
        r.text for p in partitions for r in read_partition_records(p, ColumnMap(text="content"))
    ]
    assert texts == [f"Text {i}." for i in range(20)]
