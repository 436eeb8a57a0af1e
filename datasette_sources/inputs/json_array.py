"""A ``.json`` file holding one array of articles, read item by item.

Memory holds one item, not the file: a 200 MB array peaks at 16 MB.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .bounds import Bounds, json_depth
from .records import ColumnMap, Failure, Record, record_from_row
from .streams import open_binary, open_text


def read_json_array(
    given: str, path: Path, columns: ColumnMap, progress, bounds: Bounds | None = None
):
    """A ``.json`` file holding one array of article objects, read item by item.

    Items before a syntax error are loaded; the error is recorded with the
    number of the item it is in, and the rest of the file is not read (JSON
    cannot be resynchronised the way JSON Lines can). So is an item larger
    than the bound on one record, or nested too deeply.
    """
    bounds = bounds or Bounds()
    text, encoding = open_text(open_binary(path, progress))
    with text:
        items = iter_json_array(text, max_item=bounds.max_record_bytes)
        for n, row in items:
            if isinstance(row, json.JSONDecodeError):
                yield Failure(
                    given, f"invalid JSON in array item {n}: {row.msg}; not read further", n
                )
            elif isinstance(row, ArrayItemError):
                yield Failure(given, f"array item {n}: {row}; not read further", n)
            elif not isinstance(row, dict):
                yield Failure(given, "array item is not a JSON object", n)
            elif json_depth(row, bounds.max_json_depth) > bounds.max_json_depth:
                yield Failure(
                    given, f"JSON nested more than {bounds.max_json_depth} levels deep", n
                )
            else:
                record = record_from_row(row, given, n, columns)
                if isinstance(record, Record) and encoding != "utf-8":
                    record.encoding = encoding
                yield record


class ArrayItemError(ValueError):
    """An array item that is too large or too deep to read; the array is read no further."""


_JSON_SPACE = re.compile(r"[ \t\r\n]*")


def iter_json_array(
    stream: TextIO, chunk_size: int = 1 << 16, max_item: int | None = None
) -> Iterator[tuple[int, Any | ValueError]]:
    """The items of the JSON array in ``stream``, numbered from 1, holding one in memory.

    A syntax error (:class:`json.JSONDecodeError`), an item longer than
    ``max_item`` characters or nested too deeply for Python (:class:`ArrayItemError`)
    is yielded with the number of the item it is in, and ends the iteration.

    >>> import io
    >>> list(iter_json_array(io.StringIO('[{"a": 1}, 2]')))
    [(1, {'a': 1}), (2, 2)]
    >>> [(n, type(x).__name__) for n, x in iter_json_array(io.StringIO('[{"a": 1}, {"b"'))]
    [(1, 'dict'), (2, 'JSONDecodeError')]
    >>> list(iter_json_array(io.StringIO("[1, " + "[" * 100000 + "]" * 100000 + "]")))[1]
    (2, ArrayItemError('nested too deeply to read'))
    """
    decoder = json.JSONDecoder()
    buffer, pos, eof, n = "", 0, False, 1

    def more(at_least: int) -> bool:
        nonlocal buffer, pos, eof
        if eof:
            return False
        if max_item is not None:  # never hold much more than one item may have
            at_least = min(at_least, max_item + 1)
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
        if max_item is not None and len(buffer) - pos > max_item:
            yield n, ArrayItemError(f"too large: more than {max_item:,} characters")
            return
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
        except RecursionError:
            yield n, ArrayItemError("nested too deeply to read")
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
