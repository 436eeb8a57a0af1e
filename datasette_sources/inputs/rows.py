"""Files of many articles: CSV (one per row) and JSON Lines (one per line).

Columns are found by name (:class:`~datasette_sources.inputs.records.ColumnMap`);
a bad row or line is a :class:`Failure` in the stream, never the end of it.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .decoding import CP1252_FALLBACK
from .json_array import read_json_array
from .records import ColumnMap, Failure, Record, record_from_row
from .streams import open_binary

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def starts_with_bracket(path: Path) -> bool:
    with open_binary(path, lambda n: None) as f:
        head = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] == b"["


def read_jsonl(given: str, path: Path, columns: ColumnMap, progress) -> Iterator[Record | Failure]:
    if ".json" in [s.lower() for s in path.suffixes] and starts_with_bracket(path):
        yield from read_json_array(given, path, columns, progress)
        return
    with open_binary(path, progress) as f:
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
            result = record_from_row(row, given, n, columns)
            if isinstance(result, Record):
                result.encoding = encoding
            yield result


def read_csv(given: str, path: Path, columns: ColumnMap, progress) -> Iterator[Record | Failure]:
    with open_binary(path, progress) as f:
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
                yield record_from_row(row, given, n, columns)
        except UnicodeDecodeError as e:
            yield Failure(given, f"cannot decode: {e}")
