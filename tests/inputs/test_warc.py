"""WARC inputs: every 2xx HTML response is a saved page; the rest of a crawl is passed over."""

from __future__ import annotations

import io

import pytest
from conftest import SEEDS

from datasette_sources.inputs import Failure, Record, read_paths
from datasette_sources.store import load

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402


def page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return (
        f"<html><head><title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Example News</footer></body></html>"
    )


def write_warc(path, records, gzip: bool):
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        for uri, status, content_type, payload in records:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(payload), http_headers=headers
                )
            )


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_html_responses_become_saved_pages(tmp_path, gzip):
    seed = sorted(SEEDS.iterdir())[0].read_text(encoding="utf-8")
    title, _, body = seed.partition("\n")
    latin = page("Café Müller to close", "Café Müller said the rent doubled, the owner said.")
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(
        path,
        [
            (
                "https://news.example/a",
                "200 OK",
                "text/html; charset=utf-8",
                page(title, body).encode(),
            ),
            ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
            ("https://news.example/old", "301 Moved Permanently", "text/html", b"<p>moved</p>"),
            (
                "https://news.example/b",
                "200 OK",
                "text/html; charset=ISO-8859-1",
                latin.encode("latin-1"),
            ),
            ("https://news.example/c", "200 OK", "text/html", b"   "),
        ],
        gzip,
    )
    items = list(read_paths([str(path)]))
    assert [type(i).__name__ for i in items] == ["Record", "Record", "Failure"]
    a, b, empty = items
    assert isinstance(a, Record) and isinstance(b, Record) and isinstance(empty, Failure)
    assert (a.url, a.format, a.line, b.line, empty.line) == (
        "https://news.example/a",
        "html",
        1,
        4,
        5,
    )
    assert "Café Müller" in b.text and b.encoding == "iso-8859-1"
    assert a.extra["warc_date"] and a.extra["warc_record_id"].startswith("<urn:uuid:")
    assert "empty" in empty.reason


def test_a_warc_loads_through_the_saved_page_reader(tmp_path, fresh_db):
    seed = sorted(SEEDS.iterdir())[0].read_text(encoding="utf-8")
    title, _, body = seed.partition("\n")
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path, [("https://news.example/a", "200 OK", "text/html", page(title, body).encode())], True
    )
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (1, 0)
    row = next(iter(fresh_db["articles"].rows))
    assert row["url"] == "https://news.example/a"
    assert row["sentence_count"] > 5
    assert row["outlet"] == "news.example"  # from the URL, as for a saved page
    navigation = [r["text"] for r in fresh_db["parts"].rows if r["kind"] == "navigation"]
    assert "Home World" in navigation and "Copyright Example News" in navigation
    assert "Home World" not in row["body"]


def test_not_a_warc_file(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("these are notes\n" * 20)
    (failure,) = read_paths([str(path)])
    assert isinstance(failure, Failure)
    assert "not a WARC file" in failure.reason and failure.line == 1
