"""ROC AUC with ties counted half, ROC curves, and bootstrap intervals.

The AUC is the probability that a randomly chosen article of the reliable
side (label 1) scores higher than a randomly chosen article of the other side
(label 0), a tie counting one half: the Mann-Whitney statistic divided by the
number of pairs. It says how well a number *ranks* articles, whatever its scale.

Every function here takes per-article multiplicities (``counts``), so that a
bootstrap resample, in which an article may be drawn twice or not at all, is
a row of counts rather than a copy of the data; many resamples are scored at
once as a matrix of counts (numpy).

>>> roc_auc([0.9, 0.8, 0.8, 0.1], [1, 1, 0, 0])
0.875
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Resamples scored in one matrix: bounds memory to about this many cells x 8 bytes.
CELLS_PER_CHUNK = 4_000_000


def roc_auc(scores: Sequence[float], labels: Sequence[int]) -> float | None:
    """The AUC of ``scores`` for ``labels`` (1 = the reliable side), ties half.

    None when one side is missing. NaN scores are left out.

    >>> roc_auc([1, 2, 3], [0, 1, 1]), roc_auc([5, 5], [0, 1]), roc_auc([1, 2], [1, 1])
    (1.0, 0.5, None)
    """
    values, y = _clean(scores, labels)
    auc = weighted_aucs(values, y, np.ones((1, len(values))))[0]
    return None if np.isnan(auc) else float(auc)


def weighted_aucs(values: np.ndarray, labels: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """One AUC per row of ``counts`` (resamples x articles): each article counted that often.

    Articles are sorted once; each run of equal values is one level, and a
    positive at a level beats every negative below it and ties (one half)
    with the negatives at its own level. NaN where a row has no positive or
    no negative.

    >>> weighted_aucs(np.array([1.0, 2, 3]), np.array([0, 1, 0]), np.array([[1, 1, 1], [0, 1, 1]]))
    array([0.5, 0. ])
    """
    if len(values) == 0:
        return np.full(counts.shape[0], np.nan)
    order = np.argsort(values, kind="stable")
    v, y = values[order], labels[order].astype(float)
    w = counts[:, order].astype(float)
    starts = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
    pos = np.add.reduceat(w * y, starts, axis=1)
    neg = np.add.reduceat(w * (1.0 - y), starts, axis=1)
    below = np.cumsum(neg, axis=1) - neg
    wins = (pos * (below + 0.5 * neg)).sum(axis=1)
    pairs = pos.sum(axis=1) * neg.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pairs > 0, wins / pairs, np.nan)


def roc_points(
    scores: Sequence[float], labels: Sequence[int], most: int = 101
) -> list[tuple[float, float]]:
    """The ROC curve as (false positive rate, true positive rate), from (0, 0) to (1, 1).

    One point per distinct score, highest first (a tie is one diagonal step,
    which is what counting ties half means); thinned to about ``most`` points.
    Empty when one side is missing.

    >>> roc_points([0.9, 0.8, 0.8, 0.1], [1, 1, 0, 0])
    [(0.0, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 1.0)]
    """
    values, y = _clean(scores, labels)
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    if not n_pos or not n_neg:
        return []
    order = np.argsort(-values, kind="stable")
    v, ys = values[order], y[order]
    ends = np.r_[np.flatnonzero(v[1:] != v[:-1]), len(v) - 1]
    tps = np.cumsum(ys)[ends]
    fps = (ends + 1) - tps
    points = [(0.0, 0.0)] + [
        (round(float(f) / n_neg, 4), round(float(t) / n_pos, 4))
        for f, t in zip(fps, tps, strict=True)
    ]
    if len(points) > most:
        keep = np.unique(np.linspace(0, len(points) - 1, most).round().astype(int))
        points = [points[i] for i in keep]
    return points


@dataclass
class Resampler:
    """Bootstrap resamples of a set of labelled articles, as rows of counts.

    With ``groups`` (an outlet per article, say) whole groups are drawn with
    replacement, so that articles of one outlet, which resemble each other,
    are not taken for independent evidence; otherwise articles are drawn.
    Draws are stratified by label (each side resampled within itself, as pROC
    does by default), so every resample has both sides; when some group carries
    both labels its groups are drawn from all groups instead.
    The same resamples score every signal (common random numbers), so two
    signals' intervals are comparable.
    """

    labels: np.ndarray
    groups: np.ndarray | None
    resamples: int
    seed: int

    def chunks(self):
        """Matrices of counts (some resamples x articles), ``resamples`` rows in all."""
        rng = np.random.default_rng(self.seed)
        n = len(self.labels)
        units = np.arange(n) if self.groups is None else self.groups
        codes, unit_of = np.unique(units, return_inverse=True)
        unit_label = np.full(len(codes), -1)
        for label in (0, 1):
            unit_label[unit_of[self.labels == label]] = label
        mixed = np.zeros(len(codes), bool)
        mixed[unit_of[self.labels != unit_label[unit_of]]] = True
        sides = [np.arange(len(codes))]
        if not mixed.any():
            sides = [np.flatnonzero(unit_label == label) for label in (0, 1)]
        step = max(1, CELLS_PER_CHUNK // max(1, n))
        done = 0
        while done < self.resamples:
            rows = min(step, self.resamples - done)
            per_unit = np.zeros((rows, len(codes)))
            for side in sides:
                if not len(side):
                    continue
                drawn = side[rng.integers(0, len(side), size=(rows, len(side)))]
                flat = (drawn + len(codes) * np.arange(rows)[:, None]).ravel()
                per_unit += np.bincount(flat, minlength=rows * len(codes)).reshape(rows, -1)
            yield per_unit[:, unit_of]
            done += rows


def bootstrap_aucs(
    columns: dict[str, np.ndarray],
    labels: np.ndarray,
    groups: np.ndarray | None = None,
    resamples: int = 1000,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """For each column of values, its AUC in each of ``resamples`` bootstrap resamples.

    NaN values are left out of their column only; a resample that misses one
    side (possible only when a group carries both labels) gives NaN.

    >>> out = bootstrap_aucs({"s": np.array([0.1, 0.4, 0.35, 0.8])}, np.array([0, 0, 1, 1]),
    ...                      resamples=200, seed=1)
    >>> out["s"].shape, bool(np.nanmin(out["s"]) >= 0)
    ((200,), True)
    """
    out: dict[str, list[np.ndarray]] = {name: [] for name in columns}
    for counts in Resampler(labels, groups, resamples, seed).chunks():
        for name, values in columns.items():
            keep = ~np.isnan(values)
            out[name].append(weighted_aucs(values[keep], labels[keep], counts[:, keep]))
    return {name: np.concatenate(parts) for name, parts in out.items()}


def interval(aucs: np.ndarray, level: float = 0.95) -> tuple[float | None, float | None]:
    """The percentile interval of bootstrap AUCs; (None, None) if most resamples failed.

    >>> interval(np.array([0.5, 0.6, 0.7, np.nan]))
    (0.505, 0.695)
    """
    ok = aucs[~np.isnan(aucs)]
    if len(ok) < max(2, len(aucs) // 2):
        return None, None
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(ok, [tail, 100 - tail])
    return round(float(low), 4), round(float(high), 4)


def _clean(scores: Sequence[float], labels: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    values = np.array([np.nan if s is None else s for s in scores], dtype=float)
    y = np.asarray(labels, dtype=float)
    if values.shape != y.shape:
        raise ValueError(f"{len(values)} scores but {len(y)} labels")
    keep = ~np.isnan(values)
    return values[keep], y[keep]
