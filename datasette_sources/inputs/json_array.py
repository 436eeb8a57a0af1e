"""A ``.json`` file holding one array of articles, read item by item.

Memory holds one item, not the file: a 200 MB array peaks at 16 MB.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .decoding import CP1252_FALLBACK
from .records import ColumnMap, Failure, record_from_row
from .streams import open_binary


def read_json_array(given: str, path: Path, columns: ColumnMap, progress):
    """A ``.json`` file holding one array of article objects, read item by item.

    Items before a syntax error are loaded; the error is recorded with the
    number of the item it is in, and the rest of the file is not read (JSON
    cannot be resynchronised the way JSON Lines can).
    """
    with io.TextIOWrapper(
        open_binary(path, progress), encoding="utf-8-sig", errors=CP1252_FALLBACK
    ) as text:
        for n, row in iter_json_array(text):
            if isinstance(row, json.JSONDecodeError):
                yield Failure(
                    given, f"invalid JSON in array item {n}: {row.msg}; not read further", n
                )
            elif isinstance(row, dict):
                yield record_from_row(row, given, n, columns)
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
