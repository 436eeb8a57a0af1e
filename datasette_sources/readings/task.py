"""One task: read the articles of one partition and write their rows as Parquet.

Pure apart from the files it writes: no database, nothing shared with other
tasks, so it runs the same in this process, in a worker process or on another
machine of a Dask cluster, and a retried task writes the same files again.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..inputs import Bounds, ColumnMap, Failure, Record
from ..inputs.partitions import Partition, read_partition_records
from ..plugins import all_signals
from ..reading.outlet_names import OutletNames
from ..signals.readability import bound_word_caches
from ..store.load import read_record_rows
from ..store.workers import DEFAULT_TIME_BUDGET, ReadingPool
from .parquet import write_tables


@dataclass
class PartitionResult:
    """What one task did: articles read, failures met, bytes written, CPU seconds spent,
    and which process did it (host:pid), to see how the work was shared."""

    number: int
    articles: int = 0
    failures: int = 0
    parquet_bytes: int = 0
    cpu_seconds: float = 0.0
    worker: str = ""


def partition_rows(
    partition: Partition,
    columns: ColumnMap | None = None,
    names: OutletNames | None = None,
    furniture: Mapping[str, frozenset[int]] | None = None,
    bounds: Bounds | None = None,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> dict[str, list[dict[str, Any]]]:
    """Every row the articles of ``partition`` contribute, table by table, and its failures.

    An article met twice keeps its rows once; its second ``articles`` row stays, so the
    loader counts it as unchanged, as a direct load does. A failure's ``position`` is
    the number of articles read before it. Each article is within ``bounds`` and read
    in a process of its own within ``time_budget``, as in a direct load, where this
    process may start one; a Dask worker that is a daemon (``distributed.worker.daemon``,
    true by default) may not, and reads in its own process, with no time budget.
    """
    signals = all_signals()
    bounds = bounds or Bounds()
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[str] = set()
    read = partial(
        read_record_rows,
        signals=signals,
        names=names,
        furniture=furniture,
        max_sentences=bounds.max_sentences,
    )
    workers = 0 if multiprocessing.current_process().daemon else 1
    items = read_partition_records(partition, columns, bounds)
    with ReadingPool(read, workers=workers, time_budget=time_budget) as pool:
        for n, (item, result) in enumerate(pool.read(items), start=1):
            failure = result if isinstance(result, Failure) else None
            if isinstance(item, Record) and failure is None:
                # The rows come from the reading process, as in a direct load.
                rows = result.rows
                if result.id in seen:
                    rows = {"articles": rows["articles"]}
                seen.add(result.id or "")
                for table, table_rows in rows.items():
                    tables[table].extend(table_rows)
            if n % 200 == 0:
                bound_word_caches()  # as the loader does after each batch: memory stays flat
            if failure is not None:
                tables["load_errors"].append(
                    {
                        "path": failure.path,
                        "line": failure.line,
                        "reason": failure.reason,
                        "position": len(tables["articles"]),
                    }
                )
    return tables


def read_partition(
    partition: Partition,
    location: str,
    columns: ColumnMap | None = None,
    names: OutletNames | None = None,
    furniture: Mapping[str, frozenset[int]] | None = None,
    bounds: Bounds | None = None,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> PartitionResult:
    """Read ``partition`` and write its rows under the readings folder ``location``,
    with the outlet names credit is read with and each outlet's page furniture."""
    started, children = time.process_time(), os.times()
    tables = partition_rows(partition, columns, names, furniture, bounds, time_budget)
    # The reading processes' CPU time too: they are reaped by now.
    after = os.times()
    reading = after.children_user + after.children_system
    reading -= children.children_user + children.children_system
    written = write_tables(location, partition.label, tables)
    return PartitionResult(
        number=partition.number,
        articles=len(tables["articles"]),
        failures=len(tables["load_errors"]),
        parquet_bytes=written,
        cpu_seconds=time.process_time() - started + reading,
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )
