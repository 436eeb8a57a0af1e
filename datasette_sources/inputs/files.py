"""Files and folders of articles -> a stream of :class:`Record` or :class:`Failure`.

One ``.txt`` file is one article, one ``.html`` file one saved web page; a
``.jsonl`` or ``.csv`` file holds one article per line or row, a ``.json`` file
an array of them. ``.gz`` versions of each are read as they are. Readers never
stop on a bad input: they yield a :class:`Failure` saying what and where, and go on.

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
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .bounds import Bounds
from .decoding import decode, storable
from .records import ColumnMap, Failure, Record
from .rows import read_csv, read_jsonl
from .streams import open_binary

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def file_kind(path: Path) -> str | None:
    """jsonl, csv, html or text, by the file's suffix (``.gz`` looked through); None: not ours.

    >>> file_kind(Path("a.csv.gz")), file_kind(Path("notes")), file_kind(Path("x.pdf"))
    ('csv', 'text', None)
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
    if last in TEXT_SUFFIXES or last == "":
        return "text"
    return None


def expand(paths: Iterable[str]) -> Iterator[tuple[str, Path]]:
    """Each file named or found (recursively, sorted) under the folders named.

    Yields (path as the user gave it, Path). Hidden files and folders are skipped.
    """
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        full = Path(root) / name
                        yield str(Path(given) / full.relative_to(p)), full
        else:
            yield given, p


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
        if isinstance(item, Record):
            item = storable_record(item)
            reason = bounds.too_large(item.format, item.text)
            if reason:
                item = Failure(item.path, reason, item.line)
        else:
            item.path, item.reason = storable(item.path), storable(item.reason)
        yield item


def read_files(
    paths: Iterable[str], columns: ColumnMap, progress: Callable[[int], None], bounds: Bounds
) -> Iterator[Record | Failure]:
    for given, path in expand(paths):
        if not path.exists():
            yield Failure(given, "no such file or folder")
            continue
        if not path.is_file():  # a pipe or a device would block or never end
            yield Failure(given, "not a regular file (a pipe, socket or device)")
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
    for name in ("text", "path", "id", "url", "title", "outlet", "published"):
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
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total
