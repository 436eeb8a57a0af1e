"""Spotting, before any loading, a CSV or JSON file with no column the article text could be in.

A file of rows whose text column has another name than the ones looked for
(``text``, ``body``, ``content``, or what ``--text-column`` says) would fail
row by row. :func:`missing_text` reads the header, or the first few rows, of
each such file and says which columns it saw, so the command can stop at once
and name the option to use.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> text = "The mayor resigned on Tuesday as officials said. " * 3
>>> _ = (d / "a.csv").write_text(f"id,headline,content_original\\n1,Hi,{text}\\n")
>>> found = missing_text([str(d)])
>>> found[0].columns, found[0].likely
(['id', 'headline', 'content_original'], 'content_original')
>>> missing_text([str(d)], ColumnMap(text="content_original"))
[]
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from .bounds import Bounds
from .decoding import declared_encoding
from .files import expand, file_kind
from .json_array import iter_json_array
from .records import ColumnMap
from .rows import parse_json_line, starts_with_bracket
from .streams import CappedLines, TooLong, open_binary, open_text

#: Rows read from each file to find its columns.
SAMPLE_ROWS = 20

BOUNDS = Bounds()


@dataclass
class MissingText:
    """A file of rows none of whose columns is one the text is looked for in."""

    path: str
    #: The file's columns, in order (a CSV's header; the keys of a JSON file's first rows).
    columns: list[str]
    #: The names looked for: the text's, then a saved page's.
    tried: tuple[str, ...]
    #: The column whose values are longest in the rows read: likely the text.
    likely: str | None = None


# The samples are read as the load reads: the encoding a byte-order mark declares,
# lines capped at the bound on one record, JSON no deeper than its bound. A hostile
# file here is left to the load, which records it.
def _csv_rows(path: Path, limit: int) -> tuple[list[str], list[dict[str, Any]]]:
    with open_binary(path, lambda n: None) as f:
        text, _ = open_text(f, newline="")
        delimiter = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
        reader = csv.DictReader(CappedLines(text, BOUNDS.max_record_bytes), delimiter=delimiter)
        try:
            header = list(reader.fieldnames or [])
            rows = list(islice(reader, limit))
        except (csv.Error, UnicodeDecodeError, TooLong):
            return [], []
    return header, rows


def _json_items(path: Path) -> Iterator[Any]:
    with open_binary(path, lambda n: None) as f:
        if ".json" in [s.lower() for s in path.suffixes] and starts_with_bracket(path):
            text, _ = open_text(f)
            for _n, item in iter_json_array(text, max_item=BOUNDS.max_record_bytes):
                if isinstance(item, ValueError):
                    return
                yield item
            return
        stream: Any = f
        if declared_encoding(f.peek(4)[:4]) in ("utf-16", "utf-32"):
            stream, _ = open_text(f)
        lines = CappedLines(stream, BOUNDS.max_record_bytes)
        while True:
            try:
                raw = next(lines)
            except StopIteration:
                return
            except TooLong:
                continue
            if not raw.strip():
                continue
            try:
                yield parse_json_line(raw, BOUNDS)[0]
            except ValueError:
                continue


def _json_rows(path: Path, limit: int) -> tuple[list[str], list[dict[str, Any]]]:
    rows = [item for item in islice(_json_items(path), limit) if isinstance(item, dict)]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(str(k) for k in row))
    return list(columns), rows


def likely_text_column(columns: list[str], rows: list[dict[str, Any]]) -> str | None:
    """The column with the longest values on average (at least 100 characters), or None.

    >>> likely_text_column(["id", "body_html"], [{"id": "1", "body_html": "x" * 300}])
    'body_html'
    >>> likely_text_column(["id", "title"], [{"id": "1", "title": "Short"}]) is None
    True
    """
    best, longest = None, 100.0
    for column in columns:
        values = [row.get(column) for row in rows]
        lengths = [len(v) for v in values if isinstance(v, str)]
        mean = sum(lengths) / len(rows) if rows else 0.0
        if mean >= longest:
            best, longest = column, mean
    return best


def missing_text(
    paths: Iterable[str], columns: ColumnMap | None = None, sample: int = SAMPLE_ROWS
) -> list[MissingText]:
    """The CSV and JSON files under ``paths`` that have none of the columns the text is
    looked for in. A file that cannot be read, or holds no rows, is left to the load."""
    columns = columns or ColumnMap()
    tried = columns.names("text") + columns.names("html")
    wanted = {name.lower() for name in tried}
    found = []
    for given, path in expand(paths):
        kind = file_kind(path)
        if kind not in ("csv", "jsonl") or not path.is_file():
            continue
        try:
            header, rows = (_csv_rows if kind == "csv" else _json_rows)(path, sample)
        except (OSError, EOFError, ValueError, RecursionError):
            continue
        if not header or any(str(c).lower() in wanted for c in header):
            continue
        found.append(MissingText(given, header, tried, likely_text_column(header, rows)))
    return found
