"""``datasette-sources load --shard-by year``: one database per period.

Inputs that are not readings folders are read into a temporary one first, so
each article is read once whatever the number of shards.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from typing import Any

import click

from ..store.readings import manifest_of


def load_sharded(db_path: str, paths: Sequence[str], by: str, **options: Any) -> bool:
    """Load ``paths`` into one database per period; report each; True when nothing failed."""
    try:
        from ..readings.folder import read_to_folder
        from ..store.shards import load_shards
    except ImportError as e:
        raise click.UsageError(
            f"--shard-by needs pyarrow ({e}): pip install 'datasette-sources[dask]'"
        ) from e
    columns = options.pop("columns")
    outlet_names = options.get("outlet_names")
    folders = [p for p in paths if manifest_of(p) is not None]
    others = [p for p in paths if p not in folders]
    with tempfile.TemporaryDirectory(prefix="datasette-sources-") as scratch:
        if others:
            bounded = {k: options[k] for k in ("bounds", "time_budget") if k in options}
            read_to_folder(others, scratch, columns=columns, outlet_names=outlet_names, **bounded)
            folders.append(scratch)
        summaries = load_shards(db_path, folders, by, **options)
    for path, summary in summaries.items():
        click.echo(
            f"{path}: loaded {summary.loaded}, replaced {summary.replaced}, "
            f"unchanged {summary.unchanged}, failed {summary.failed}"
        )
    # Every shard records the same load errors: list them once.
    failures = next(iter(summaries.values())).failures if summaries else []
    for failure in failures:
        where = failure.path if failure.line is None else f"{failure.path}, {failure.line}"
        click.echo(f"failed: {where}: {failure.reason}", err=True)
    return not failures
