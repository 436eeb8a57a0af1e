"""The protocol: article and outlet levels, strata and the mean within strata."""

from __future__ import annotations

import numpy as np
import pytest

from datasette_sources.evaluation.auc import roc_auc
from datasette_sources.evaluation.protocol import (
    ALL,
    MEAN_WITHIN,
    LabelledArticle,
    Measure,
    measure,
    mixed_groups,
    outlets,
)


def confounded(n_per=60, seed=0):
    """Two leans. Within each, signal s separates the labels; across them, the
    "right" lean has low s and mostly label 0, so pooled AUC and within-lean AUC differ."""
    rng = np.random.default_rng(seed)
    arts = []
    for lean, base, share in (("left", 0.7, 0.8), ("right", 0.2, 0.2)):
        for i in range(n_per):
            label = int(i % 12 < round(share * 12))  # every outlet has one label
            value = base + 0.03 * label + 0.05 * rng.normal()
            arts.append(
                LabelledArticle(
                    f"{lean}{i}",
                    label,
                    group=f"{lean}-outlet{i % 12}",
                    stratum=lean,
                    values={"s": value, "wordy": -value, "score": 100 * value},
                    scored={"s": min(1.0, value), "wordy": 0.5},
                )
            )
    return arts


def test_rows_for_every_level_and_stratum():
    rows = measure(confounded(), [Measure("s"), Measure("wordy", -1, 2.0)], resamples=100)
    keys = {(r.signal, r.level, r.stratum) for r in rows}
    for signal in ("s", "wordy"):
        for level in ("article", "outlet"):
            for stratum in (ALL, "left", "right", MEAN_WITHIN):
                assert (signal, level, stratum) in keys
    wordy = next(r for r in rows if (r.signal, r.level, r.stratum) == ("wordy", "article", ALL))
    s = next(r for r in rows if (r.signal, r.level, r.stratum) == ("s", "article", ALL))
    # direction -1 turns a value the other way round: -(-s) ranks as s does
    assert wordy.auc == s.auc and wordy.weight == 2.0 and wordy.direction == -1
    assert wordy.scored_auc == 0.5  # constant as scored
    assert s.n_groups == 24 and s.n == 120


def test_mean_within_strata_is_the_mean_of_the_strata():
    arts = confounded()
    rows = {(r.signal, r.level, r.stratum): r for r in measure(arts, [Measure("s")], resamples=200)}
    left, right = rows[("s", "article", "left")], rows[("s", "article", "right")]
    within = rows[("s", "article", MEAN_WITHIN)]
    assert within.auc == pytest.approx((left.auc + right.auc) / 2, abs=1e-4)
    assert within.n == left.n + right.n
    assert within.auc_low <= within.auc <= within.auc_high
    for stratum in ("left", "right"):
        chosen = [a for a in arts if a.stratum == stratum]
        expected = roc_auc([a.values["s"] for a in chosen], [a.label for a in chosen])
        assert rows[("s", "article", stratum)].auc == pytest.approx(expected, abs=1e-4)
    # the pooled AUC rewards the lean, not the signal: it is higher than within either lean
    assert rows[("s", "article", ALL)].auc > max(left.auc, right.auc)


def test_outlet_level_uses_each_outlets_mean_and_skips_mixed_outlets():
    arts = [
        LabelledArticle("a1", 1, "A", "x", {"s": 1.0}, {"s": 1.0}),
        LabelledArticle("a2", 1, "A", "x", {"s": 3.0}, {"s": 1.0}),
        LabelledArticle("b1", 0, "B", "x", {"s": 2.5}, {"s": 0.0}),
        LabelledArticle("c1", 0, "C", "y", {"s": 0.0}, {"s": 0.0}),
        LabelledArticle("c2", 1, "C", "y", {"s": 9.0}, {"s": 1.0}),
    ]
    assert mixed_groups(arts) == ["C"]
    assert [(o.article_id, o.values["s"]) for o in outlets(arts)] == [("A", 2.0), ("B", 2.5)]
    rows = measure(arts, [Measure("s")], resamples=50)
    outlet = next(r for r in rows if (r.level, r.stratum) == ("outlet", ALL))
    assert (outlet.auc, outlet.n, outlet.n_positive) == (0.0, 2, 1)


def test_no_intervals_without_resamples():
    rows = measure(confounded(10), [Measure("s")], resamples=0)
    assert all(r.auc_low is None and r.auc_high is None for r in rows)
    assert all(r.auc is not None for r in rows if r.stratum == ALL)


def test_curves_only_for_the_measures_that_ask():
    rows = measure(confounded(30), [Measure("score", curve=True), Measure("s")], resamples=0)
    assert all(r.roc for r in rows if r.signal == "score" and r.stratum != MEAN_WITHIN)
    assert all(r.roc is None for r in rows if r.signal == "s")
