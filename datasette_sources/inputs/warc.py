"""WARC files of crawled pages: every HTML response is one saved web page.

Read with warcio (it finds out itself whether the file is gzipped, record by
record as crawlers write them). Responses that are not HTML (images, scripts,
robots.txt) and those whose status is not 2xx (redirects, missing pages) are
not articles and are passed over; an HTML page goes through the same
trafilatura reading as a saved ``.html`` file. A record's number in the file
is its ``line``, so a failure says which record it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .decoding import decode
from .records import Failure, Record
from .remote import EXTRA_HINT
from .streams import CountingReader

_CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9_.:-]+)", re.I)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def page_text(data: bytes, content_type: str | None) -> tuple[str, str]:
    """An HTML body -> (text, encoding): the declared charset first, then as any text file.

    >>> page_text("<p>Café</p>".encode("latin-1"), "text/html; charset=ISO-8859-1")
    ('<p>Café</p>', 'iso-8859-1')
    >>> page_text("<p>Café</p>".encode("utf-8"), "text/html")
    ('<p>Café</p>', 'utf-8')
    """
    match = _CHARSET.search(content_type or "")
    if match and data.strip():
        charset = match.group(1).lower()
        try:
            return data.decode(charset), charset
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: decode as any text file
    return decode(data)


def read_warc(given: str, path: Any, progress) -> Iterator[Record | Failure]:
    """Every HTML page in a WARC file as a Record (``format="html"``, the target URI as url)."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        yield Failure(given, f"WARC files need warcio: {EXTRA_HINT}")
        return
    number = 0
    with path.open("rb") as raw:
        try:
            for record in ArchiveIterator(CountingReader(raw, progress)):
                number += 1
                if record.rec_type not in ("response", "resource"):
                    continue
                headers = record.http_headers if record.rec_type == "response" else None
                if headers is not None and not str(headers.get_statuscode()).startswith("2"):
                    continue
                content_type = (
                    headers.get_header("Content-Type")
                    if headers is not None
                    else record.rec_headers.get_header("Content-Type")
                )
                if not (content_type or "").lower().startswith(HTML_TYPES):
                    continue
                data = record.content_stream().read()
                try:
                    text, encoding = page_text(data, content_type)
                except ValueError as e:
                    yield Failure(given, f"record {number}: {e}", number)
                    continue
                extra = {
                    "warc_date": record.rec_headers.get_header("WARC-Date"),
                    "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
                }
                yield Record(
                    text=text,
                    path=given,
                    line=number,
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    encoding=encoding,
                    format="html",
                    extra={k: v for k, v in extra.items() if v},
                )
        except ArchiveLoadFailed as e:
            yield Failure(given, f"not a WARC file, or a damaged record: {e}", number + 1)
