"""One database per period: a readings folder loaded as ``sources-2019.db``, ``sources-2020.db``...

Each shard is a complete database (its own stories, copies, scores and outlet
summaries), small enough to publish, and Datasette serves them side by side
(``datasette sources-*.db``): the overview page lists each. An article's period
is its ``published`` year (or month); articles without a date go to
``-undated``. Stories are grouped within a shard, so a story that runs from
December into January is two stories. Every shard records the folder's load
errors, so each database says what of the inputs it does not hold.

>>> shard_path("out/sources.db", "2019")
'out/sources-2019.db'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import sqlite_utils

from .load import LoadSummary, load
from .readings import ReadingsFolder, period, periods

#: What ``--shard-by`` accepts.
SHARD_PERIODS = ("year", "month")


def shard_path(db_path: str, key: str) -> str:
    """The database of one period: the key before the suffix."""
    path = Path(db_path)
    return str(path.with_name(f"{path.stem}-{key}{path.suffix or '.db'}"))


def in_period(by: str, key: str, row: dict[str, Any]) -> bool:
    """Whether an ``articles`` row falls in the period ``key`` (a picklable predicate)."""
    return period(row.get("published"), by) == key


def load_shards(
    db_path: str, folders: Iterable[str], by: str = "year", **options: Any
) -> dict[str, LoadSummary]:
    """Load readings folders into one database per period; each shard's summary by path.

    ``options`` are :func:`~datasette_sources.store.load.load`'s.
    """
    if by not in SHARD_PERIODS:
        raise ValueError(f"shard by one of {', '.join(SHARD_PERIODS)}, not {by!r}")
    folders = list(folders)
    keys = sorted(set().union(*(periods(f, by) for f in folders))) or ["undated"]
    summaries = {}
    for key in keys:
        path = shard_path(db_path, key)
        keep = partial(in_period, by, key)
        db = sqlite_utils.Database(path)
        summaries[path] = load(db, [ReadingsFolder(f, keep) for f in folders], **options)
        db.close()
    return summaries
