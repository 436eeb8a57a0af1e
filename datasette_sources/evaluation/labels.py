"""A labels file: which articles are on the reliable side (1) and which are not (0).

CSV (a header row, then one row per article) or JSON Lines (one object per
line). Columns: an article key, ``id``, ``url`` or ``path``; ``label``, 1 for
the reliable side and 0 for the other (``true``/``false`` too); and, optionally,
``group`` (the outlet, say: intervals then resample whole groups, and an
outlet-level AUC is computed) and ``stratum`` (the political lean, say: every
AUC is computed within each stratum too).

A file that cannot be used raises :class:`LabelsError` naming the file and
every line at fault (up to :data:`ERRORS_SHOWN`), so nothing is measured on a
silently shortened file.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "labels.csv"
>>> _ = path.write_text("url,label,stratum\\nhttps://a.example/1,1,left\\nhttps://b.example/2,0,left\\n")
>>> labels = read_labels(path)
>>> labels.key, [(r.key, r.label, r.stratum) for r in labels.rows]
('url', [('https://a.example/1', 1, 'left'), ('https://b.example/2', 0, 'left')])
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

#: The article keys a labels file may use, in the order they are looked for.
KEYS = ("id", "url", "path")
#: What a label may be written as.
LABEL_VALUES = {"1": 1, "0": 0, "true": 1, "false": 0, "1.0": 1, "0.0": 0}
#: How many faulty lines an error message lists.
ERRORS_SHOWN = 10
CSV_SUFFIXES = {".csv", ".tsv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


class LabelsError(ValueError):
    """A labels file that cannot be used, and why."""


@dataclass
class Label:
    """One article's label, as the file gives it."""

    key: str
    label: int
    line: int
    group: str | None = None
    stratum: str | None = None


@dataclass
class Labels:
    """A whole labels file: which key it uses, its rows, and a digest of its bytes."""

    path: str
    key: str
    rows: list[Label] = field(default_factory=list)
    sha256: str = ""

    @property
    def has_groups(self) -> bool:
        return any(r.group for r in self.rows)

    @property
    def has_strata(self) -> bool:
        return any(r.stratum for r in self.rows)


def read_labels(path: str | Path, key: str | None = None) -> Labels:
    """Read a labels file (``.csv``, ``.tsv``, ``.jsonl``, ``.ndjson``, each maybe ``.gz``).

    ``key`` picks the key column when the file has several; by default the
    first of :data:`KEYS` present.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LabelsError(f"{path}: cannot read ({e.strerror or e})") from e
    suffixes = [s.lower() for s in PurePath(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise LabelsError(f"{path}: not a readable .gz file ({e})") from e
        suffixes = suffixes[:-1]
    kind = suffixes[-1] if suffixes else ""
    if kind not in CSV_SUFFIXES | JSONL_SUFFIXES:
        raise LabelsError(
            f"{path}: a labels file must be .csv, .tsv, .jsonl or .ndjson (optionally .gz)"
        )
    if b"\x00" in data[:4096]:
        raise LabelsError(f"{path}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise LabelsError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from e
    if not text.strip():
        raise LabelsError(f"{path}: empty file")
    if kind in CSV_SUFFIXES:
        columns, records = _csv_records(path, text, kind)
    else:
        records = _jsonl_records(path, text)
        columns = {c for _, r in records for c in r}
    return _labels(str(path), columns, records, key, hashlib.sha256(data).hexdigest())


def _csv_records(
    path: Path, text: str, kind: str
) -> tuple[set[str], list[tuple[int, dict[str, Any]]]]:
    reader = csv.DictReader(
        io.StringIO(text), delimiter="\t" if kind == ".tsv" else ",", strict=True
    )
    try:
        header = {h.strip() for h in reader.fieldnames or []}
        records = [(reader.line_num, row) for row in reader]
    except csv.Error as e:
        raise LabelsError(f"{path}, line {reader.line_num}: not valid CSV ({e})") from e
    rows = [(line, {(k or "").strip(): v for k, v in row.items()}) for line, row in records]
    return header, rows


def _jsonl_records(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    records, errors = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {number}: not valid JSON ({e.msg})")
            continue
        if not isinstance(record, dict):
            errors.append(f"line {number}: a JSON object is expected, not {type(record).__name__}")
            continue
        records.append((number, record))
    _raise_if(path, errors)
    return records


def _labels(
    path: str,
    columns: set[str],
    records: list[tuple[int, dict[str, Any]]],
    key: str | None,
    sha256: str,
) -> Labels:
    if key is not None and key not in KEYS:
        raise LabelsError(f"key must be one of {', '.join(KEYS)}, not {key!r}")
    if key is None:
        key = next((k for k in KEYS if k in columns), None)
    if key is None or key not in columns:
        raise LabelsError(
            f"{path}: no article key column; expected one of {', '.join(KEYS)} "
            f"(found: {', '.join(sorted(columns)) or 'no columns'})"
        )
    if "label" not in columns:
        raise LabelsError(f"{path}: no 'label' column (1 = the reliable side, 0 = the other)")
    if not records:
        raise LabelsError(f"{path}: no labelled rows")
    rows, errors, seen = [], [], {}
    for line, record in records:
        value = _text(record.get(key))
        label = _label(record.get("label"))
        if not value:
            errors.append(f"line {line}: no {key}")
        elif record.get("label") in (None, ""):
            errors.append(f"line {line}: no label")
        elif label is None:
            errors.append(f"line {line}: label {record.get('label')!r} is not 0 or 1")
        elif value in seen:
            errors.append(
                f"line {line}: {key} {value!r} was already labelled on line {seen[value]}"
            )
        else:
            seen[value] = line
            rows.append(
                Label(
                    key=value,
                    label=label,
                    line=line,
                    group=_text(record.get("group")) or None,
                    stratum=_text(record.get("stratum")) or None,
                )
            )
    _raise_if(Path(path), errors)
    return Labels(path=path, key=key, rows=rows, sha256=sha256)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _label(value: Any) -> int | None:
    """0 or 1 from what a file may hold, else None.

    >>> _label(1), _label("true"), _label(False), _label(" 0 "), _label("yes"), _label(2)
    (1, 1, 0, 0, None, None)
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return int(value) if value in (0, 1) else None
    return LABEL_VALUES.get(_text(value).lower())


def _raise_if(path: Path, errors: list[str]) -> None:
    if not errors:
        return
    shown = errors[:ERRORS_SHOWN]
    more = f"\n  ... and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
    raise LabelsError(
        f"{path}: {len(errors)} line{'s' if len(errors) > 1 else ''} cannot be used:\n  "
        + "\n  ".join(shown)
        + more
    )
