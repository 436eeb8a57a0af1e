"""Inputs cut into partitions, each read on its own (one task per partition on a cluster).

A :class:`Partition` is a list of :class:`Piece`: a whole file, a byte range of a
large JSON Lines or CSV file (cut where a line or a CSV record ends, the CSV's
header read again in front of each range), or a range of row groups of a Parquet
file. Reading every partition in order gives exactly what reading the inputs whole
gives: the same records, the same failures, with the same row and line numbers.
Compressed files, ``.json`` arrays and WARC files are not cut (a gzip stream
cannot be entered in the middle); small files are grouped.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text("".join('{"text": "Article %d."}\\n' % i for i in range(9)))
>>> parts = plan_partitions([str(d / "a.jsonl")], target_bytes=60)
>>> [(p.pieces[0].first, p.pieces[0].last) for p in parts]
[(1, 3), (4, 6), (7, 9)]
>>> [[r.line for r in read_partition_records(p)] for p in parts]
[[1, 2, 3], [4, 5, 6], [7, 8, 9]]
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from .bounds import Bounds
from .decoding import CP1252_FALLBACK
from .files import expand, file_kind, read_paths, within_bounds
from .parquet import read_parquet, row_group_sizes
from .records import ColumnMap, Failure, Record
from .remote import RemotePath, is_url
from .rows import read_csv, read_jsonl, starts_with_bracket

#: Input bytes per partition unless told otherwise: a few thousand news articles.
TARGET_BYTES = 16 << 20
#: At most this many small files in one partition.
MAX_FILES = 1000
_CSV_LINE = re.compile(r"near line (\d+)")


@dataclass(frozen=True)
class Piece:
    """What one partition reads of one input.

    ``location`` is where a worker opens it (an absolute path or a URL), ``given`` the
    path as the user gave it (what ``articles.path`` and ``load_errors`` show).
    ``kind``: ``whole``; ``lines`` (bytes ``start``-``end`` of a JSON Lines file);
    ``rows`` (bytes ``start``-``end`` of a CSV, after its ``header`` bytes);
    ``row_groups`` (row groups ``start``-``end`` of a Parquet file). ``first`` and
    ``last`` number the lines or rows the piece holds, as the whole file counts them;
    ``line_shift`` is how many more physical lines of the CSV than its header come
    before ``start`` (for the line a CSV error message names).
    """

    given: str
    location: str
    kind: str = "whole"
    start: int = 0
    end: int = 0
    first: int = 1
    last: int | None = None
    header: int = 0
    line_shift: int = 0

    def where(self) -> str:
        """The piece for a person: the file, and which of its lines or rows.

        >>> Piece("a.csv", "/d/a.csv", "rows", 10, 90, first=3, last=7).where()
        'a.csv, rows 3-7'
        """
        if self.kind == "whole":
            return self.given
        unit = {"lines": "lines", "rows": "rows", "row_groups": "rows"}[self.kind]
        return f"{self.given}, {unit} {self.first}-{self.last}"


@dataclass(frozen=True)
class Partition:
    """One task's share of the inputs, numbered in input order."""

    number: int
    pieces: tuple[Piece, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"part-{self.number:05d}"


def location_of(given: str, path: Any) -> str:
    """Where a worker finds the file: its URL, or its absolute path."""
    return str(path) if isinstance(path, RemotePath) or is_url(given) else str(path.resolve())


def open_location(location: str) -> Path | RemotePath:
    return RemotePath(location) if is_url(location) else Path(location)


def plan_partitions(
    paths: Iterable[str], target_bytes: int = TARGET_BYTES, max_files: int = MAX_FILES
) -> list[Partition]:
    """Cut ``paths`` into partitions of about ``target_bytes`` of input each, in input order."""
    pieces: list[list[Piece]] = []
    group: list[Piece] = []
    group_bytes = 0

    def close_group() -> None:
        nonlocal group, group_bytes
        if group:
            pieces.append(group)
        group, group_bytes = [], 0

    for given, path in expand(paths):
        if isinstance(path, Failure) or not path.exists():
            whole, size = Piece(given, given), 0  # read_paths will say why, on the worker
        else:
            whole, size = Piece(given, location_of(given, path)), path.stat().st_size
        cuts = cut_file(whole, path, size, target_bytes) if size > target_bytes else None
        if cuts and len(cuts) > 1:
            close_group()
            pieces.extend([c] for c in cuts)
            continue
        if group and (group_bytes + size > target_bytes or len(group) >= max_files):
            close_group()
        group.append(whole)
        group_bytes += size
    close_group()
    return [Partition(n, tuple(p)) for n, p in enumerate(pieces)]


def cut_file(whole: Piece, path: Any, size: int, target: int) -> list[Piece] | None:
    """A large file's pieces of about ``target`` bytes, or None when it is not cut."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return None
    kind = file_kind(path)
    try:
        if kind == "jsonl" and not (".json" in suffixes and starts_with_bracket(path)):
            return cut_lines(whole, path, target)
        if kind == "csv":
            return cut_csv(whole, path, target)
        if kind == "parquet":
            return cut_row_groups(whole, path, target, size)
    except (OSError, ValueError, csv.Error, ImportError):
        return None  # read whole: the reader reports what is wrong with the file
    return None


def cut_lines(whole: Piece, path: Any, target: int) -> list[Piece]:
    """JSON Lines: cut after the first newline past every ``target`` bytes, lines counted."""
    pieces, start, first, lines, ends_line = [], 0, 1, 0, True
    with path.open("rb") as f:
        while True:
            chunk = f.read(target)
            if not chunk:
                break
            tail = f.readline()  # up to the end of the line the cut fell in
            lines += chunk.count(b"\n") + tail.count(b"\n")
            ends_line = (tail or chunk).endswith(b"\n")
            end = start + len(chunk) + len(tail)
            pieces.append(replace(whole, kind="lines", start=start, end=end, first=first))
            start, first = end, lines + 1
    lines += 0 if ends_line else 1  # a last line without a newline is a line too
    return [replace(p, last=q.first - 1) for p, q in zip(pieces, pieces[1:], strict=False)] + [
        replace(pieces[-1], last=lines)
    ]


def cut_csv(whole: Piece, path: Any, target: int) -> list[Piece]:
    """CSV: cut where a record ends (quoted fields hold newlines), data rows counted as
    :func:`~datasette_sources.inputs.rows.read_csv` counts them."""
    delimiter = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
    with path.open("rb") as f:
        state = {"offset": 0, "lines": 0}

        def lines() -> Iterator[str]:
            encoding = "utf-8-sig"
            for raw in f:
                if b"\r" in raw[:-2]:  # a bare carriage return ends a line for csv: not cut
                    raise ValueError("carriage returns inside lines")
                state["offset"] += len(raw)
                state["lines"] += 1
                yield raw.decode(encoding, CP1252_FALLBACK)
                encoding = "utf-8"

        reader = csv.reader(lines(), delimiter=delimiter)
        if next(reader, None) is None:
            return [whole]
        header, header_lines = state["offset"], state["lines"]
        pieces = [replace(whole, kind="rows", start=header, header=header)]
        rows, next_cut = 0, header + target
        for row in reader:
            if row:  # DictReader passes over blank rows and does not count them
                rows += 1
            if state["offset"] >= next_cut:
                pieces[-1] = replace(pieces[-1], end=state["offset"], last=rows)
                pieces.append(
                    replace(
                        pieces[-1],
                        start=state["offset"],
                        first=rows + 1,
                        last=None,
                        line_shift=state["lines"] - header_lines,
                    )
                )
                next_cut = state["offset"] + target
        pieces[-1] = replace(pieces[-1], end=state["offset"], last=max(rows, pieces[-1].first))
        if pieces[-1].start == pieces[-1].end and len(pieces) > 1:
            pieces.pop()
        return pieces


def cut_row_groups(whole: Piece, path: Any, target: int, size: int) -> list[Piece]:
    """Parquet: consecutive row groups of about ``target`` bytes (by their share of rows)."""
    groups = row_group_sizes(path)
    total = max(sum(groups), 1)
    pieces, start, first, rows, weight = [], 0, 1, 0, 0
    for g, n in enumerate(groups):
        rows += n
        weight += size * n // total
        if weight >= target or g == len(groups) - 1:
            pieces.append(
                replace(whole, kind="row_groups", start=start, end=g + 1, first=first, last=rows)
            )
            start, first, weight = g + 1, rows + 1, 0
    return pieces


class RangeFile:
    """Bytes ``start``-``end`` of a file, after its first ``head`` bytes (a CSV's header
    row), as a Path-like object whose ``open`` streams just those bytes.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_bytes(b"h,t\\n1,a\\n2,b\\n3,c\\n")
    >>> RangeFile(path, 8, 16, head=4).open().read()
    b'h,t\\n2,b\\n3,c\\n'
    """

    def __init__(self, path: Any, start: int, end: int, head: int = 0):
        self.path, self.start, self.end, self.head = path, start, end, head
        self.suffixes, self.suffix = path.suffixes, path.suffix

    def open(self, mode: str = "rb") -> BinaryIO:
        return io.BufferedReader(RangeReader(self.path.open("rb"), self), 1 << 16)


class RangeReader(io.RawIOBase):
    """The bytes a :class:`RangeFile` names, read from ``inner`` as they are asked for."""

    def __init__(self, inner: BinaryIO, where: RangeFile):
        self.inner = inner
        self.spans = [(0, where.head), (where.start, where.end)]

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        while self.spans:
            start, end = self.spans[0]
            if start >= end:
                self.spans.pop(0)
                continue
            self.inner.seek(start)
            data = self.inner.read(min(len(b), end - start))
            if not data:  # the file is shorter than planned: it changed since
                self.spans.clear()
                break
            self.spans[0] = (start + len(data), end)
            b[: len(data)] = data
            return len(data)
        return 0

    def close(self) -> None:
        self.inner.close()
        super().close()


def shifted(item: Record | Failure, by: int, lines_by: int = 0) -> Record | Failure:
    """``item`` with its line moved on by ``by`` (and a CSV message's physical line)."""
    if item.line is not None:
        item.line += by
    if isinstance(item, Failure) and lines_by:
        item.reason = _CSV_LINE.sub(lambda m: f"near line {int(m[1]) + lines_by}", item.reason)
    return item


def read_piece(
    piece: Piece, columns: ColumnMap | None = None, bounds: Bounds | None = None
) -> Iterator[Record | Failure]:
    """The records and failures of one piece, numbered as a reading of the whole file."""
    columns = columns or ColumnMap()
    bounds = bounds or Bounds()
    quiet = lambda n: None  # noqa: E731
    if piece.kind == "whole":
        for item in read_paths([piece.location], columns, bounds=bounds):
            item.path = piece.given
            yield item
        return
    path = open_location(piece.location)
    try:
        if piece.kind == "row_groups":
            rows = range(piece.start, piece.end)
            yield from read_parquet(piece.given, path, columns, quiet, rows)
        elif piece.kind == "lines":
            part = RangeFile(path, piece.start, piece.end)
            for item in read_jsonl(piece.given, part, columns, quiet, bounds):
                yield within_bounds(shifted(item, piece.first - 1), bounds)
        else:
            part = RangeFile(path, piece.start, piece.end, piece.header)
            for item in read_csv(piece.given, part, columns, quiet, bounds):
                yield within_bounds(shifted(item, piece.first - 1, piece.line_shift), bounds)
    except OSError as e:
        yield Failure(piece.given, f"cannot read: {e}", piece.first)


def read_partition_records(
    partition: Partition, columns: ColumnMap | None = None, bounds: Bounds | None = None
) -> Iterator[Record | Failure]:
    """Every record and failure of one partition, piece after piece, within ``bounds``."""
    for piece in partition.pieces:
        yield from read_piece(piece, columns, bounds)
