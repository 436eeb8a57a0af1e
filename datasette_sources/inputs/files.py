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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .decoding import decode
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
) -> Iterator[Record | Failure]:
    """Every article in ``paths`` (files or folders), streamed, with failures in line.

    ``progress`` is called with the number of input bytes consumed as reading goes on.
    """
    columns = columns or ColumnMap()
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
                yield from read_jsonl(given, path, columns, progress)
            elif kind == "csv":
                yield from read_csv(given, path, columns, progress)
            elif kind == "parquet":
                yield from read_parquet(given, path, columns, progress)
            elif kind == "warc":
                yield from read_warc(given, path, progress)
            else:
                with open_binary(path, progress) as f:
                    data = f.read()
                try:
                    text, encoding = decode(data)
                except ValueError as e:
                    yield Failure(given, str(e))
                    continue
                yield Record(text=text, path=given, encoding=encoding, format=kind)
        except (OSError, EOFError, gzip.BadGzipFile) as e:
            yield Failure(given, f"cannot read: {e}")


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
