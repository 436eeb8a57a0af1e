"""A folder of readings: the rows of articles read elsewhere, as Parquet, read back.

``datasette-sources read`` (:mod:`datasette_sources.readings`) writes one Parquet
file per table and partition, and a manifest, ``readings.json``::

    DIR/readings.json
    DIR/articles/part-00000.parquet   ... sentences/, parts/, quotes/, story_keys/, load_errors/

Each file holds the rows :func:`~datasette_sources.store.rows.article_rows` made,
so :func:`read_inputs` hands the loader the same rows a direct load would make,
without reading any text again. Nothing here writes; :mod:`.load` does.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..inputs import Bounds, ColumnMap, Failure, Record, read_paths
from ..inputs.remote import EXTRA_HINT, filesystem, is_url
from .furniture import OutletLines

MANIFEST = "readings.json"
#: What a manifest's ``format`` says; ``version`` changes when the layout does.
FORMAT, VERSION = "datasette-sources readings", 1
#: The tables a readings folder holds, articles first.
READING_TABLES = ("articles", "sentences", "parts", "quotes", "story_keys", "load_errors")
#: The one file of ``outlet_lines``: the line counts the page furniture was learned from.
FURNITURE_LABEL = "furniture"


class ReadingsError(ValueError):
    """A readings folder that cannot be loaded as a whole (its reason goes to load_errors)."""


@dataclass
class ReadRows:
    """One article read elsewhere: every row it contributes, table by table."""

    id: str
    path: str | None
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadingsFolder:
    """A readings folder to load, or only the articles ``keep`` accepts (a shard)."""

    location: str
    keep: Callable[[dict[str, Any]], bool] | None = None

    def __str__(self) -> str:
        return self.location


def table_file(root: str, table: str, label: str) -> str:
    """``root/table/label.parquet``, the one place the layout is spelled out.

    >>> table_file("out", "quotes", "part-00003")
    'out/quotes/part-00003.parquet'
    """
    return f"{root.rstrip('/')}/{table}/{label}.parquet"


def _open(location: str, mode: str = "rb"):
    if is_url(location):
        fs, path = filesystem(location)
        return fs.open(path, mode)
    return open(location, mode)


def manifest_of(location: str) -> dict[str, Any] | None:
    """The manifest of the readings folder at ``location``, or None when it is not one."""
    if not is_url(location) and not Path(location).is_dir():
        return None
    try:
        with _open(manifest_path(location)) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def manifest_path(location: str) -> str:
    """Where the manifest of the readings folder at ``location`` is."""
    return f"{location.rstrip('/')}/{MANIFEST}"


def read_table(location: str, table: str, label: str, columns: list[str] | None = None):
    """One Parquet file of a readings folder as a list of row dicts ([] when absent)."""
    import pyarrow.parquet as pq

    try:
        with _open(table_file(location, table, label)) as f:
            return pq.read_table(f, columns=columns).to_pylist()
    except FileNotFoundError:
        return []


def done_partitions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The partitions a reading finished, in input order."""
    return sorted(
        (p for p in manifest.get("partitions", []) if p.get("status") == "done"),
        key=lambda p: p["number"],
    )


def read_folder(
    folder: ReadingsFolder,
    signal_names: list[str],
    progress: Callable[[int], None] = lambda n: None,
) -> Iterator[ReadRows | Failure]:
    """Every article of a readings folder as :class:`ReadRows`, with its failures, in
    the order the inputs were read. Articles the folder's ``keep`` refuses are left out.

    Raises :class:`ReadingsError` when the folder cannot be loaded at all.
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError as e:
        raise ReadingsError(f"readings folders need pyarrow: {EXTRA_HINT}") from e
    location = folder.location
    manifest = manifest_of(location)
    if manifest is None:
        raise ReadingsError(f"no {MANIFEST} of a datasette-sources reading here")
    if manifest.get("version") != VERSION:
        raise ReadingsError(f"readings of version {manifest.get('version')}, not {VERSION}")
    made_with = manifest.get("signals", [])
    if made_with != signal_names:
        raise ReadingsError(
            "read with other signals than this installation has: "
            f"{', '.join(sorted(set(made_with) ^ set(signal_names)))}; read the inputs again"
        )
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    refused: set[str] = set()
    for part in manifest.get("partitions", []):
        label = part["label"]
        if part.get("status") != "done":
            for row in read_table(location, "load_errors", label):
                yield Failure(row["path"], row["reason"], row["line"])
            continue
        try:
            yield from partition_items(location, label, now, folder.keep, refused)
        except OSError as e:
            yield Failure(location, f"{label} could not be read back: {e}")
        progress(part.get("parquet_bytes", 0))


def partition_items(
    location: str,
    label: str,
    now: str,
    keep: Callable[[dict[str, Any]], bool] | None = None,
    refused: set[str] | None = None,
) -> Iterator[ReadRows | Failure]:
    """One partition's articles (each with its rows) and failures, in reading order.

    ``refused`` collects the ids ``keep`` turned away, so that a later copy of the
    same article (which a direct load would count as unchanged) is turned away too.
    """
    refused = set() if refused is None else refused
    articles = read_table(location, "articles", label)
    children: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for table in READING_TABLES[1:-1]:
        for row in read_table(location, table, label):
            children[row["article_id"]][table].append(row)
    failures = read_table(location, "load_errors", label)
    f = 0
    for n, row in enumerate(articles):
        while f < len(failures) and failures[f]["position"] <= n:
            yield Failure(failures[f]["path"], failures[f]["reason"], failures[f]["line"])
            f += 1
        # A repeated article keeps no rows of its own: the loader counts it as unchanged.
        rows = children.pop(row["id"], {})
        if row["id"] in refused or (keep is not None and not keep(row)):
            refused.add(row["id"])
            continue
        row["loaded_at"] = now
        yield ReadRows(row["id"], row.get("path"), {"articles": [row], **rows})
    for failure in failures[f:]:
        yield Failure(failure["path"], failure["reason"], failure["line"])


def read_inputs(
    paths: Iterable[str | ReadingsFolder],
    columns: ColumnMap | None,
    progress: Callable[[int], None],
    signal_names: list[str],
    bounds: Bounds | None = None,
) -> Iterator[Record | Failure | ReadRows]:
    """What :func:`~datasette_sources.store.load.load` reads: inputs (within ``bounds``),
    and readings folders."""
    for given in paths:
        folder = given if isinstance(given, ReadingsFolder) else None
        if folder is None and manifest_of(str(given)) is not None:
            folder = ReadingsFolder(str(given))
        if folder is None:
            yield from read_paths([str(given)], columns, progress, bounds)
            continue
        try:
            yield from read_folder(folder, signal_names, progress)
        except ReadingsError as e:
            yield Failure(folder.location, str(e))


def furniture_inputs(
    paths: Iterable[str | ReadingsFolder], columns: ColumnMap | None, bounds: Bounds | None = None
) -> Iterator[Record | Failure | OutletLines]:
    """What the load's furniture pass counts: each plain input's records, and each readings
    folder's line counts (its articles were read with furniture already learned)."""
    for given in paths:
        folder = given if isinstance(given, ReadingsFolder) else None
        if folder is None and manifest_of(str(given)) is not None:
            folder = ReadingsFolder(str(given))
        if folder is None:
            yield from read_paths([str(given)], columns, bounds=bounds)
            continue
        try:
            rows = read_table(folder.location, "outlet_lines", FURNITURE_LABEL)
        except (ImportError, OSError):
            rows = []  # read_folder says why the folder cannot be loaded
        yield OutletLines(folder.location, rows)


_YEAR = re.compile(r"^(\d{4})(-\d{2})?")


def period(published: str | None, by: str) -> str:
    """The shard an article's date falls in: its ``year`` or ``month``, else ``undated``.

    >>> period("2019-03-02T10:00:00", "year"), period("2019-03-02", "month"), period(None, "year")
    ('2019', '2019-03', 'undated')
    """
    match = _YEAR.match(published or "")
    if not match:
        return "undated"
    if by == "month":
        return match.group(0) if match.group(2) else "undated"
    return match.group(1)


def periods(location: str, by: str) -> set[str]:
    """Every period the articles of a readings folder fall in (only dates are read)."""
    manifest = manifest_of(location) or {}
    found = set()
    for part in done_partitions(manifest):
        for row in read_table(location, "articles", part["label"], ["published"]):
            found.add(period(row["published"], by))
    return found
