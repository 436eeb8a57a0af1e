"""Files of many articles: CSV (one per row) and JSON Lines (one per line).

Columns are found by name (:class:`~datasette_sources.inputs.records.ColumnMap`);
a bad row or line is a :class:`Failure` in the stream, never the end of it.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .bounds import Bounds, json_depth
from .decoding import CP1252_FALLBACK, declared_encoding
from .json_array import read_json_array
from .records import ColumnMap, Failure, Record, record_from_row
from .streams import CappedLines, TooLong, open_binary, open_text

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def starts_with_bracket(path: Path) -> bool:
    with open_binary(path, lambda n: None) as f:
        head = f.read(64)
    declared = declared_encoding(head[:4])
    if declared in ("utf-16", "utf-32"):
        head = head.decode(declared, errors="ignore").encode()
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"["


def parse_json_line(raw: bytes | str, bounds: Bounds) -> tuple[Any, str]:
    """One JSON Lines line -> (value, encoding), or ValueError with the reason."""
    encoding = "utf-8"
    try:
        try:
            value = json.loads(raw)
        except UnicodeDecodeError:  # not UTF-8: a Latin-1 / Windows-1252 line
            assert isinstance(raw, bytes)
            value = json.loads(raw.decode("utf-8-sig", CP1252_FALLBACK))
            encoding = "cp1252"
    except json.JSONDecodeError as e:
        raise ValueError(f"invalid JSON: {e}") from e
    except RecursionError as e:
        raise ValueError(bounds.too_deep()) from e
    if json_depth(value, bounds.max_json_depth) > bounds.max_json_depth:
        raise ValueError(bounds.too_deep())
    return value, encoding


def read_jsonl(
    given: str, path: Path, columns: ColumnMap, progress, bounds: Bounds | None = None
) -> Iterator[Record | Failure]:
    bounds = bounds or Bounds()
    if ".json" in [s.lower() for s in path.suffixes] and starts_with_bracket(path):
        yield from read_json_array(given, path, columns, progress, bounds)
        return
    with open_binary(path, progress) as f:
        stream: Any = f
        declared = declared_encoding(f.peek(4)[:4])
        if declared in ("utf-16", "utf-32"):
            stream, _ = open_text(f)  # type: ignore[arg-type]
        lines = CappedLines(stream, bounds.max_record_bytes)
        n = 0
        while True:
            n += 1
            try:
                raw = next(lines)
            except StopIteration:
                break
            except TooLong:
                yield Failure(given, bounds.too_many_bytes(), n)
                continue
            if not raw.strip():
                continue
            try:
                row, encoding = parse_json_line(raw, bounds)
            except ValueError as e:
                yield Failure(given, str(e), n)
                continue
            if not isinstance(row, dict):
                yield Failure(given, "line is not a JSON object", n)
                continue
            result = record_from_row(row, given, n, columns)
            if isinstance(result, Record):
                result.encoding = declared or encoding
            yield result


def read_csv(
    given: str, path: Path, columns: ColumnMap, progress, bounds: Bounds | None = None
) -> Iterator[Record | Failure]:
    bounds = bounds or Bounds()
    with open_binary(path, progress) as f:
        text, encoding = open_text(f, newline="")
        delimiter = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
        reader = csv.DictReader(CappedLines(text, bounds.max_record_bytes), delimiter=delimiter)
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
                except TooLong:
                    yield Failure(given, bounds.too_many_bytes(), n)
                    continue
                except csv.Error as e:
                    yield Failure(given, f"malformed CSV near line {reader.line_num}: {e}", n)
                    continue
                if None in row:
                    row.pop(None)
                result = record_from_row(row, given, n, columns)
                if isinstance(result, Record) and encoding != "utf-8":
                    result.encoding = encoding
                yield result
        except TooLong:
            yield Failure(given, f"header row {bounds.too_many_bytes()}")
        except UnicodeDecodeError as e:
            yield Failure(given, f"cannot decode: {e}")
