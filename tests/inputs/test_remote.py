"""Inputs at URLs, through fsspec: here its in-memory filesystem stands for s3:// or gs://."""

from __future__ import annotations

import json
import pickle

import pytest

from datasette_sources.inputs import Failure, Record, read_paths
from datasette_sources.inputs.partitions import plan_partitions, read_partition_records
from datasette_sources.inputs.remote import RemotePath

fsspec = pytest.importorskip("fsspec")

BODY = "The mayor resigned on Monday, officials said."


@pytest.fixture
def bucket():
    fs = fsspec.filesystem("memory")
    root = "/news-bucket"
    lines = "".join(json.dumps({"text": f"{BODY} Story {i}."}) + "\n" for i in range(20))
    fs.pipe(f"{root}/2020/a.jsonl", lines.encode())
    fs.pipe(f"{root}/2020/b.txt", b"Headline\n\n" + BODY.encode())
    fs.pipe(f"{root}/2020/.hidden.txt", b"not an article")
    yield f"memory://{root}"
    fs.rm(root, recursive=True)


def test_a_folder_url_is_read_like_a_folder(bucket):
    items = list(read_paths([bucket]))
    assert all(isinstance(i, Record) for i in items)
    assert [i.path for i in items] == [f"{bucket}/2020/a.jsonl"] * 20 + [f"{bucket}/2020/b.txt"]
    assert items[0].line == 1 and items[-1].text.startswith("Headline")


def test_a_url_is_cut_into_partitions_like_a_file(bucket):
    partitions = plan_partitions([f"{bucket}/2020/a.jsonl"], target_bytes=300)
    assert len(partitions) > 3
    got = [(r.line, r.text) for p in partitions for r in read_partition_records(p)]
    assert got == [(r.line, r.text) for r in read_paths([f"{bucket}/2020/a.jsonl"])]


def test_missing_url_and_unknown_scheme_are_failures(bucket):
    items = list(read_paths([f"{bucket}/nothing.jsonl", "nosuchscheme://x/y.jsonl"]))
    assert all(isinstance(i, Failure) for i in items)
    assert items[0].reason == "no such file or folder"
    assert "nosuchscheme" in items[1].reason


def test_a_remote_path_pickles_as_its_url():
    path = pickle.loads(pickle.dumps(RemotePath("s3://bucket/news.csv.gz", 10)))
    assert (path.url, path.size, path.suffixes) == ("s3://bucket/news.csv.gz", 10, [".csv", ".gz"])
