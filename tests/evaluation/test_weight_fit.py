"""Proposed weights: non-negative, regularised, cross-validated with whole groups per fold."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from datasette_sources.evaluation.fit import (
    fit_logistic,
    folds,
    group_balance,
    propose,
    scores,
    weights_document,
)
from datasette_sources.plugins import all_signals
from datasette_sources.scoring import weights_from_settings


def synthetic(n=600, seed=0):
    """Three normalised signals: one informative, one pointing the wrong way, one noise."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    good = np.clip(0.5 + 0.25 * (y - 0.5) + 0.15 * rng.normal(size=n), 0, 1)
    wrong = np.clip(0.5 - 0.25 * (y - 0.5) + 0.15 * rng.normal(size=n), 0, 1)
    noise = rng.random(n)
    return np.column_stack([good, wrong, noise]), y


def test_weights_stay_non_negative_and_follow_the_evidence():
    X, y = synthetic()
    w, _ = fit_logistic(X, y, penalty=0.001)
    assert (w >= 0).all()
    assert w[0] > 1.0
    assert w[1] == 0.0  # the wrong way round: held at zero, not made negative
    assert w[2] < w[0] / 5


def test_a_stronger_penalty_gives_smaller_weights():
    X, y = synthetic()
    weak, _ = fit_logistic(X, y, penalty=0.0001)
    strong, _ = fit_logistic(X, y, penalty=1.0)
    assert strong.sum() < weak.sum() / 3


def test_one_intercept_per_stratum_does_not_learn_the_strata():
    # In stratum "a" everything is label 1 and the signal is high; in "b" label 0 and low:
    # the signal separates the strata but says nothing within them.
    rng = np.random.default_rng(1)
    n = 400
    strata = np.array(["a"] * (n // 2) + ["b"] * (n // 2))
    y = (strata == "a").astype(int)
    y[rng.choice(n, 60, replace=False)] ^= 1
    x = np.where(strata == "a", 0.8, 0.2) + 0.01 * rng.normal(size=n)
    pooled, _ = fit_logistic(x[:, None], y, penalty=0.001)
    within, intercepts = fit_logistic(x[:, None], y, penalty=0.001, strata=strata)
    assert pooled[0] > 1.0
    assert within[0] < pooled[0] / 5
    assert intercepts[0] > intercepts[1]


def test_folds_keep_groups_whole_and_cover_every_article():
    rng = np.random.default_rng(2)
    groups = rng.choice(list("abcdefghij"), 200)
    labels = rng.integers(0, 2, 200)
    found = folds(labels, groups, k=4, seed=3)
    assert sorted(np.concatenate(found).tolist()) == list(range(200))
    for f in found:
        for other in found:
            if other is not f:
                assert not set(groups[f]) & set(groups[other])
    logo = folds(labels, groups, leave_group_out=True)
    assert len(logo) == len(set(groups))
    assert all(len(set(groups[f])) == 1 for f in logo)


def test_folds_without_groups_hold_both_labels():
    labels = np.array([0] * 10 + [1] * 10)
    for f in folds(labels, None, k=5, seed=0):
        assert set(labels[f]) == {0, 1}


def test_group_balance_gives_every_group_the_same_weight():
    groups = np.array(["big"] * 8 + ["small"] * 2)
    w = group_balance(groups)
    assert w[groups == "big"].sum() == pytest.approx(w[groups == "small"].sum())
    assert w.sum() == pytest.approx(len(w))


def test_propose_reports_out_of_fold_scores_that_rank_well():
    X, y = synthetic(n=500, seed=4)
    groups = np.array([f"g{i % 25}" for i in range(500)])
    proposal = propose(X, y, ["good", "wrong", "noise"], groups=groups, k=5, seed=0)
    cv = proposal.cross_validation
    assert not np.isnan(cv.scores).any()
    assert len(cv.fold_weights) == 5 and all((w >= 0).all() for w in cv.fold_weights)
    weights = proposal.as_dict(total=10)
    assert sum(weights.values()) == pytest.approx(10, abs=0.05)
    assert weights["good"] > 5 and weights["wrong"] == 0
    from datasette_sources.evaluation.auc import roc_auc

    assert roc_auc(cv.scores.tolist(), y.tolist()) > 0.75


def test_scores_are_a_weighted_mean_on_0_to_100():
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert scores(X, np.array([1.0, 1.0])).tolist() == [50.0, 50.0]
    assert scores(X, np.array([0.0, 0.0])).tolist() == [50.0, 50.0]


def test_the_weights_document_is_what_rescore_reads():
    names = [s.name for s in all_signals()]
    weights = {n: float(i % 3) for i, n in enumerate(names)}
    text = weights_document(weights, ["fitted on labels.csv", "5-fold by group"])
    assert text.startswith("# fitted on labels.csv\n# 5-fold by group\nweights:\n")
    assert weights_from_settings(yaml.safe_load(text), names) == weights
