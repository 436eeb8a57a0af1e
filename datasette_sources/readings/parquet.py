"""Writing readings: rows -> typed Parquet files, one per table and partition, and the manifest.

The layout and the manifest's name are :mod:`datasette_sources.store.readings`'s,
which reads them back. Columns are typed from the database contract
(:mod:`datasette_sources.store.schema`), so every partition has the same schema and
the folder reads as one data set in pyarrow, DuckDB or Dask too.

>>> table = arrow_table([{"id": "a", "word_count": 3}, {"id": "b", "extra": 0.5}], {"id": str})
>>> table.schema.names, table.column("word_count").type, table.to_pylist()[1]
(['id', 'word_count', 'extra'], DataType(int64), {'id': 'b', 'word_count': None, 'extra': 0.5})
"""

from __future__ import annotations

import json
import os
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..inputs.remote import filesystem, is_url
from ..plugins import all_signals
from ..store.readings import manifest_path, table_file
from ..store.schema import ARTICLE_COLUMNS, TABLES

#: Columns a readings file has besides the database's: where in the reading a failure came.
EXTRA_COLUMNS = {"load_errors": {"position": int}}


def declared_types() -> dict[str, dict[str, type]]:
    """The Python type of each column of each table, as the database contract declares it."""
    articles = dict(ARTICLE_COLUMNS)
    for signal in all_signals():
        articles[signal.name] = signal.column_type
    types = {"articles": articles}
    for table, (columns, _) in TABLES.items():
        types[table] = {**columns, **EXTRA_COLUMNS.get(table, {})}
    return types


def arrow_type(declared: type | None, values: list[Any]) -> pa.DataType:
    """The declared type, unless the values say otherwise (a fraction in an int column).

    >>> arrow_type(int, [1, None, 2]), arrow_type(int, [1, 0.5]), arrow_type(None, [None])
    (DataType(int64), DataType(double), DataType(string))
    >>> arrow_type(str, [b"x", None])
    DataType(binary)
    """
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bytes) for v in present):
        return pa.binary()  # story_keys' compressed key lists (corpus.stories.to_row)
    if declared is str or any(isinstance(v, str) for v in present):
        return pa.string()
    if any(isinstance(v, float) for v in present) or declared is float:
        return pa.float64()
    if declared is int or (present and all(isinstance(v, int) for v in present)):
        return pa.int64()
    return pa.string()


def arrow_table(rows: list[dict[str, Any]], declared: dict[str, type]) -> pa.Table:
    """Rows as one typed table: every key any row has, the declared columns first."""
    names = list(dict.fromkeys([k for k in declared if any(k in r for r in rows)]))
    names += list(dict.fromkeys(k for r in rows for k in r if k not in declared))
    arrays = []
    for name in names:
        values = [r.get(name) for r in rows]
        values = [int(v) if isinstance(v, bool) else v for v in values]
        arrays.append(pa.array(values, type=arrow_type(declared.get(name), values)))
    return pa.Table.from_arrays(arrays, names=names)


def output(location: str) -> tuple[Any, str]:
    """The filesystem to write to (None: this machine's) and the folder's path on it."""
    if is_url(location):
        return filesystem(location)
    return None, os.path.abspath(location)


def write_tables(location: str, label: str, tables: dict[str, list[dict[str, Any]]]) -> int:
    """Write each table's rows to ``location/<table>/<label>.parquet``; bytes written.

    A table without rows gets no file. A retried task writes the same names again,
    so a partition is never there twice.
    """
    fs, root = output(location)
    types = declared_types()
    written = 0
    for table, rows in tables.items():
        if not rows:
            continue
        data = arrow_table(rows, types.get(table, {}))
        path = table_file(root, table, label)
        if fs is None:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            pq.write_table(data, path)
            written += os.path.getsize(path)
        else:
            fs.makedirs(os.path.dirname(path), exist_ok=True)
            with fs.open(path, "wb") as f:
                pq.write_table(data, f)
            written += int(fs.size(path) or 0)
    return written


def write_manifest(location: str, manifest: dict[str, Any]) -> None:
    """Write ``readings.json`` last: a folder without it is not a finished reading."""
    fs, root = output(location)
    text = json.dumps(manifest, indent=1)
    path = manifest_path(root)
    if fs is None:
        os.makedirs(root, exist_ok=True)
        temporary = path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, path)
    else:
        with fs.open(path, "w") as f:
            f.write(text)


def has_manifest(location: str) -> bool:
    """Whether ``location`` already holds a reading (a manifest)."""
    fs, root = output(location)
    path = manifest_path(root)
    return os.path.exists(path) if fs is None else bool(fs.exists(path))
