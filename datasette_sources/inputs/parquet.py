"""Parquet files of articles: one article per row, columns found by name as in a CSV.

Read a batch of rows at a time, so memory holds a batch, not the file. pyarrow
comes with the ``dask`` extra; without it a Parquet input is a :class:`Failure`
that says what to install, and the rest of the load goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .records import ColumnMap, Failure, Record, record_from_row
from .remote import EXTRA_HINT

#: Rows converted to Python objects at a time.
BATCH_ROWS = 500


def row_group_sizes(path: Any) -> list[int]:
    """Rows in each row group of the Parquet file at ``path`` (a Path or RemotePath)."""
    import pyarrow.parquet as pq

    with path.open("rb") as f:
        meta = pq.ParquetFile(f).metadata
        return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]


def read_parquet(
    given: str,
    path: Any,
    columns: ColumnMap,
    progress,
    row_groups: range | None = None,
) -> Iterator[Record | Failure]:
    """Every row of a Parquet file (or of ``row_groups`` only) as a Record, numbered from 1.

    Row numbers count from the file's first row, so a partition that reads row
    groups 4-7 numbers its rows as a reading of the whole file would.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        yield Failure(given, f"Parquet files need pyarrow: {EXTRA_HINT}")
        return
    with path.open("rb") as f:
        try:
            parquet = pq.ParquetFile(f)
        except (pa.ArrowException, OSError) as e:
            yield Failure(given, f"not a Parquet file: {e}")
            return
        meta = parquet.metadata
        groups = row_groups if row_groups is not None else range(meta.num_row_groups)
        size = path.stat().st_size
        total = max(meta.num_rows, 1)
        line = 1 + sum(meta.row_group(g).num_rows for g in range(groups.start))
        for g in groups:
            rows = meta.row_group(g).num_rows
            try:
                for batch in parquet.iter_batches(batch_size=BATCH_ROWS, row_groups=[g]):
                    for row in batch.to_pylist():
                        yield record_from_row(row, given, line, columns)
                        line += 1
            except (pa.ArrowException, OSError) as e:
                first = 1 + sum(meta.row_group(i).num_rows for i in range(g))
                yield Failure(given, f"cannot read row group {g}: {e}", first)
                line = first + rows
            progress(size * rows // total)
