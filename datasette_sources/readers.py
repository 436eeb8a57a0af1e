"""Readers: files and folders of articles -> a stream of :class:`Record` or :class:`Failure`.

One ``.txt`` file is one article; a ``.jsonl`` or ``.csv`` file holds one
article per line or row. ``.gz`` versions of each are read as they are.
Readers never stop on a bad input: they yield a :class:`Failure` saying what
and where, and go on.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Headline\\n\\nBody text.")
>>> _ = (d / "empty.txt").write_text("")
>>> [type(r).__name__ for r in read_paths([str(d)])]
['Record', 'Failure']
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}

#: Default names for each field, first found wins; ``ColumnMap`` overrides them.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "html": ("html", "raw_html"),
    "outlet": ("outlet", "source", "publisher"),
    "published": ("published", "date", "published_at", "pubdate"),
}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Record:
    """One article as the input gave it, before any reading."""

    text: str
    path: str
    line: int | None = None  # CSV data row or JSON Lines line, as in Failure
    id: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    encoding: str = "utf-8"
    format: str = "text"  # text | html
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Failure:
    """An input that could not be read, and why.

    ``line`` is the data row of a CSV (from 1, header not counted) or the line of
    a JSON Lines file, when the failure is about one article in a file.
    """

    path: str
    reason: str
    line: int | None = None


@dataclass
class ColumnMap:
    """Which input column holds each field. ``None`` means: try the defaults.

    >>> ColumnMap(text="article_text").names("text")
    ('article_text',)
    """

    id: str | None = None
    url: str | None = None
    title: str | None = None
    text: str | None = None
    outlet: str | None = None
    published: str | None = None
    html: str | None = None

    def names(self, fieldname: str) -> tuple[str, ...]:
        given = getattr(self, fieldname)
        return (given,) if given else DEFAULT_COLUMNS[fieldname]


def _kind(path: Path) -> str | None:
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


def decode(data: bytes) -> tuple[str, str]:
    """Bytes of a text article -> (text, encoding), or ValueError with the reason.

    UTF-8 first; otherwise Windows-1252, the usual encoding of "Latin-1" news
    files (it agrees with ISO-8859-1 on letters and also has curly quotes).

    >>> decode("Café".encode("latin-1"))
    ('Café', 'cp1252')
    """
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


#: Decoding error handler for JSON Lines and CSV: bytes that are not UTF-8 are
#: read as Windows-1252 (the five bytes it leaves undefined as Latin-1), so a
#: "Latin-1" file, or one Latin-1 row in a UTF-8 file, keeps its é and ü.
CP1252_FALLBACK = "datasette-sources-cp1252"
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    r"""
    >>> b"Caf\xe9 M\xfcller\x92s \xe2\x80\x9cok\xe2\x80\x9d".decode("utf-8", CP1252_FALLBACK)
    'Café Müller’s “ok”'
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(_CP1252[b] for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)


def _looks_binary(chunk: bytes) -> bool:
    control = sum(1 for b in chunk if b < 32 and b not in (9, 10, 12, 13))
    return control > max(2, len(chunk) // 100)


def _open_binary(path: Path, progress: Callable[[int], None]) -> BinaryIO:
    """Open for reading, reporting bytes of the file on disk (compressed or not)."""
    raw = io.BufferedReader(_Counting(open(path, "rb"), progress), 1 << 16)  # noqa: SIM115
    if path.suffix.lower() == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw  # type: ignore[return-value]


def _pick(row: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    lowered = {str(k).lower(): k for k in row}
    for n in names:
        key = n if n in row else lowered.get(n.lower())
        if key is not None and row[key] not in (None, ""):
            return key, row[key]
    return None, None


def _record(row: dict[str, Any], given: str, line: int, columns: ColumnMap) -> Record | Failure:
    used: set[str] = set()
    values: dict[str, Any] = {}
    for fieldname in ("id", "url", "title", "text", "outlet", "published", "html"):
        key, value = _pick(row, columns.names(fieldname))
        if key is not None:
            used.add(key)
            values[fieldname] = value if isinstance(value, str) else str(value)
    text = values.pop("text", None)
    html = values.pop("html", None)
    form = "text"
    if (not text or not text.strip()) and html and html.strip():
        text, form = html, "html"  # a saved page instead of plain text
    if not text or not text.strip():
        wanted = "/".join(columns.names("text") + columns.names("html"))
        return Failure(given, f"no article text (column {wanted} missing or empty)", line)
    extra = {k: v for k, v in row.items() if k not in used and v not in (None, "")}
    return Record(text=text, path=given, line=line, extra=extra, format=form, **values)


def _read_json_array(given: str, path: Path, columns: ColumnMap, progress):
    """A ``.json`` file holding one array of article objects, read item by item.

    Items before a syntax error are loaded; the error is recorded with the
    number of the item it is in, and the rest of the file is not read (JSON
    cannot be resynchronised the way JSON Lines can).
    """
    with io.TextIOWrapper(
        _open_binary(path, progress), encoding="utf-8-sig", errors=CP1252_FALLBACK
    ) as text:
        for n, row in iter_json_array(text):
            if isinstance(row, json.JSONDecodeError):
                yield Failure(
                    given, f"invalid JSON in array item {n}: {row.msg}; not read further", n
                )
            elif isinstance(row, dict):
                yield _record(row, given, n, columns)
            else:
                yield Failure(given, "array item is not a JSON object", n)


_JSON_SPACE = re.compile(r"[ \t\r\n]*")


def iter_json_array(
    stream: TextIO, chunk_size: int = 1 << 16
) -> Iterator[tuple[int, Any | json.JSONDecodeError]]:
    """The items of the JSON array in ``stream``, numbered from 1, holding one in memory.

    A syntax error is yielded (with the number of the item it is in) and ends the
    iteration.

    >>> list(iter_json_array(io.StringIO('[{"a": 1}, 2]')))
    [(1, {'a': 1}), (2, 2)]
    >>> [(n, type(x).__name__) for n, x in iter_json_array(io.StringIO('[{"a": 1}, {"b"'))]
    [(1, 'dict'), (2, 'JSONDecodeError')]
    """
    decoder = json.JSONDecoder()
    buffer, pos, eof, n = "", 0, False, 1

    def more(at_least: int) -> bool:
        nonlocal buffer, pos, eof
        if eof:
            return False
        data = stream.read(max(chunk_size, at_least))
        buffer, pos = buffer[pos:] + data, 0
        eof = not data
        return bool(data)

    def next_char() -> str:
        nonlocal pos
        while True:
            pos = _JSON_SPACE.match(buffer, pos).end()
            if pos < len(buffer) or not more(0):
                return buffer[pos] if pos < len(buffer) else ""

    def error(message: str) -> json.JSONDecodeError:
        return json.JSONDecodeError(message, buffer, pos)

    if next_char() != "[":
        yield n, error("expected '[' at the start of the array")
        return
    pos += 1
    if next_char() == "]":
        return
    while True:
        next_char()
        try:
            item, end = decoder.raw_decode(buffer, pos)
            # Unless a separator is in sight, the value may go on ("1" of "1e10"): read on.
            after = _JSON_SPACE.match(buffer, end).end()
            if (after == len(buffer) or buffer[after] not in ",]") and more(len(buffer) - pos):
                continue
        except json.JSONDecodeError as e:
            if more(2 * (len(buffer) - pos)):  # the item may only be cut off: read on
                continue
            yield n, e
            return
        yield n, item
        n, pos = n + 1, end
        separator = next_char()
        if separator == "]":
            return
        if separator != ",":
            yield n, error("expected ',' or ']' after an array item")
            return
        pos += 1


def _starts_with_bracket(path: Path) -> bool:
    with _open_binary(path, lambda n: None) as f:
        head = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] == b"["


def _read_jsonl(given: str, path: Path, columns: ColumnMap, progress) -> Iterator[Record | Failure]:
    if ".json" in [s.lower() for s in path.suffixes] and _starts_with_bracket(path):
        yield from _read_json_array(given, path, columns, progress)
        return
    with _open_binary(path, progress) as f:
        for n, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            encoding = "utf-8"
            try:
                try:
                    row = json.loads(raw)
                except UnicodeDecodeError:  # not UTF-8: a Latin-1 / Windows-1252 line
                    row = json.loads(raw.decode("utf-8-sig", CP1252_FALLBACK))
                    encoding = "cp1252"
            except json.JSONDecodeError as e:
                yield Failure(given, f"invalid JSON: {e}", n)
                continue
            if not isinstance(row, dict):
                yield Failure(given, "line is not a JSON object", n)
                continue
            result = _record(row, given, n, columns)
            if isinstance(result, Record):
                result.encoding = encoding
            yield result


class _Counting(io.RawIOBase):
    """A binary stream that reports how many bytes went through it."""

    def __init__(self, inner: BinaryIO, progress: Callable[[int], None]):
        self.inner, self.progress = inner, progress

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        data = self.inner.read(len(b))
        b[: len(data)] = data
        self.progress(len(data))
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def _read_csv(given: str, path: Path, columns: ColumnMap, progress) -> Iterator[Record | Failure]:
    with _open_binary(path, progress) as f:
        text = io.TextIOWrapper(f, encoding="utf-8-sig", errors=CP1252_FALLBACK, newline="")
        delimiter = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
        reader = csv.DictReader(text, delimiter=delimiter)
        try:
            if not reader.fieldnames:
                yield Failure(given, "empty CSV file: no header row")
                return
            n = 0
            while True:
                n += 1  # data rows, from 1, as a spreadsheet user counts them
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as e:
                    yield Failure(given, f"malformed CSV near line {reader.line_num}: {e}", n)
                    continue
                if None in row:
                    row.pop(None)
                yield _record(row, given, n, columns)
        except UnicodeDecodeError as e:
            yield Failure(given, f"cannot decode: {e}")


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
        if not path.exists():
            yield Failure(given, "no such file or folder")
            continue
        kind = _kind(path)
        if kind is None:
            yield Failure(given, f"unsupported file type {path.suffix!r}")
            progress(path.stat().st_size)
            continue
        try:
            if kind == "jsonl":
                yield from _read_jsonl(given, path, columns, progress)
            elif kind == "csv":
                yield from _read_csv(given, path, columns, progress)
            else:
                with _open_binary(path, progress) as f:
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
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total
