"""Labels files: CSV, TSV and JSON Lines, and a clear error for every kind of bad file."""

from __future__ import annotations

import gzip

import pytest

from datasette_sources.evaluation.labels import ERRORS_SHOWN, LabelsError, read_labels


@pytest.mark.parametrize(
    ("name", "content", "key", "expected"),
    [
        ("l.csv", "id,label\na,1\nb,0\n", "id", [("a", 1, None, None), ("b", 0, None, None)]),
        (
            "l.csv",
            "url,label,group,stratum,extra\nhttp://x/1,true,x,left,?\nhttp://y/2,False,y,right,\n",
            "url",
            [("http://x/1", 1, "x", "left"), ("http://y/2", 0, "y", "right")],
        ),
        ("l.tsv", "path\tlabel\nseeds/000.txt\t1\n", "path", [("seeds/000.txt", 1, None, None)]),
        (
            "l.jsonl",
            '{"id": "a", "label": 1, "group": "x"}\n\n{"id": 7, "label": false}\n',
            "id",
            [("a", 1, "x", None), ("7", 0, None, None)],
        ),
        ("l.csv", "\ufeff id ,label\n a ,1.0\n", "id", [("a", 1, None, None)]),  # BOM, spaces
    ],
)
def test_good_files(tmp_path, name, content, key, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    labels = read_labels(path)
    assert labels.key == key
    assert [(r.key, r.label, r.group, r.stratum) for r in labels.rows] == expected
    assert len(labels.sha256) == 64


def test_gzipped_file_and_chosen_key(tmp_path):
    path = tmp_path / "labels.csv.gz"
    path.write_bytes(gzip.compress(b"id,url,label\na,http://a,1\n"))
    assert read_labels(path).key == "id"
    assert read_labels(path, key="url").rows[0].key == "http://a"


BAD = [
    ("l.txt", "id,label\na,1\n", "must be .csv, .tsv, .jsonl or .ndjson"),
    ("l.csv", "", "empty file"),
    ("l.csv", "  \n", "empty file"),
    ("l.csv", "id,label\n", "no labelled rows"),
    ("l.csv", "name,label\na,1\n", "no article key column; expected one of id, url, path"),
    ("l.csv", "id,verdict\na,1\n", "no 'label' column"),
    ("l.csv", "id,label\na,yes\n", "line 2: label 'yes' is not 0 or 1"),
    ("l.csv", "id,label\na,2\n", "line 2: label '2' is not 0 or 1"),
    ("l.csv", "id,label\n,1\n", "line 2: no id"),
    ("l.csv", "id,label\na,1\nb,0\na,0\n", "line 4: id 'a' was already labelled on line 2"),
    ("l.jsonl", '{"id": "a", "label": 1}\n{"id": "b", \n', "line 2: not valid JSON"),
    ("l.jsonl", '["a", 1]\n', "line 1: a JSON object is expected, not list"),
    ("l.jsonl", '{"id": "a", "label": 0.5}\n', "line 1: label 0.5 is not 0 or 1"),
    ("l.csv", 'id,label\n"a,1\n', "not valid CSV"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD)
def test_bad_files_say_what_is_wrong(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LabelsError) as raised:
        read_labels(path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (b"id,label\ncaf\xe9,1\n", "not UTF-8 text"),
    ],
)
def test_binary_and_undecodable_files(tmp_path, data, message):
    path = tmp_path / "l.csv"
    path.write_bytes(data)
    with pytest.raises(LabelsError, match=message):
        read_labels(path)


def test_broken_gzip_and_missing_file(tmp_path):
    path = tmp_path / "l.csv.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(LabelsError, match="not a readable .gz file"):
        read_labels(path)
    with pytest.raises(LabelsError, match="cannot read"):
        read_labels(tmp_path / "missing.csv")


def test_unknown_key_option(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("id,label\na,1\n")
    with pytest.raises(LabelsError, match="key must be one of id, url, path"):
        read_labels(path, key="title")
    with pytest.raises(LabelsError, match="no article key column"):
        read_labels(path, key="url")


def test_every_bad_line_is_counted_and_the_first_ones_listed(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("id,label\n" + "".join(f"a{i},maybe\n" for i in range(25)))
    with pytest.raises(LabelsError) as raised:
        read_labels(path)
    text = str(raised.value)
    assert "25 lines cannot be used" in text
    assert text.count("is not 0 or 1") == ERRORS_SHOWN
    assert f"and {25 - ERRORS_SHOWN} more" in text
