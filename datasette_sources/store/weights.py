"""The weights in force: the ``signals`` table is the scoring formula as data."""

from __future__ import annotations

from collections.abc import Mapping

import sqlite_utils

from .. import scoring
from ..signals import Signal


def weights_in_force(
    db: sqlite_utils.Database,
    signals: list[Signal],
    overrides: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The weights in force: the ``signals`` table's, then ``overrides`` on top."""
    stored: dict[str, float] = {}
    if db["signals"].exists():
        names = {s.name for s in signals}
        stored = {r["name"]: r["weight"] for r in db["signals"].rows if r["name"] in names}
    weights = scoring.weights_for(signals, stored)
    if overrides:
        scoring.weights_for(signals, overrides)  # unknown names are an error
        weights.update({k: float(v) for k, v in overrides.items()})
    return weights


def write_signals(
    db: sqlite_utils.Database, signals: list[Signal], weights: Mapping[str, float]
) -> None:
    """Store the formula in force in the ``signals`` table."""
    # alter: a database made before a column of signals existed gains it here too
    # (rescore writes the formula without going through ensure_schema).
    db["signals"].upsert_all(
        [s.as_row(weights.get(s.name)) for s in signals], pk="name", alter=True
    )
