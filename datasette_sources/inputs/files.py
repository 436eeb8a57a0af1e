"""Files and folders of articles -> a stream of :class:`Record` or :class:`Failure`.

One ``.txt`` file is one article, one ``.html`` file one saved web page; a
``.jsonl`` or ``.csv`` file holds one article per line or row, a ``.json`` file
an array of them, a ``.parquet`` file one per row, a ``.warc`` file one per crawled
HTML page. ``.gz`` versions are read as they are, and a URL (``s3://...``) as a file
(:mod:`.remote`). Readers never stop on a bad input: they yield a :class:`Failure`
saying what and where, and go on.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Headline\\n\\nBody text.")
>>> _ = (d / "empty.txt").write_text("")
>>> [type(r).__name__ for r in read_paths([str(d)])]
['Record', 'Failure']
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .bounds import Bounds
from .decoding import decode, storable
from .parquet import read_parquet
from .records import ColumnMap, Failure, Record
from .remote import RemoteError, RemotePath, expand_url, is_url
from .rows import read_csv, read_jsonl
from .streams import open_binary
from .warc import read_warc

TEXT_SUFFIXES = {".txt", ".text", ".md"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
WARC_SUFFIXES = {".warc"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def file_kind(path: Path) -> str | None:
    """The kind of input a file is, by its suffix (``.gz`` looked through); None: not ours.

    >>> file_kind(Path("a.csv.gz")), file_kind(Path("notes")), file_kind(Path("x.pdf"))
    ('csv', 'text', None)
    >>> file_kind(Path("crawl.warc.gz")), file_kind(Path("part-0.parquet"))
    ('warc', 'parquet')
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in JSONL_SUFFIXES:
        return "jsonl"
    if last in CSV_SUFFIXES:
        return "csv"
    if last in HTML_SUFFIXES:
        return "html"
    if last in PARQUET_SUFFIXES:
        return "parquet"
    if last in WARC_SUFFIXES:
        return "warc"
    if last in TEXT_SUFFIXES or last == "":
        return "text"
    return None


def expand(paths: Iterable[str]) -> Iterator[tuple[str, Path | RemotePath | Failure]]:
    """Each file named or found (recursively, sorted) under the folders named.

    Yields (path as the user gave it, Path). Hidden files and folders are skipped.
    A URL yields a RemotePath per file, or a Failure when it cannot be listed.
    A folder that cannot be listed is yielded itself, for :func:`read_paths` to report.
    """
    for given in paths:
        if is_url(given):
            try:
                yield from expand_url(given)
            except RemoteError as e:
                yield given, Failure(given, str(e))
            continue
        p = Path(given)
        if p.is_dir():
            unreadable: list[OSError] = []
            for root, dirs, files in os.walk(p, onerror=unreadable.append):
                while unreadable:
                    folder = Path(unreadable.pop().filename)
                    yield str(Path(given) / folder.relative_to(p)), folder
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        full = Path(root) / name
                        yield str(Path(given) / full.relative_to(p)), full
            for error in unreadable:  # the last folder walked, or the top one
                folder = Path(error.filename)
                yield str(Path(given) / folder.relative_to(p)), folder
        else:
            yield given, p


def not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as an input file, or None if it can.

    A folder here is one that could not be listed; a FIFO would wait forever for a
    writer and a device such as /dev/zero never ends: they are refused unread.

    >>> not_a_file(Path("/dev/zero"))
    'not a regular file (a character device): refused'
    """
    if path.is_dir():
        try:
            os.listdir(path)
        except OSError as e:
            return f"cannot read folder: {e.strerror or e}"
        return "cannot read folder"
    if path.is_file():
        return None
    mode = path.stat().st_mode
    kinds = [
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    kind = next((name for test, name in kinds if test(mode)), "not a file")
    return f"not a regular file ({kind}): refused"


def read_paths(
    paths: Iterable[str],
    columns: ColumnMap | None = None,
    progress: Callable[[int], None] = lambda n: None,
    bounds: Bounds | None = None,
) -> Iterator[Record | Failure]:
    """Every article in ``paths`` (files or folders), streamed, with failures in line.

    ``progress`` is called with the number of input bytes consumed as reading goes on.
    A record past ``bounds`` is a Failure ("too large"). Every string of a record
    is one SQLite and UTF-8 can store (:func:`~.decoding.storable`).
    """
    bounds = bounds or Bounds()
    for item in read_files(paths, columns or ColumnMap(), progress, bounds):
        yield within_bounds(item, bounds)


def within_bounds(item: Record | Failure, bounds: Bounds) -> Record | Failure:
    """``item`` with every string storable, or a Failure if its text is past ``bounds``.

    >>> within_bounds(Record("abc", "a.txt"), Bounds(max_article=2)).reason
    'too large: 3 characters of text, more than the 2 allowed (--max-article-size)'
    """
    if isinstance(item, Record):
        item = storable_record(item)
        reason = bounds.too_large(item.format, item.text)
        if reason:
            return Failure(item.path, reason, item.line)
    else:
        item.path, item.reason = storable(item.path), storable(item.reason)
    return item


def read_files(
    paths: Iterable[str], columns: ColumnMap, progress: Callable[[int], None], bounds: Bounds
) -> Iterator[Record | Failure]:
    for given, path in expand(paths):
        if isinstance(path, Failure):
            yield path
            continue
        if not path.exists():
            yield Failure(given, "no such file or folder")
            continue
        # A URL names a file its filesystem listed: only local paths can be FIFOs or devices.
        refused = None if isinstance(path, RemotePath) else not_a_file(path)
        if refused:
            yield Failure(given, refused)
            continue
        kind = file_kind(path)
        if kind is None:
            yield Failure(given, f"unsupported file type {path.suffix!r}")
            progress(path.stat().st_size)
            continue
        try:
            if kind == "jsonl":
                yield from read_jsonl(given, path, columns, progress, bounds)
            elif kind == "csv":
                yield from read_csv(given, path, columns, progress, bounds)
            elif kind == "parquet":
                yield from read_parquet(given, path, columns, progress)
            elif kind == "warc":
                yield from read_warc(given, path, progress)
            else:
                yield read_text_file(given, path, kind, progress, bounds)
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as e:
            yield Failure(given, f"cannot read: {e}")


def read_text_file(
    given: str, path: Path, kind: str, progress: Callable[[int], None], bounds: Bounds
) -> Record | Failure:
    """One .txt or .html file: one article, read only as far as the bound on one record."""
    cap = bounds.max_record_bytes
    if path.suffix.lower() != ".gz" and path.stat().st_size > cap:
        progress(path.stat().st_size)
        return Failure(given, bounds.too_many_bytes())
    with open_binary(path, progress) as f:
        data = f.read(cap + 1)
    if len(data) > cap:
        return Failure(given, bounds.too_many_bytes())
    try:
        text, encoding = decode(data)
    except ValueError as e:
        return Failure(given, str(e))
    return Record(text=text, path=given, encoding=encoding, format=kind)


def storable_record(record: Record) -> Record:
    """``record`` with every string one SQLite and UTF-8 can store, metadata included."""
    for name in ("text", "path", "id", "url", "title", "outlet", "published", "byline"):
        value = getattr(record, name)
        if isinstance(value, str):
            setattr(record, name, storable(value))
    record.extra = storable_value(record.extra)
    return record


def storable_value(value: Any) -> Any:
    """Every string in a JSON-like value made storable (depth is bounded by the readers).

    >>> storable_value({"a\\x00": ["b\\ud800", 1]})
    {'a': ['b\ufffd', 1]}
    """
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable_value(k): storable_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable_value(v) for v in value]
    return value


def total_bytes(paths: Iterable[str]) -> int:
    """Size of every file that :func:`read_paths` will read, for a progress bar."""
    total = 0
    for _, path in expand(paths):
        if isinstance(path, Failure):
            continue
        try:
            if path.is_file():
                total += path.stat().st_size
        except OSError:
            pass
    return total
