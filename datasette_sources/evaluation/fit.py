"""Proposing weights from labels: a constrained, regularised logistic fit, cross-validated by group.

The score is a weighted mean of normalised signals (0..1, 1 best), so a weight
must be non-negative for the signal to count the way its documented direction
says. The fit is a logistic regression of the label on the normalised values
with weights held at or above zero (projected, accelerated gradient descent:
FISTA), an L2 penalty that pulls weights toward zero unless the data insist,
one intercept per stratum (so a difference between strata, such as political
lean, is not learnt as sourcing), and, with groups, every group weighing the
same in the loss (so one large outlet does not set the weights).

The penalty is chosen by cross-validation *inside* the training data, and the
whole procedure is judged by an outer cross-validation whose folds keep each
group (outlet) whole: the out-of-fold scores are those of weights that never
saw that outlet. Nothing here writes a database or changes weights in force.

>>> rng = np.random.default_rng(0)
>>> X = rng.random((200, 2)); y = (X[:, 0] + 0.1 * rng.random(200) > 0.55).astype(int)
>>> w, _ = fit_logistic(X, y, penalty=0.01)
>>> bool(w[0] > 5 * w[1]), bool((w >= 0).all())
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .auc import weighted_aucs

#: Penalties tried, weakest first; the features are all on 0..1.
PENALTIES = (0.0001, 0.001, 0.01, 0.1, 1.0)
#: Default number of folds (outer and inner).
FOLDS = 5


def fit_logistic(
    X: np.ndarray,
    y: np.ndarray,
    *,
    penalty: float,
    strata: np.ndarray | None = None,
    sample_weight: np.ndarray | None = None,
    iterations: int = 5000,
    tolerance: float = 1e-7,
) -> tuple[np.ndarray, np.ndarray]:
    """Non-negative weights and per-stratum intercepts of a penalised logistic regression."""
    n, p = X.shape
    codes = np.unique(strata, return_inverse=True)[1] if strata is not None else np.zeros(n, int)
    k = int(codes.max()) + 1 if n else 1
    Z = np.hstack([X, np.eye(k)[codes]])
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    s = s / s.sum()
    # A step of 1/L, with L the gradient's Lipschitz constant, never overshoots.
    lipschitz = 0.25 * float(np.linalg.eigvalsh(Z.T @ (Z * s[:, None])).max()) + penalty
    ridge = np.r_[np.full(p, penalty), np.zeros(k)]
    theta = np.zeros(p + k)
    momentum, t = theta.copy(), 1.0
    for _ in range(iterations):
        margin = Z @ momentum
        grad = Z.T @ (s * (_sigmoid(margin) - y)) + ridge * momentum
        new = momentum - grad / lipschitz
        new[:p] = np.maximum(new[:p], 0.0)
        t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
        momentum = new + (t - 1) / t_next * (new - theta)
        done = np.max(np.abs(new - theta)) < tolerance
        theta, t = new, t_next
        if done:
            break
    return theta[:p], theta[p:]


def scores(X: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The 0-100 score these weights give: 100 x the weighted mean of the normalised values.

    >>> scores(np.array([[1.0, 0.0], [0.5, 0.5]]), np.array([3.0, 1.0])).tolist()
    [75.0, 50.0]
    """
    total = weights.sum()
    if total <= 0:
        return np.full(len(X), 50.0)
    return 100.0 * (X @ weights) / total


def folds(
    labels: np.ndarray,
    groups: np.ndarray | None,
    *,
    k: int = FOLDS,
    leave_group_out: bool = False,
    seed: int = 0,
) -> list[np.ndarray]:
    """Test indices of each fold. Groups are never split across folds.

    With groups, each fold holds whole groups (every group its own fold with
    ``leave_group_out``); without, articles are dealt to ``k`` folds label by
    label, so each fold holds both sides.

    >>> groups = np.array(["a", "a", "b", "c"])
    >>> sorted(f.tolist() for f in folds(np.array([1, 0, 1, 0]), groups, k=2))
    [[0, 1], [2, 3]]
    """
    rng = np.random.default_rng(seed)
    n = len(labels)
    if groups is not None:
        names = np.unique(groups)
        if leave_group_out:
            return [np.flatnonzero(groups == g) for g in names]
        order = rng.permutation(len(names))
        fold_of = {names[g]: i % k for i, g in enumerate(order)}
        assignment = np.array([fold_of[g] for g in groups])
    else:
        assignment = np.empty(n, int)
        for label in (0, 1):
            members = rng.permutation(np.flatnonzero(labels == label))
            assignment[members] = np.arange(len(members)) % k
    return [np.flatnonzero(assignment == i) for i in range(k) if (assignment == i).any()]


@dataclass
class CrossValidation:
    """What an outer cross-validation found."""

    #: Each article's score from weights fitted without its fold.
    scores: np.ndarray
    #: The weights fitted in each fold (raw: a score divides by their sum).
    fold_weights: list[np.ndarray] = field(default_factory=list)
    #: The penalty the inner cross-validation chose in each fold.
    penalties: list[float] = field(default_factory=list)


@dataclass
class Proposal:
    """Proposed weights, and how the procedure that made them did out of fold."""

    names: list[str]
    weights: np.ndarray
    penalty: float
    cross_validation: CrossValidation

    def as_dict(self, total: float = 10.0) -> dict[str, float]:
        """The weights scaled to add up to ``total``, rounded to two decimals."""
        scale = total / self.weights.sum() if self.weights.sum() > 0 else 0.0
        return {
            n: round(float(w) * scale, 2) for n, w in zip(self.names, self.weights, strict=True)
        }


def propose(
    X: np.ndarray,
    y: np.ndarray,
    names: Sequence[str],
    *,
    groups: np.ndarray | None = None,
    strata: np.ndarray | None = None,
    k: int = FOLDS,
    leave_group_out: bool = False,
    penalties: Sequence[float] = PENALTIES,
    seed: int = 0,
) -> Proposal:
    """Weights fitted on all the data with a penalty chosen by grouped cross-validation,
    and the out-of-fold scores of the same procedure (nested: each outer fold chooses its
    own penalty on its training part only)."""
    outer = folds(y, groups, k=k, leave_group_out=leave_group_out, seed=seed)
    oof = np.full(len(y), np.nan)
    cv = CrossValidation(scores=oof)
    for i, test in enumerate(outer):
        train = np.setdiff1d(np.arange(len(y)), test)
        train_groups = None if groups is None else groups[train]
        train_strata = None if strata is None else strata[train]
        penalty = choose_penalty(
            X[train], y[train], train_groups, train_strata, k=k, penalties=penalties, seed=seed + i
        )
        w, _ = fit_logistic(
            X[train],
            y[train],
            penalty=penalty,
            strata=train_strata,
            sample_weight=group_balance(train_groups),
        )
        oof[test] = scores(X[test], w)
        cv.fold_weights.append(w)
        cv.penalties.append(penalty)
    penalty = choose_penalty(X, y, groups, strata, k=k, penalties=penalties, seed=seed)
    w, _ = fit_logistic(X, y, penalty=penalty, strata=strata, sample_weight=group_balance(groups))
    return Proposal(names=list(names), weights=w, penalty=penalty, cross_validation=cv)


def choose_penalty(
    X: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray | None,
    strata: np.ndarray | None,
    *,
    k: int = FOLDS,
    penalties: Sequence[float] = PENALTIES,
    seed: int = 0,
) -> float:
    """The penalty whose out-of-fold scores rank best (mean AUC within strata); ties: stronger."""
    best, best_auc = penalties[-1], -1.0
    inner = folds(y, groups, k=k, seed=seed)
    for penalty in sorted(penalties, reverse=True):
        oof = np.full(len(y), np.nan)
        for test in inner:
            train = np.setdiff1d(np.arange(len(y)), test)
            w, _ = fit_logistic(
                X[train],
                y[train],
                penalty=penalty,
                strata=None if strata is None else strata[train],
                sample_weight=group_balance(None if groups is None else groups[train]),
            )
            oof[test] = scores(X[test], w)
        auc = within_strata_auc(oof, y, strata)
        if auc is not None and auc > best_auc + 1e-4:
            best, best_auc = penalty, auc
    return best


def within_strata_auc(values: np.ndarray, y: np.ndarray, strata: np.ndarray | None) -> float | None:
    """The AUC (mean of the strata's AUCs with both sides present, if there are strata).

    >>> within_strata_auc(np.array([1.0, 2, 1, 2]), np.array([0, 1, 1, 0]), np.array(list("aabb")))
    0.5
    """
    parts = [np.ones(len(y), bool)] if strata is None else [strata == s for s in np.unique(strata)]
    aucs = []
    for part in parts:
        auc = weighted_aucs(values[part], y[part], np.ones((1, int(part.sum()))))[0]
        if not np.isnan(auc):
            aucs.append(float(auc))
    return sum(aucs) / len(aucs) if aucs else None


def group_balance(groups: np.ndarray | None) -> np.ndarray | None:
    """Sample weights under which every group weighs the same (None without groups).

    >>> group_balance(np.array(["a", "a", "b"])).tolist()
    [0.75, 0.75, 1.5]
    """
    if groups is None:
        return None
    _, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    w = 1.0 / counts[inverse]
    return w * len(w) / w.sum()


def weights_document(weights: dict[str, float], notes: Sequence[str]) -> str:
    """A weights file ``rescore --weights`` reads: ``notes`` as comments, then ``weights:``.

    >>> print(weights_document({"hedging": 1.5, "sic_count": 0.0}, ["fitted"]), end="")
    # fitted
    weights:
      hedging: 1.5
      sic_count: 0.0
    """
    lines = [f"# {note}" for note in notes] + ["weights:"]
    lines += [f"  {name}: {weight}" for name, weight in weights.items()]
    return "\n".join(lines) + "\n"


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))
