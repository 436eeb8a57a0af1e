"""Readers: .txt folders, JSON Lines, CSV and their .gz forms, through a real load."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from conftest import LATIN1_TEXT, PNG_BYTES

from datasette_sources.inputs import ColumnMap, Failure, Record, read_paths, total_bytes
from datasette_sources.inputs.decoding import decode
from datasette_sources.inputs.files import expand
from datasette_sources.inputs.json_array import iter_json_array
from datasette_sources.store import load

BODY_A = (
    "The council approved the budget on Tuesday, the mayor said. "
    "“This is a good day for the city,” said Mayor Ana Ruiz.\n\n"
    "Critics said the plan cut too deeply into library funding."
)
BODY_B = (
    "Flooding closed the river road on Wednesday, police said. "
    "“Nobody should drive through standing water,” said Chief Tom Reed.\n\n"
    "The road is expected to reopen on Friday, officials said."
)
URL_A = "https://Example.com/News/Budget?id=7&utm_source=feed#top"


def write_csv(path: Path, header: list[str], rows: list[list[str]], compress: bool = False):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def articles_by_title(db) -> dict[str, dict]:
    return {r["title"]: r for r in db["articles"].rows}


# --- text files ---------------------------------------------------------------


def test_decode_utf8_and_latin1():
    assert decode("Café “quoted”".encode()) == ("Café “quoted”", "utf-8")
    assert decode("Café Müller’s".encode("cp1252")) == ("Café Müller’s", "cp1252")
    assert decode(b"\xef\xbb\xbfWith BOM") == ("With BOM", "utf-8")


@pytest.mark.parametrize(
    "data,reason",
    [(b"", "empty file"), (b"  \n\n\t", "empty file"), (PNG_BYTES, "binary file, not text")],
)
def test_decode_refuses(data, reason):
    with pytest.raises(ValueError, match=reason):
        decode(data)


def test_read_folder_in_order_with_failures_in_line(mixed):
    results = list(read_paths([str(mixed)]))
    names = [Path(r.path).name for r in results]
    assert names == sorted(names)
    failures = {Path(r.path).name: r.reason for r in results if isinstance(r, Failure)}
    assert failures == {"empty.txt": "empty file", "image.txt": "binary file, not text"}
    records = {Path(r.path).name: r for r in results if isinstance(r, Record)}
    assert len(records) == 6
    assert records["latin1.txt"].encoding == "cp1252"
    assert records["latin1.txt"].text == LATIN1_TEXT


def test_expand_recurses_and_skips_hidden(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("x")
    (tmp_path / "a" / "top.txt").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / ".git" / "HEAD.txt").write_text("x")
    given = str(tmp_path / "a")
    # a folder's own files first, then its sub-folders, each sorted
    assert [g for g, _ in expand([given])] == [
        str(tmp_path / "a" / "top.txt"),
        str(tmp_path / "a" / "b" / "deep.txt"),
    ]


def test_unsupported_file_type_is_a_failure(tmp_path, fresh_db):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "photo.png").write_bytes(PNG_BYTES)
    (tmp_path / "in" / "a.txt").write_text("Budget passes\n\n" + BODY_A)
    summary = load(fresh_db, [str(tmp_path / "in")])
    assert summary.loaded == 1
    assert [(Path(f.path).name, f.reason) for f in summary.failures] == [
        ("photo.png", "unsupported file type '.png'")
    ]


def test_total_bytes_matches_progress(mixed, tmp_path):
    gz = write_csv(tmp_path / "a.csv.gz", ["text"], [[BODY_A], [BODY_B]], compress=True)
    paths = [str(mixed), str(gz)]
    counted = []
    list(read_paths(paths, progress=counted.append))
    assert (
        sum(counted)
        == total_bytes(paths)
        == sum(p.stat().st_size for p in mixed.iterdir()) + gz.stat().st_size
    )


# --- JSON Lines ---------------------------------------------------------------


def test_jsonl_default_columns(tmp_path, fresh_db):
    rows = [
        {
            "id": "a-1",
            "url": URL_A,
            "title": "Budget passes",
            "text": BODY_A,
            "outlet": "City Paper",
            "published": "2024-03-05",
            "topic": "politics",
            "tags": ["budget", "council"],
        },
        {
            "id": 2,
            "link": "https://example.org/flood",
            "headline": "River road closed",
            "body": BODY_B,
            "source": "River Times",
            "date": "2024-03-06",
            "bias": "center",
        },
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (2, 0)
    arts = articles_by_title(fresh_db)
    a, b = arts["Budget passes"], arts["River road closed"]
    assert a["url"] == URL_A  # as given, not normalised
    assert (a["source_id"], a["outlet"], a["path"]) == ("a-1", "City Paper", str(path))
    assert a["published"].startswith("2024-03-05")
    assert json.loads(a["metadata"]) == {"topic": "politics", "tags": ["budget", "council"]}
    assert "library funding" in a["body"]
    assert (b["source_id"], b["outlet"], b["url"]) == (
        "2",
        "River Times",
        "https://example.org/flood",
    )
    assert json.loads(b["metadata"]) == {"bias": "center"}
    assert a["outlet_source"] == b["outlet_source"] == "metadata"


def test_jsonl_mapped_columns(tmp_path, fresh_db):
    row = {
        "article_text": BODY_A,
        "headline_text": "Budget passes",
        "permalink": URL_A,
        "site": "City Paper",
        "when": "2024-03-05",
        "uid": "x9",
        "text": "not this one",
    }
    path = tmp_path / "articles.ndjson"
    path.write_text(json.dumps(row) + "\n")
    columns = ColumnMap(
        text="article_text",
        title="headline_text",
        url="permalink",
        outlet="site",
        published="when",
        id="uid",
    )
    load(fresh_db, [str(path)], columns=columns)
    art = next(fresh_db["articles"].rows)
    assert (art["title"], art["url"], art["outlet"], art["source_id"]) == (
        "Budget passes",
        URL_A,
        "City Paper",
        "x9",
    )
    assert "library funding" in art["body"]
    assert json.loads(art["metadata"]) == {"text": "not this one"}


def test_jsonl_bad_lines_recorded_rest_loaded(tmp_path, fresh_db):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        json.dumps({"title": "Budget passes", "text": BODY_A})
        + "\n"
        + '{"title": "Broken", "text": "unterminated\n'
        + "\n"  # blank lines are skipped, but still counted
        + '["not", "an", "object"]\n'
        + json.dumps({"title": "No text here", "text": ""})
        + "\n"
        + json.dumps({"title": "River road closed", "text": BODY_B})
        + "\n"
    )
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (2, 3)
    assert set(articles_by_title(fresh_db)) == {"Budget passes", "River road closed"}
    errors = sorted((r["line"], r["reason"]) for r in fresh_db["load_errors"].rows)
    assert [line for line, _ in errors] == [2, 4, 5]
    assert errors[0][1].startswith("invalid JSON")
    assert errors[1][1] == "line is not a JSON object"
    assert errors[2][1].startswith("no article text")
    assert {r["path"] for r in fresh_db["load_errors"].rows} == {str(path)}


def test_jsonl_gz(tmp_path, fresh_db):
    path = tmp_path / "articles.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps({"title": "T", "text": BODY_A}) + "\n").encode()))
    assert load(fresh_db, [str(path)]).loaded == 1


# --- CSV ----------------------------------------------------------------------


def test_csv_default_columns(tmp_path, fresh_db):
    path = write_csv(
        tmp_path / "articles.csv",
        ["id", "url", "title", "content", "source", "date", "topic"],
        [
            ["a-1", URL_A, "Budget passes", BODY_A, "City Paper", "2024-03-05", "politics"],
            ["b-2", "", "River road closed", BODY_B, "River Times", "", ""],
        ],
    )
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (2, 0)
    arts = articles_by_title(fresh_db)
    a, b = arts["Budget passes"], arts["River road closed"]
    assert (a["url"], a["source_id"], a["outlet"]) == (URL_A, "a-1", "City Paper")
    assert json.loads(a["metadata"]) == {"topic": "politics"}
    assert b["url"] is None and b["metadata"] is None  # empty cells are not kept
    assert "Critics said" in a["body"]


def test_csv_mapped_columns_and_extra_columns_kept(tmp_path, fresh_db):
    path = write_csv(
        tmp_path / "allsides.csv",
        [
            "ID",
            "topic",
            "source",
            "source_url",
            "url",
            "date",
            "title",
            "bias_text",
            "content_original",
        ],
        [
            [
                "17",
                "budget",
                "City Paper",
                "https://example.com",
                URL_A,
                "2024-03-05",
                "Budget passes",
                "center",
                BODY_A,
            ]
        ],
    )
    columns = ColumnMap(text="content_original", outlet="source", id="ID")
    load(fresh_db, [str(path)], columns=columns)
    art = next(fresh_db["articles"].rows)
    assert (art["source_id"], art["outlet"], art["url"], art["title"]) == (
        "17",
        "City Paper",
        URL_A,
        "Budget passes",
    )
    assert json.loads(art["metadata"]) == {
        "topic": "budget",
        "source_url": "https://example.com",
        "bias_text": "center",
    }


def test_csv_row_without_text_recorded_rest_loaded(tmp_path, fresh_db):
    path = write_csv(
        tmp_path / "articles.csv",
        ["title", "text"],
        [["Budget passes", BODY_A], ["Empty one", ""], ["River road closed", BODY_B]],
    )
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (2, 1)
    (error,) = fresh_db["load_errors"].rows
    assert (error["path"], error["line"]) == (str(path), 2)  # data row 2, header not counted
    assert error["reason"].startswith("no article text")
    assert set(articles_by_title(fresh_db)) == {"Budget passes", "River road closed"}


def test_csv_without_header_is_a_failure(tmp_path, fresh_db):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    summary = load(fresh_db, [str(path)])
    assert [(f.path, f.reason) for f in summary.failures] == [
        (str(path), "empty CSV file: no header row")
    ]


def test_csv_gz(tmp_path, fresh_db):
    path = write_csv(
        tmp_path / "articles.csv.gz",
        ["title", "text", "outlet"],
        [["Budget passes", BODY_A, "City Paper"], ["River road closed", BODY_B, "River Times"]],
        compress=True,
    )
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (2, 0)
    assert articles_by_title(fresh_db)["Budget passes"]["outlet"] == "City Paper"


def test_corrupt_gz_is_a_failure(tmp_path, fresh_db):
    path = tmp_path / "broken.csv.gz"
    path.write_bytes(b"this is not gzip data at all")
    summary = load(fresh_db, [str(path)])
    assert summary.loaded == 0
    ((where, reason),) = [(f.path, f.reason) for f in summary.failures]
    assert where == str(path) and reason.startswith("cannot read")


def test_tsv(tmp_path, fresh_db):
    path = tmp_path / "articles.tsv"
    path.write_text("title\ttext\nBudget passes\t" + BODY_A.replace("\n", " ") + "\n")
    assert load(fresh_db, [str(path)]).loaded == 1


# --- Latin-1 inside JSON Lines and CSV ---------------------------------------------


def test_latin1_csv(tmp_path, fresh_db):
    body = LATIN1_TEXT.split("\n\n", 1)[1]
    data = (f'title,text\n"Café Müller to close","{body}"\n').encode("cp1252")
    # and a UTF-8 row after it: each row is read as it is
    data += f'"Zürich budget","{BODY_B} “Fine,” said Zoë."\n'.encode()
    path = tmp_path / "latin1.csv"
    path.write_bytes(data)
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (2, 0)
    arts = articles_by_title(fresh_db)
    assert "Café Müller said the mayor’s plan" in arts["Café Müller to close"]["body"]
    assert "“Fine,” said Zoë." in arts["Zürich budget"]["body"]
    assert "\ufffd" not in "".join(r["body"] for r in fresh_db["articles"].rows)


def test_latin1_jsonl_line(tmp_path, fresh_db):
    latin1 = json.dumps(
        {"title": "Café Müller to close", "text": LATIN1_TEXT}, ensure_ascii=False
    ).encode("cp1252")
    utf8 = json.dumps({"title": "Budget passes", "text": BODY_A}, ensure_ascii=False).encode()
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(latin1 + b"\n" + utf8 + b"\n")
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (2, 0)
    arts = articles_by_title(fresh_db)
    cafe = arts["Café Müller to close"]
    assert "Café Müller said the mayor’s plan" in cafe["body"]
    assert (cafe["encoding"], arts["Budget passes"]["encoding"]) == ("cp1252", "utf-8")


# --- JSON arrays, read item by item -------------------------------------------


def _array_file(path: Path, items: list, tail: str = "]", compress: bool = False) -> Path:
    text = "[\n" + ",\n".join(json.dumps(i) for i in items) + tail
    data = ("\ufeff" + text).encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


@pytest.mark.parametrize("chunk_size", [1, 7, 1 << 16])
def test_iter_json_array_items_straddle_chunks(chunk_size):
    items = [{"title": f"T{n}", "text": "word " * (50 * n), "n": n / 3} for n in range(8)]
    items += [12345, "a string", None, [1, 2], 1e10]
    for indent in (None, 2):
        text = json.dumps(items, indent=indent)
        found = list(iter_json_array(io.StringIO(text), chunk_size=chunk_size))
        assert found == list(enumerate(items, start=1))


@pytest.mark.parametrize("compress", [False, True])
def test_json_array_load(tmp_path, fresh_db, compress):
    items = [
        {"title": f"Story {n}", "text": f"Item {n}. {BODY_A if n % 2 else BODY_B}"}
        for n in range(4)
    ]
    name = "articles.json.gz" if compress else "articles.json"
    summary = load(fresh_db, [str(_array_file(tmp_path / name, items, compress=compress))])
    assert (summary.loaded, summary.failed) == (4, 0), summary.failures
    assert sorted(r["title"] for r in fresh_db["articles"].rows) == [f"Story {n}" for n in range(4)]


@pytest.mark.parametrize(
    "tail,loaded,failure",
    [
        # Cut off inside the third item: the first two go in.
        (',\n{"title": "Cut", "text": "The mayor sai', 2, (3, "invalid JSON in array item 3")),
        # A missing comma between items.
        ('\n{"title": "Next", "text": "x"}]', 2, (3, "expected ',' or ']'")),
        # The closing bracket is missing: every item is read, the end is reported.
        ("", 2, (3, "invalid JSON in array item 3")),
        # Not an object.
        (', "just a string"]', 2, (3, "array item is not a JSON object")),
    ],
)
def test_json_array_keeps_the_items_before_an_error(tmp_path, fresh_db, tail, loaded, failure):
    items = [{"title": "Budget passes", "text": BODY_A}, {"title": "Road closed", "text": BODY_B}]
    path = _array_file(tmp_path / "articles.json", items, tail=tail)
    summary = load(fresh_db, [str(path)])
    assert summary.loaded == loaded
    assert [(f.line, failure[1] in f.reason) for f in summary.failures] == [(failure[0], True)]
    assert fresh_db["load_errors"].count == 1


def test_json_array_in_latin1(tmp_path, fresh_db):
    path = tmp_path / "articles.json"
    path.write_bytes(
        json.dumps([{"title": "Café", "text": LATIN1_TEXT}], ensure_ascii=False).encode("cp1252")
    )
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (1, 0)
    assert "Jürgen Müller" in next(fresh_db["articles"].rows)["body"]
