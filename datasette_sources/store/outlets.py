"""The ``outlets`` table: each outlet's score with an interval, from its articles' scores, and
the per-outlet sums the ``outlet_summary`` view and the anonymous-sourcing query show.

Rewritten after every load and rescore from one pass over an index of short entries
(``idx_articles_outlet_summary``), so that those pages read one row per outlet at any size.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlite_utils

from .. import scoring

#: What ``outlets`` calls articles without an outlet.
UNKNOWN_OUTLET = "(unknown)"

#: The per-outlet figures besides the score, over the outlet's scored articles.
OUTLET_SUMS: dict[str, type] = {
    "lowest_score": float,
    "highest_score": float,
    "mean_attribution_density": float,
    "opinion_sentences": int,
    "anonymous_sources": int,
    "named_sources": int,
    "institutional_sources": int,
    "articles_with_anonymous": int,
    "articles_copying_without_credit": int,
}


def refresh_outlets(db: sqlite_utils.Database) -> None:
    """Per-outlet scores with intervals, and the sums of :data:`OUTLET_SUMS`."""
    by_outlet: dict[str, list[float]] = defaultdict(list)
    sums: dict[str, dict[str, Any]] = {}
    rows = db.execute(
        "select outlet, score, attribution_density, opinion_sentences, anonymous_sources, "
        "named_sources, institutional_sources, uncredited_copy_share "
        "from articles where score is not null"
    )
    for outlet, score, density, opinion, anonymous, named, institutional, uncredited in rows:
        name = outlet or UNKNOWN_OUTLET
        by_outlet[name].append(score)
        s = sums.get(name)
        if s is None:
            s = sums[name] = {c: 0 for c in OUTLET_SUMS}
            s.update(lowest_score=score, highest_score=score, density=0.0, densities=0)
        s["lowest_score"] = min(s["lowest_score"], score)
        s["highest_score"] = max(s["highest_score"], score)
        if density is not None:  # avg() in SQL leaves nulls out
            s["density"] += density
            s["densities"] += 1
        s["opinion_sentences"] += opinion or 0
        s["anonymous_sources"] += anonymous or 0
        s["named_sources"] += named or 0
        s["institutional_sources"] += institutional or 0
        s["articles_with_anonymous"] += (anonymous or 0) > 0
        s["articles_copying_without_credit"] += (uncredited or 0) > 0
    out = []
    for o in scoring.outlet_scores(by_outlet):
        s = sums[o.outlet]
        density = s.pop("density") / s["densities"] if s["densities"] else None
        s.pop("densities")
        out.append({**vars(o), **s, "mean_attribution_density": density})
    with db.atomic():
        db.execute("delete from outlets")
        db["outlets"].insert_all(out, pk="outlet")
