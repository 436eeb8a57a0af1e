"""Hostile inputs: byte-order marks, bounds on one record, deep JSON, pipes, unstorable text."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from datasette_sources.inputs import Bounds, Failure, Record, read_paths
from datasette_sources.inputs.bounds import json_depth
from datasette_sources.inputs.decoding import decode, storable

BODY = "The council approved the budget on Tuesday, the mayor said. “It is a good day,” she said."

#: (codec that writes the file, encoding we report)
BOMS = [
    ("utf-8-sig", "utf-8"),
    ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16"),
    ("utf-16-be", "utf-16"),
    ("utf-32", "utf-32"),
    ("utf-32-le", "utf-32"),
    ("utf-32-be", "utf-32"),
]


def with_bom(text: str, codec: str) -> bytes:
    """``text`` in ``codec``, with the byte-order mark the plain -le/-be codecs leave out."""
    marks = {
        "utf-16-le": b"\xff\xfe",
        "utf-16-be": b"\xfe\xff",
        "utf-32-le": b"\xff\xfe\x00\x00",
        "utf-32-be": b"\x00\x00\xfe\xff",
    }
    return marks.get(codec, b"") + text.encode(codec)


def records(paths, **bounds) -> list[Record | Failure]:
    return list(read_paths([str(p) for p in paths], bounds=Bounds(**bounds)))


@pytest.mark.parametrize("codec,encoding", BOMS)
@pytest.mark.parametrize("suffix", [".txt", ".csv", ".jsonl", ".json", ".csv.gz"])
def test_byte_order_marks_are_honoured(tmp_path, codec, encoding, suffix):
    content = {
        ".txt": f"Budget passes\n\n{BODY}\n",
        ".csv": f'title,text\nBudget passes,"{BODY}"\n',
        ".jsonl": json.dumps({"title": "Budget passes", "text": BODY}, ensure_ascii=False) + "\n",
        ".json": json.dumps([{"title": "Budget passes", "text": BODY}], ensure_ascii=False),
    }[suffix.removesuffix(".gz")]
    data = with_bom(content, codec)
    path = tmp_path / f"article{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    [record] = records([path])
    assert isinstance(record, Record), record
    assert BODY in record.text
    assert record.encoding == encoding


def test_decode_declared_encodings_and_bad_units():
    assert decode("Café".encode("utf-32")) == ("Café", "utf-32")
    # A broken UTF-16 unit becomes U+FFFD; the file is not called binary.
    text, encoding = decode("ab".encode("utf-16") + b"\x00\xd8")
    assert (text, encoding) == ("ab\ufffd", "utf-16")
    with pytest.raises(ValueError, match="empty"):
        decode("  ".encode("utf-16"))


@pytest.mark.parametrize(
    "value,stored",
    [
        ("plain", "plain"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("low \udc80 first", "low \ufffd first"),
        ("pair \ud83d\ude00 joined", "pair \U0001f600 joined"),
        ("nul\x00 dropped", "nul dropped"),
    ],
)
def test_storable(value, stored):
    assert storable(value) == stored
    storable(value).encode("utf-8")  # never raises


def test_every_field_of_a_json_record_is_storable(tmp_path):
    line = (
        '{"title": "Bad \\ud800 title\\u0000", "url": "https://x.test/\\udfff", '
        '"outlet": "Out\\ud800let", "text": "Body \\ud800 here. It said so.", '
        '"tags": ["a\\ud800", {"k\\u0000": "v\\udc00"}]}\n'
    )
    (tmp_path / "a.jsonl").write_text(line)
    [record] = records([tmp_path / "a.jsonl"])
    assert record.title == "Bad \ufffd title"
    assert record.url == "https://x.test/\ufffd"
    assert record.outlet == "Out\ufffdlet"
    assert record.text == "Body \ufffd here. It said so."
    assert record.extra == {"tags": ["a\ufffd", {"k": "v\ufffd"}]}


@pytest.mark.parametrize("depth,ok", [(5, True), (99, True), (100, False), (5000, False)])
def test_deep_json_lines_are_recorded(tmp_path, depth, ok):
    nested = "[" * depth + "]" * depth
    lines = [
        json.dumps({"title": "Before", "text": BODY}),
        '{"title": "Deep", "text": "A body. It is.", "nested": ' + nested + "}",
        json.dumps({"title": "After", "text": BODY}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    got = records([tmp_path / "a.jsonl"])
    assert [type(r).__name__ for r in got] == ["Record", "Record" if ok else "Failure", "Record"]
    if not ok:
        assert got[1].reason == "JSON nested more than 100 levels deep"
        assert got[1].line == 2


@pytest.mark.parametrize("depth", [101, 5000])
def test_deep_json_array_items_are_recorded(tmp_path, depth):
    nested = "[" * depth + "]" * depth
    (tmp_path / "a.json").write_text(
        '[{"title": "First", "text": "A body. It is."}, {"title": "Deep", "nested": '
        + nested
        + '}, {"title": "Never read", "text": "Another body."}]'
    )
    got = records([tmp_path / "a.json"])
    assert isinstance(got[0], Record)
    assert isinstance(got[1], Failure) and got[1].line == 2
    assert "nested" in got[1].reason


def test_a_line_past_the_bound_is_recorded_and_the_next_read(tmp_path):
    bounds = Bounds(max_article=1000, max_page=1000)
    long_line = json.dumps({"title": "Huge", "text": "word " * bounds.max_record_bytes})
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"title": "One", "text": BODY})
        + "\n"
        + long_line
        + "\n"
        + json.dumps({"title": "Three", "text": BODY})
        + "\n"
    )
    got = records([tmp_path / "a.jsonl"], max_article=1000, max_page=1000)
    assert [r.title if isinstance(r, Record) else r.line for r in got] == ["One", 2, "Three"]
    assert got[1].reason.startswith("too large: more than 1,012,000 bytes")


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("big.txt", "Big\n\n" + "word " * 400, "too large: 2,005 characters of text"),
        (
            "big.csv",
            'title,text\nBig,"' + "word " * 400 + '"\n',
            "too large: 2,000 characters of text",
        ),
        (
            "page.html",
            "<html><body><p>" + "word " * 1000 + "</p></body></html>",
            "too large: 5,033 characters of web page",
        ),
        (
            "row.csv",
            "title,html\nPage,<p>" + "word " * 1000 + "</p>\n",
            "too large: 5,007 characters of web page",
        ),
    ],
)
def test_articles_past_their_size_are_recorded(tmp_path, name, content, reason):
    (tmp_path / name).write_text(content)
    [got] = records([tmp_path / name], max_article=1000, max_page=4000)
    assert isinstance(got, Failure)
    assert got.reason.startswith(reason)


def test_a_file_past_the_bound_is_not_read_whole(tmp_path):
    bounds = Bounds(max_article=100, max_page=100)
    (tmp_path / "huge.txt").write_bytes(b"x" * (bounds.max_record_bytes + 10))
    with gzip.open(tmp_path / "huge.txt.gz", "wb") as f:
        f.write(b"x" * (bounds.max_record_bytes + 10))
    got = records([tmp_path], max_article=100, max_page=100)
    assert [r.reason for r in got] == [bounds.too_many_bytes()] * 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_in_a_folder_is_refused_not_waited_for(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "real.txt").write_text(f"Headline\n\n{BODY}")
    got = records([tmp_path])
    assert [(Path(r.path).name, type(r).__name__) for r in got] == [
        ("pipe.txt", "Failure"),
        ("real.txt", "Record"),
    ]
    assert "not a regular file" in got[0].reason


def test_json_depth_is_measured_without_recursion():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert json_depth(deep, 100) == 101
    assert json_depth({"a": 1}, 100) == 1
    assert json_depth("text", 100) == 0
