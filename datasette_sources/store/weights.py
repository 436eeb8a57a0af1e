"""The weights in force: the ``signals`` table is the scoring formula as data."""

from __future__ import annotations

from collections.abc import Mapping

import sqlite_utils

from .. import scoring
from ..signals import Signal
from .steps import RESCORE_ALL, mark_pending


def stored_weights(db: sqlite_utils.Database, signals: list[Signal]) -> dict[str, float]:
    """The ``signals`` table's weights of known signals that are valid weights.

    A weight that is not (NULL, negative, infinite: written by an older version
    that did not check) is left out, so the package default stands in for it.
    """
    if not db["signals"].exists():
        return {}
    names = {s.name for s in signals}
    stored = {}
    for name, weight in db.execute("select name, weight from signals"):
        if name in names:
            try:
                stored[name] = scoring.checked_weight(name, weight)
            except ValueError:
                continue
    return stored


def weights_in_force(
    db: sqlite_utils.Database,
    signals: list[Signal],
    overrides: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The weights in force: the ``signals`` table's, then ``overrides`` on top.

    Raises ValueError, before anything is written, for unknown names, weights that
    are not finite numbers from 0 up, or weights that are all 0.
    """
    weights = scoring.weights_for(signals, stored_weights(db, signals))
    if overrides:
        scoring.weights_for(signals, overrides)  # unknown names and bad weights are an error
        weights.update({k: scoring.checked_weight(k, v) for k, v in overrides.items()})
    scoring.check_some_weight(weights)
    return weights


def write_signals(
    db: sqlite_utils.Database, signals: list[Signal], weights: Mapping[str, float]
) -> None:
    """Store the formula in force in the ``signals`` table.

    When a weight changes, every stored score is out of date: that is recorded in
    the same transaction (:data:`~.steps.RESCORE_ALL`), so that the next rescore,
    or the rerun of a killed one, covers every article.
    """
    before = stored_weights(db, signals)
    changed = bool(before) and any(before.get(s.name) != weights.get(s.name) for s in signals)
    with db.atomic():
        if changed:
            mark_pending(db, RESCORE_ALL)
        # alter: a database made before a column of signals existed gains it here too
        # (rescore writes the formula without going through ensure_schema).
        db["signals"].upsert_all(
            [s.as_row(weights.get(s.name)) for s in signals], pk="name", alter=True
        )
