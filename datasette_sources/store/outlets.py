"""The ``outlets`` table: each outlet's score with an interval, from its articles' scores."""

from __future__ import annotations

from collections import defaultdict

import sqlite_utils

from .. import scoring

#: What ``outlets`` calls articles without an outlet.
UNKNOWN_OUTLET = "(unknown)"


def refresh_outlets(db: sqlite_utils.Database) -> None:
    """Per-outlet scores with intervals, from the articles' scores."""
    by_outlet: dict[str, list[float]] = defaultdict(list)
    for outlet, score in db.execute("select outlet, score from articles where score is not null"):
        by_outlet[outlet or UNKNOWN_OUTLET].append(score)
    with db.atomic():
        db.execute("delete from outlets")
        db["outlets"].insert_all([vars(o) for o in scoring.outlet_scores(by_outlet)], pk="outlet")
