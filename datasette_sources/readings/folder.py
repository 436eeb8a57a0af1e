"""``read``: inputs -> partitions -> one task each -> a folder of readings (Parquet).

The folder is what ``datasette-sources load DB DIR`` loads: the same rows as a
direct load, with no text read again. Its manifest, written last, lists every
partition with what became of it; a partition that failed after its retries is
recorded there, and as a ``load_errors`` row for each of its inputs, so nothing
is lost silently and the other partitions load.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from ..inputs import Bounds, ColumnMap, read_paths
from ..inputs.partitions import TARGET_BYTES, Partition, plan_partitions
from ..inputs.remote import is_url
from ..plugins import all_signals
from ..reading.outlet_names import OutletNames
from ..store.furniture import learn_furniture, outlet_line_rows
from ..store.readings import FORMAT, FURNITURE_LABEL, VERSION
from ..store.workers import DEFAULT_TIME_BUDGET
from .cluster import Outcome, run_tasks
from .parquet import has_manifest, write_manifest, write_tables
from .task import PartitionResult, read_partition


class FolderInUse(ValueError):
    """The output folder already holds a reading."""


@dataclass
class ReadSummary:
    """What a reading did: articles and failures written, partitions that failed."""

    partitions: int = 0
    articles: int = 0
    failures: int = 0
    failed_partitions: list[Outcome] = field(default_factory=list)
    cpu_seconds: float = 0.0


def failed_partition_errors(outcome: Outcome) -> list[dict[str, Any]]:
    """``load_errors`` rows for the inputs of a partition that failed after its retries."""
    partition: Partition = outcome.item
    return [
        {
            "path": piece.given,
            "line": None if piece.kind == "whole" else piece.first,
            "reason": f"not read: {piece.where()} failed on every try ({outcome.error})",
            "position": 0,
        }
        for piece in partition.pieces
    ]


def read_to_folder(
    paths: Iterable[str],
    location: str,
    *,
    columns: ColumnMap | None = None,
    outlet_names: OutletNames | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    retries: int = 2,
    target_bytes: int = TARGET_BYTES,
    on_outcome: Callable[[Outcome], None] = lambda o: None,
    bounds: Bounds | None = None,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> ReadSummary:
    """Read every article under ``paths`` into a readings folder at ``location``.

    ``scheduler``, ``workers`` and ``retries`` are :func:`.cluster.run_tasks`'s;
    ``outlet_names`` the names credit is read with (default: the package's).
    ``bounds`` and ``time_budget`` bound each article, as in a direct load
    (:func:`.task.partition_rows` says where the time budget holds).
    Raises :class:`FolderInUse` when ``location`` already holds a reading.

    Each outlet's page furniture is learned first, here, as a direct load learns it
    (a pass over the inputs, counted in a database in memory); the tasks read with it,
    and the counts go into the folder so that loading it keeps them too.
    """
    if has_manifest(location):
        raise FolderInUse(f"{location} already holds readings: choose another folder")
    paths = list(paths)
    columns = columns or ColumnMap()
    counts = sqlite_utils.Database(memory=True)
    furniture = learn_furniture(counts, read_paths(paths, columns, bounds=bounds))
    lines = outlet_line_rows(counts)
    if lines:
        write_tables(location, FURNITURE_LABEL, {"outlet_lines": lines})
    partitions = plan_partitions(paths, target_bytes)
    # Workers elsewhere resolve a relative folder against their own working directory.
    where = location if is_url(location) else os.path.abspath(location)
    outcomes = run_tasks(
        read_partition,
        partitions,
        where,
        columns,
        outlet_names,
        furniture,
        bounds,
        time_budget,
        scheduler=scheduler,
        workers=workers,
        retries=retries,
        on_outcome=on_outcome,
    )
    summary = ReadSummary(partitions=len(partitions))
    listed = []
    for outcome in outcomes:
        partition: Partition = outcome.item
        entry: dict[str, Any] = {
            "number": partition.number,
            "label": partition.label,
            "pieces": [piece.where() for piece in partition.pieces],
        }
        if outcome.ok:
            result: PartitionResult = outcome.result
            entry.update(
                status="done",
                articles=result.articles,
                failures=result.failures,
                parquet_bytes=result.parquet_bytes,
                cpu_seconds=round(result.cpu_seconds, 3),
                worker=result.worker,
            )
            summary.articles += result.articles
            summary.failures += result.failures
            summary.cpu_seconds += result.cpu_seconds
        else:
            errors = failed_partition_errors(outcome)
            write_tables(location, partition.label, {"load_errors": errors})
            entry.update(status="failed", error=outcome.error, failures=len(errors))
            summary.failures += len(errors)
            summary.failed_partitions.append(outcome)
        listed.append(entry)
    write_manifest(
        location,
        {
            "format": FORMAT,
            "version": VERSION,
            "made_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "inputs": paths,
            "scheduler": scheduler or "this process",
            "signals": [s.name for s in all_signals()],
            "columns": {k: v for k, v in vars(columns).items() if v},
            "partitions": listed,
        },
    )
    return summary
