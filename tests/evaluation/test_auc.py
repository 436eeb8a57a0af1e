"""ROC AUC against a reference (every pair compared, ties half), curves, bootstrap."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from datasette_sources.evaluation.auc import (
    Resampler,
    bootstrap_aucs,
    interval,
    roc_auc,
    roc_points,
    weighted_aucs,
)


def reference_auc(scores, labels, counts=None):
    """The definition: over every (reliable, other) pair, 1 if the reliable one scores
    higher, 1/2 if they tie; divided by the number of pairs. Each article counts
    ``counts[i]`` times."""
    counts = counts or [1] * len(scores)
    wins = pairs = 0.0
    for i, j in itertools.product(range(len(scores)), repeat=2):
        if labels[i] == 1 and labels[j] == 0:
            weight = counts[i] * counts[j]
            pairs += weight
            if scores[i] > scores[j]:
                wins += weight
            elif scores[i] == scores[j]:
                wins += 0.5 * weight
    return wins / pairs if pairs else None


@pytest.mark.parametrize("seed", range(25))
def test_auc_matches_the_reference_on_random_data(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 60)
    # Few distinct values on purpose, so that many pairs tie.
    levels = rng.choice([2, 3, 5, 1000])
    scores = [rng.randrange(levels) / 7 for _ in range(n)]
    labels = [rng.random() < rng.uniform(0.1, 0.9) for _ in range(n)]
    labels = [int(x) for x in labels]
    expected = reference_auc(scores, labels)
    got = roc_auc(scores, labels)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_weighted_auc_is_the_auc_of_the_repeated_articles(seed):
    rng = np.random.default_rng(seed)
    n = 30
    scores = rng.integers(0, 6, n).astype(float)
    labels = rng.integers(0, 2, n)
    counts = rng.integers(0, 4, size=(3, n))
    got = weighted_aucs(scores, labels, counts)
    for row, value in zip(counts, got, strict=True):
        expected = reference_auc(scores.tolist(), labels.tolist(), row.tolist())
        if expected is None:
            assert np.isnan(value)
        else:
            assert value == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("scores", "labels", "expected"),
    [
        ([1, 2, 3, 4], [0, 0, 1, 1], 1.0),
        ([1, 2, 3, 4], [1, 1, 0, 0], 0.0),
        ([7, 7, 7, 7], [0, 1, 0, 1], 0.5),
        ([1, None, 3], [0, 1, 1], 1.0),  # a missing value is left out
        ([1, 2], [1, 1], None),  # one side only
        ([], [], None),
    ],
)
def test_auc_table(scores, labels, expected):
    assert roc_auc(scores, labels) == expected


def test_scores_and_labels_must_pair_up():
    with pytest.raises(ValueError, match="3 scores but 2 labels"):
        roc_auc([1, 2, 3], [0, 1])


@pytest.mark.parametrize("seed", range(5))
def test_area_under_the_drawn_curve_is_the_auc(seed):
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 8, 80).tolist()
    labels = rng.integers(0, 2, 80).tolist()
    points = roc_points(scores, labels, most=10_000)
    area = sum((x2 - x1) * (y1 + y2) / 2 for (x1, y1), (x2, y2) in itertools.pairwise(points))
    assert points[0] == (0.0, 0.0) and points[-1] == (1.0, 1.0)
    assert area == pytest.approx(roc_auc(scores, labels), abs=1e-3)


def test_long_curves_are_thinned_to_about_most_points():
    rng = np.random.default_rng(0)
    points = roc_points(rng.random(5000).tolist(), rng.integers(0, 2, 5000).tolist(), most=50)
    assert len(points) <= 50 and points[0] == (0.0, 0.0) and points[-1] == (1.0, 1.0)


def test_group_resampling_draws_whole_groups_within_each_side():
    groups = np.array(["a", "a", "a", "b", "c", "c", "d"])
    labels = np.array([1, 1, 1, 1, 0, 0, 0])
    (counts,) = list(Resampler(labels, groups, 40, seed=3).chunks())
    assert counts.shape == (40, 7)
    assert (counts[:, 0] == counts[:, 1]).all() and (counts[:, 4] == counts[:, 5]).all()
    # two groups of each side drawn per resample, so both sides are always there
    assert (counts[:, [0, 3]].sum(axis=1) == 2).all()
    assert (counts[:, [4, 6]].sum(axis=1) == 2).all()


def test_groups_with_both_labels_are_drawn_from_all_groups():
    groups = np.array(["a", "a", "b", "c"])
    labels = np.array([1, 0, 1, 0])
    chunks = list(Resampler(labels, groups, 500, seed=0).chunks())
    per_group = chunks[0][:, [0, 2, 3]]
    assert (per_group.sum(axis=1) == 3).all()
    assert (per_group[:, 1:].sum(axis=1) == 0).any() or (per_group[:, 0] == 3).any()


def test_article_resampling_keeps_each_sides_size_in_chunks():
    labels = np.array([0] * 300 + [1] * 700)
    chunks = list(Resampler(labels, None, 9000, seed=1).chunks())
    assert len(chunks) > 1
    assert sum(len(c) for c in chunks) == 9000
    assert all((c[:, :300].sum(axis=1) == 300).all() for c in chunks)
    assert all((c[:, 300:].sum(axis=1) == 700).all() for c in chunks)


def test_bootstrap_interval_surrounds_the_auc_and_narrows_with_data():
    rng = np.random.default_rng(7)

    def width(n):
        labels = rng.integers(0, 2, n)
        scores = labels * 0.5 + rng.normal(size=n)
        aucs = bootstrap_aucs({"s": scores}, labels, resamples=400, seed=2)["s"]
        low, high = interval(aucs)
        assert low < roc_auc(scores.tolist(), labels.tolist()) < high
        return high - low

    assert width(2000) < width(100) / 2


def test_bootstrap_is_reproducible_and_leaves_nan_out():
    labels = np.array([0, 1, 0, 1, 1, 0])
    values = np.array([0.1, 0.9, np.nan, 0.7, 0.8, 0.3])
    a = bootstrap_aucs({"s": values}, labels, resamples=100, seed=5)["s"]
    b = bootstrap_aucs({"s": values}, labels, resamples=100, seed=5)["s"]
    assert np.array_equal(a, b, equal_nan=True)
    assert np.nanmax(a) == 1.0


def test_no_interval_when_most_resamples_fail():
    assert interval(np.array([np.nan, np.nan, 0.5])) == (None, None)
