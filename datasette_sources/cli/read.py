"""``datasette-sources read``: read articles into a folder of Parquet readings, here or on Dask.

Nothing here reads articles; :func:`datasette_sources.readings.folder.read_to_folder` does.
"""

from __future__ import annotations

import re

import click

from .. import inputs
from .options import (
    InputPath,
    column_options,
    outlets_option,
    read_outlet_names,
    record_bounds_options,
)

#: Exit status when some inputs or partitions could not be read (the rest were).
EXIT_SOME_FAILED = 1
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.I)


def parse_size(text: str) -> int:
    """``16MB``, ``512k``, ``2G`` or a number of bytes -> bytes.

    >>> parse_size("16MB"), parse_size("512k"), parse_size("1000")
    (16777216, 524288, 1000)
    """
    match = _SIZE.match(text)
    if not match:
        raise click.BadParameter(
            f"{text!r} is not a size such as 16MB", param_hint="--partition-size"
        )
    factor = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[match.group(2).lower()]
    return max(1, int(float(match.group(1)) * factor))


@click.command(name="read")
@click.argument("paths", metavar="INPUT...", nargs=-1, required=True, type=InputPath())
@click.option(
    "--out",
    "-o",
    "out",
    required=True,
    metavar="DIR",
    help="Folder (or URL: s3://bucket/readings) to write the readings to; it must not hold any yet",
)
@column_options
@outlets_option
@click.option(
    "--scheduler",
    metavar="processes|ADDRESS",
    help="Read on Dask: 'processes' starts worker processes on this machine; an address "
    "(tcp://host:8786) uses a running dask.distributed scheduler. Default: read here",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes for --scheduler processes [default: one per CPU]",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Tries again a partition whose task failed, this many times",
)
@click.option(
    "--partition-size",
    default="16MB",
    show_default=True,
    help="Input per task: large JSON Lines, CSV and Parquet files are cut to this size",
)
@record_bounds_options
def read_command(
    paths: tuple[str, ...],
    out: str,
    columns: inputs.ColumnMap,
    outlets_file: str | None,
    scheduler: str | None,
    workers: int | None,
    retries: int,
    partition_size: str,
    bounds: inputs.Bounds,
    time_budget: float,
):
    """Read news articles into DIR as Parquet, with no database: `load DB DIR` loads them.

    Takes every INPUT `load` takes (files, folders, .jsonl, .csv, .json, .html,
    .parquet, .warc, their .gz versions) and URLs that fsspec opens (s3://,
    gs://, hdfs://, https://). Inputs are cut into partitions (files; byte
    ranges of large .jsonl and .csv files; row groups of .parquet files), each
    read by one task; a task that fails is tried again, and a partition that
    still fails is recorded, with its inputs, without losing the others. An
    article past a bound (--max-article-size, --max-page-size, --max-sentences)
    is recorded as too large; one that takes longer than --time-budget to read
    is recorded as timed out (where the task may start a process of its own to
    read in: here and with --scheduler processes, not on a cluster whose
    workers are daemons).

    \b
    Examples:
        datasette-sources read seeds/ news.jsonl --out readings/
        datasette-sources read allsides.csv --text-column content_original \\
            --outlet-column source --scheduler processes --workers 2 --out readings/
        datasette-sources read s3://bucket/news/ --out s3://bucket/readings \\
            --scheduler tcp://scheduler:8786
        datasette-sources load sources.db readings/

    \b
    Exit status:
        0  every input was read
        1  some inputs or partitions could not be read; the rest were
        2  usage error (bad option, missing INPUT, DIR already holds readings,
           pyarrow or Dask not installed)
    """
    try:
        from ..readings.folder import FolderInUse, read_to_folder
    except ImportError as e:
        raise click.UsageError(
            f"read needs pyarrow ({e}): pip install 'datasette-sources[dask]'"
        ) from e
    outlet_names = read_outlet_names(outlets_file) if outlets_file else None
    try:
        summary = read_to_folder(
            paths,
            out,
            columns=columns,
            outlet_names=outlet_names,
            scheduler=scheduler,
            workers=workers,
            retries=retries,
            target_bytes=parse_size(partition_size),
            bounds=bounds,
            time_budget=time_budget,
        )
    except FolderInUse as e:
        raise click.BadParameter(str(e), param_hint="--out") from e
    except RuntimeError as e:  # Dask missing
        raise click.UsageError(str(e)) from e
    click.echo(
        f"read {summary.articles} articles in {summary.partitions} partitions, "
        f"failed {summary.failures}"
    )
    for outcome in summary.failed_partitions:
        click.echo(f"failed: {outcome.item.label}: {outcome.error}", err=True)
    if summary.failures:
        click.get_current_context().exit(EXIT_SOME_FAILED)
