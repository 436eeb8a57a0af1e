"""The evaluation protocol: AUC of the score and of every signal, overall, within strata, by outlet.

One :class:`AucRow` per measure x level x stratum, which is one row of the
``evaluations`` table:

- ``level`` ``article``: each labelled article counts once; with groups, the
  bootstrap draws whole groups (outlets), since one outlet's articles are alike;
- ``level`` ``outlet`` (when the labels give groups): each group's mean value
  against the group's label, so that an outlet with many articles weighs no
  more than one with few;
- ``stratum`` ``all``, then each stratum (a political lean, say) alone, then
  ``mean within strata``: the mean of the strata's AUCs, which compares only
  articles of the same stratum with each other, so a difference between strata
  (lean, here, is confounded with the outlet labels) cannot make a measure look good.

Each measure is read two ways: ``auc`` is its stored value turned the way its
direction says is better (a signal with direction -1 is negated), ``scored_auc``
its normalised value as the score uses it (0..1, 1 best; capped, and for some
signals divided by the article's length), which is what a weight acts on.

>>> arts = [LabelledArticle(str(i), int(i > 1), values={"score": i}, scored={"score": i})
...         for i in range(4)]
>>> rows = measure(arts, [Measure("score", curve=True)], resamples=50)
>>> [(r.level, r.stratum, r.auc, r.n_positive, r.n_negative) for r in rows]
[('article', 'all', 1.0, 2, 2)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .auc import bootstrap_aucs, interval, roc_points, weighted_aucs

#: The name of the whole score among the measures.
SCORE = "score"
#: The stratum of rows over every article.
ALL = "all"
#: The stratum of rows that average the AUCs of the single strata.
MEAN_WITHIN = "mean within strata"


@dataclass
class LabelledArticle:
    """One labelled article: its label, group, stratum, and every measure's value."""

    article_id: str
    label: int
    group: str | None = None
    stratum: str | None = None
    #: Stored values by measure name (None when not measured).
    values: dict[str, float | None] = field(default_factory=dict)
    #: Normalised values (0..1, 1 best) as the score uses them.
    scored: dict[str, float | None] = field(default_factory=dict)
    #: The labels file's key that named it.
    key: str | None = None


@dataclass
class Measure:
    """A column to evaluate: the score, a signal, a fitted score."""

    name: str
    #: +1 when more is better sourcing, -1 when less is.
    direction: int = 1
    #: Its weight in the score in force (None for a score).
    weight: float | None = None
    #: Keep its ROC curve (for the scores, which the evaluation page draws).
    curve: bool = False


@dataclass
class AucRow:
    """One measure at one level in one stratum: one row of ``evaluations``."""

    signal: str
    direction: int
    weight: float | None
    level: str
    stratum: str
    auc: float | None
    auc_low: float | None
    auc_high: float | None
    scored_auc: float | None
    scored_auc_low: float | None
    scored_auc_high: float | None
    n: int
    n_positive: int
    n_negative: int
    n_groups: int | None
    share_varying: float | None
    roc: list[tuple[float, float]] | None = None

    def as_row(self) -> dict[str, Any]:
        return dict(self.__dict__)


def measure(
    articles: Sequence[LabelledArticle],
    measures: Sequence[Measure],
    *,
    resamples: int = 1000,
    seed: int = 0,
) -> list[AucRow]:
    """Every measure's AUC with a bootstrap interval, at each level and in each stratum."""
    rows = _level(articles, measures, "article", resamples, seed)
    if any(a.group for a in articles):
        rows += _level(outlets(articles), measures, "outlet", resamples, seed + 1000)
    return rows


def outlets(articles: Sequence[LabelledArticle]) -> list[LabelledArticle]:
    """One pseudo-article per group: its articles' mean values, the group's label.

    A group whose articles carry different labels is left out (an outlet-level
    AUC needs one label per outlet); so are articles without a group. The
    group's stratum is kept when all its articles share it.

    >>> arts = [LabelledArticle("a", 1, "x", "left", {"s": 1.0}, {"s": 0.5}),
    ...         LabelledArticle("b", 1, "x", "left", {"s": 3.0}, {"s": None}),
    ...         LabelledArticle("c", 0, "y", "left", {"s": 0.0}, {"s": 0.0}),
    ...         LabelledArticle("d", 1, "y", "left", {"s": 0.0}, {"s": 0.0})]
    >>> [(o.article_id, o.label, o.stratum, o.values, o.scored) for o in outlets(arts)]
    [('x', 1, 'left', {'s': 2.0}, {'s': 0.5})]
    """
    by_group: dict[str, list[LabelledArticle]] = {}
    for a in articles:
        if a.group:
            by_group.setdefault(a.group, []).append(a)
    out = []
    for group, members in sorted(by_group.items()):
        if len({a.label for a in members}) > 1:
            continue
        strata = {a.stratum for a in members}
        out.append(
            LabelledArticle(
                article_id=group,
                label=members[0].label,
                group=None,
                stratum=strata.pop() if len(strata) == 1 else None,
                values=_means(m.values for m in members),
                scored=_means(m.scored for m in members),
            )
        )
    return out


def mixed_groups(articles: Sequence[LabelledArticle]) -> list[str]:
    """Groups whose articles carry both labels (left out at the outlet level)."""
    labels: dict[str, set[int]] = {}
    for a in articles:
        if a.group:
            labels.setdefault(a.group, set()).add(a.label)
    return sorted(g for g, seen in labels.items() if len(seen) > 1)


def _means(dicts) -> dict[str, float | None]:
    sums: dict[str, list[float]] = {}
    for d in dicts:
        for k, v in d.items():
            sums.setdefault(k, [])
            if v is not None:
                sums[k].append(float(v))
    return {k: (sum(v) / len(v) if v else None) for k, v in sums.items()}


def _level(
    articles: Sequence[LabelledArticle],
    measures: Sequence[Measure],
    level: str,
    resamples: int,
    seed: int,
) -> list[AucRow]:
    rows: list[AucRow] = []
    strata = sorted({a.stratum for a in articles if a.stratum})
    selections = [(ALL, list(articles))] + [
        (s, [a for a in articles if a.stratum == s]) for s in strata
    ]
    draws: dict[str, dict[str, np.ndarray]] = {}
    for number, (stratum, chosen) in enumerate(selections):
        if not chosen:
            continue
        found, draws[stratum] = _selection(
            chosen, measures, level, stratum, resamples, seed + number
        )
        rows += found
    if strata:
        rows += _mean_within(rows, draws, strata, measures, level)
    return rows


def _selection(
    chosen: list[LabelledArticle],
    measures: Sequence[Measure],
    level: str,
    stratum: str,
    resamples: int,
    seed: int,
) -> tuple[list[AucRow], dict[str, np.ndarray]]:
    """The rows of one stratum, and its bootstrap AUCs by column (for the mean within strata)."""
    y = np.array([a.label for a in chosen])
    groups = None
    if level == "article" and any(a.group for a in chosen):
        groups = np.array([a.group or f"\x00{a.article_id}" for a in chosen])
    columns: dict[str, np.ndarray] = {}
    for m in measures:
        columns[m.name] = m.direction * _column(chosen, m.name, "values")
        columns["\x00" + m.name] = _column(chosen, m.name, "scored")
    boot = bootstrap_aucs(columns, y, groups, resamples, seed) if resamples else {}
    rows = []
    for m in measures:
        raw, scored = columns[m.name], columns["\x00" + m.name]
        keep = ~np.isnan(raw)
        low, high = interval(boot[m.name]) if resamples else (None, None)
        slow, shigh = interval(boot["\x00" + m.name]) if resamples else (None, None)
        rows.append(
            AucRow(
                signal=m.name,
                direction=m.direction,
                weight=m.weight,
                level=level,
                stratum=stratum,
                auc=_point(raw, y),
                auc_low=low,
                auc_high=high,
                scored_auc=_point(scored, y),
                scored_auc_low=slow,
                scored_auc_high=shigh,
                n=int(keep.sum()),
                n_positive=int(y[keep].sum()),
                n_negative=int(keep.sum() - y[keep].sum()),
                n_groups=len(set(groups[keep])) if groups is not None else None,
                share_varying=share_varying(raw[keep]),
                roc=roc_points(raw, y) if m.curve else None,
            )
        )
    return rows, boot


def _mean_within(
    rows: list[AucRow],
    draws: dict[str, dict[str, np.ndarray]],
    strata: list[str],
    measures: Sequence[Measure],
    level: str,
) -> list[AucRow]:
    """One row per measure: the mean of its AUCs in the strata that have both sides.

    Its interval comes from the strata's own resamples, averaged resample by
    resample (each stratum is resampled on its own).
    """
    out = []
    for m in measures:
        by_stratum = {r.stratum: r for r in rows if r.signal == m.name and r.stratum in strata}
        used = [by_stratum[s] for s in strata if s in by_stratum and by_stratum[s].auc is not None]
        if not used:
            continue
        spans = {}
        for key in (m.name, "\x00" + m.name):
            boots = [draws[r.stratum][key] for r in used if key in draws.get(r.stratum, {})]
            spans[key] = interval(np.mean(boots, axis=0)) if boots else (None, None)
        out.append(
            AucRow(
                signal=m.name,
                direction=m.direction,
                weight=m.weight,
                level=level,
                stratum=MEAN_WITHIN,
                auc=_mean([r.auc for r in used]),
                auc_low=spans[m.name][0],
                auc_high=spans[m.name][1],
                scored_auc=_mean([r.scored_auc for r in used]),
                scored_auc_low=spans["\x00" + m.name][0],
                scored_auc_high=spans["\x00" + m.name][1],
                n=sum(r.n for r in used),
                n_positive=sum(r.n_positive for r in used),
                n_negative=sum(r.n_negative for r in used),
                n_groups=None if used[0].n_groups is None else sum(r.n_groups or 0 for r in used),
                share_varying=None,
            )
        )
    return out


def _column(chosen: list[LabelledArticle], name: str, kind: str) -> np.ndarray:
    return np.array(
        [np.nan if (v := getattr(a, kind).get(name)) is None else float(v) for a in chosen]
    )


def _point(values: np.ndarray, y: np.ndarray) -> float | None:
    keep = ~np.isnan(values)
    auc = weighted_aucs(values[keep], y[keep], np.ones((1, int(keep.sum()))))[0]
    return None if np.isnan(auc) else round(float(auc), 4)


def _mean(values: list[float | None]) -> float | None:
    ok = [v for v in values if v is not None]
    return round(sum(ok) / len(ok), 4) if ok else None


def share_varying(values: np.ndarray) -> float | None:
    """Share of values that differ from the most common one (0: the signal never moves).

    >>> share_varying(np.array([0.0, 0, 0, 2])), share_varying(np.array([]))
    (0.25, None)
    """
    if not len(values):
        return None
    _, most = Counter(values.tolist()).most_common(1)[0]
    return round(1 - most / len(values), 4)
