"""One evaluation run: the score and every signal against one labels file, and optionally a fit.

:func:`evaluate` takes labelled articles (matched to the database by
:mod:`datasette_sources.store.evaluations`) and returns a :class:`Run`, whose
:meth:`Run.table_rows` are the rows of the ``evaluations`` table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import numpy as np

from ..signals import Signal
from . import fit as fitting
from .protocol import ALL, SCORE, AucRow, LabelledArticle, Measure, measure, mixed_groups

#: The measure holding each article's out-of-fold score when weights are fitted.
CROSS_VALIDATED = "cross_validated_score"
#: Length in words, measured beside the rest: length alone often separates labelled sets,
#: and a signal that merely counts (speakers, quotes) gains from it.
LENGTH = "word_count"


@dataclass
class Run:
    """What one ``evaluate`` found, with what it was measured on."""

    run_id: str
    run_at: str
    labels_file: str
    labels_sha256: str
    labels_key: str
    matched: int
    unmatched: int
    resamples: int
    seed: int
    rows: list[AucRow]
    #: Groups left out of the outlet level because their articles carry both labels.
    mixed_groups: list[str] = field(default_factory=list)
    #: Proposed weights by signal (``--fit``), scaled to the total of the weights in force.
    proposed: dict[str, float] | None = None
    #: How the fit was cross-validated, in words.
    fit_method: str | None = None

    def row(self, signal: str = SCORE, level: str = "article", stratum: str = ALL) -> AucRow | None:
        """The row of one measure at one level in one stratum, if there is one."""
        for r in self.rows:
            if (r.signal, r.level, r.stratum) == (signal, level, stratum):
                return r
        return None

    def table_rows(self) -> list[dict[str, Any]]:
        """The rows of the ``evaluations`` table: one per measure x level x stratum."""
        run = {
            "run_id": self.run_id,
            "run_at": self.run_at,
            "labels_file": self.labels_file,
            "labels_sha256": self.labels_sha256,
            "labels_key": self.labels_key,
            "labels_matched": self.matched,
            "labels_unmatched": self.unmatched,
            "resamples": self.resamples,
            "seed": self.seed,
            "fit_method": self.fit_method,
        }
        out = []
        for r in self.rows:
            row = dict(run, **r.as_row())
            row["proposed_weight"] = (self.proposed or {}).get(r.signal)
            out.append(row)
        return out


def evaluate(
    articles: Sequence[LabelledArticle],
    signals: Sequence[Signal],
    weights: Mapping[str, float],
    *,
    labels_file: str = "",
    labels_sha256: str = "",
    labels_key: str = "",
    unmatched: int = 0,
    resamples: int = 1000,
    seed: int = 0,
    fit: bool = False,
    folds: int = fitting.FOLDS,
    leave_group_out: bool = False,
) -> Run:
    """The score's and every signal's AUC; with ``fit``, proposed weights and their
    cross-validated score, measured like the rest (as :data:`CROSS_VALIDATED`).

    >>> from datasette_sources.plugins import all_signals
    >>> sic = [s for s in all_signals() if s.name == "sic_count"]
    >>> arts = [LabelledArticle(str(i), i % 2, values={"score": 40 + 10 * (i % 2) + i,
    ...         "sic_count": 1 - i % 2}, scored={"sic_count": 0.5 + 0.5 * (i % 2)})
    ...         for i in range(6)]
    >>> run = evaluate(arts, sic, {"sic_count": 1.0}, resamples=0)
    >>> [(r.signal, r.auc, r.weight) for r in run.rows]
    [('score', 1.0, None), ('sic_count', 1.0, 1.0)]
    """
    labels = {a.label for a in articles}
    if labels != {0, 1}:
        side = "1 (the reliable side)" if labels == {1} else "0"
        raise ValueError(
            f"every matched article is labelled {side}: an AUC needs articles of both sides"
        )
    measures = [Measure(SCORE, curve=True)] + [
        Measure(s.name, s.direction, weights.get(s.name, s.weight)) for s in signals
    ]
    if any(a.values.get(LENGTH) is not None for a in articles):
        measures.append(Measure(LENGTH))
    proposed, method = None, None
    if fit:
        articles, proposed, method = _fit(articles, signals, weights, folds, leave_group_out, seed)
        measures.insert(1, Measure(CROSS_VALIDATED, curve=True))
    run_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    digest = hashlib.sha256(f"{run_at}{labels_sha256}{weights}{seed}".encode()).hexdigest()
    return Run(
        run_id=f"{run_at}-{digest[:6]}",
        run_at=run_at,
        labels_file=labels_file,
        labels_sha256=labels_sha256,
        labels_key=labels_key,
        matched=len(articles),
        unmatched=unmatched,
        resamples=resamples,
        seed=seed,
        rows=measure(articles, measures, resamples=resamples, seed=seed),
        mixed_groups=mixed_groups(articles),
        proposed=proposed,
        fit_method=method,
    )


def _fit(
    articles: Sequence[LabelledArticle],
    signals: Sequence[Signal],
    weights: Mapping[str, float],
    folds: int,
    leave_group_out: bool,
    seed: int,
) -> tuple[list[LabelledArticle], dict[str, float], str]:
    names = [s.name for s in signals]
    X = np.array([[_or_neutral(a.scored.get(n)) for n in names] for a in articles])
    y = np.array([a.label for a in articles])
    has_groups = any(a.group for a in articles)
    groups = np.array([a.group or f"\x00{a.article_id}" for a in articles]) if has_groups else None
    strata = (
        np.array([a.stratum or "" for a in articles]) if any(a.stratum for a in articles) else None
    )
    if leave_group_out and groups is None:
        raise ValueError("--leave-group-out needs a 'group' column in the labels file")
    proposal = fitting.propose(
        X, y, names, groups=groups, strata=strata, k=folds,
        leave_group_out=leave_group_out, seed=seed,
    )  # fmt: skip
    total = sum(w for w in weights.values() if w > 0) or 10.0
    cv = proposal.cross_validation.scores
    out = []
    for a, value in zip(articles, cv, strict=True):
        extra = {CROSS_VALIDATED: float(value)}
        out.append(
            LabelledArticle(
                a.article_id,
                a.label,
                a.group,
                a.stratum,
                values={**a.values, **extra},
                scored={**a.scored, CROSS_VALIDATED: float(value) / 100},
                key=a.key,
            )
        )
    unit = "group" if groups is not None else "article"
    how = (
        f"leave-one-{unit}-out"
        if leave_group_out
        else f"{len(proposal.cross_validation.fold_weights)}-fold by {unit}"
    )
    method = (
        f"non-negative L2-penalised logistic fit on normalised signals"
        f"{', one intercept per stratum' if strata is not None else ''}"
        f"{', groups weighted equally' if groups is not None else ''}; "
        f"penalty {proposal.penalty:g} chosen by inner cross-validation; "
        f"{CROSS_VALIDATED} is out of fold ({how})"
    )
    return out, proposal.as_dict(total), method


def _or_neutral(value: float | None) -> float:
    return 0.5 if value is None else float(value)
