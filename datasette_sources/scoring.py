"""Weights x signals -> a 0-100 score, keeping every signal's contribution.

    score = 100 * sum(weight_i * normalised_i) / sum(weight_i)

Each contribution is ``100 * weight_i * normalised_i / sum(weight)``, so an
article's contributions add up to its score exactly.

>>> from datasette_sources.signals import all_signals
>>> sigs = [s for s in all_signals() if s.name in ("attribution_density", "sic_count")]
>>> r = score({"attribution_density": 0.8, "sic_count": 0}, sigs, {})
>>> r.score, [round(p.contribution, 1) for p in r.parts]
(100.0, [75.2, 24.8])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .reading.language import Language
from .signals import Signal

#: Bands as (lowest score, name), best first.
BANDS = ((75, "high"), (55, "medium"), (35, "low"), (0, "very low"))
#: The band of an article that is not scored (see :func:`not_scored_reason`).
NOT_SCORED = "not scored"

#: Names of languages the detector reports most often, for saying why an article is not scored.
LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "es": "Spanish", "fa": "Persian", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish",
    "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "zh": "Chinese",
}  # fmt: skip


class WeightError(ValueError):
    """Weights that cannot be used: unknown names, not finite numbers from 0 up, all 0."""


#: The largest weight accepted. Only ratios between weights matter; far larger ones
#: would overflow the sums that make a score.
MAX_WEIGHT = 1_000_000.0


@dataclass
class ScorePart:
    signal: str
    value: float | None
    normalised: float
    weight: float
    contribution: float
    explanation: str


@dataclass
class Score:
    score: float | None
    band: str
    parts: list[ScorePart] = field(default_factory=list)


def band(score: float | None) -> str | None:
    """The named band a score falls in.

    >>> band(80), band(40), band(None)
    ('high', 'low', None)
    """
    if score is None:
        return None
    for floor, name in BANDS:
        if score >= floor:
            return name
    return BANDS[-1][1]


def checked_weight(name: str, value: Any) -> float:
    """``value`` as a weight: a finite number from 0 to :data:`MAX_WEIGHT`, else ValueError.

    >>> checked_weight("hedging", 2)
    2.0
    >>> checked_weight("hedging", float("nan"))
    Traceback (most recent call last):
    ...
    datasette_sources.scoring.WeightError: weight of hedging must be a finite number, not nan
    >>> checked_weight("hedging", -1)
    Traceback (most recent call last):
    ...
    datasette_sources.scoring.WeightError: weight of hedging must be 0 or more, not -1
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WeightError(f"weight of {name} must be a number, not {value!r}")
    try:
        weight = float(value)
    except OverflowError:
        weight = math.inf
    if not math.isfinite(weight):
        raise WeightError(f"weight of {name} must be a finite number, not {value!r}")
    if weight < 0:
        raise WeightError(f"weight of {name} must be 0 or more, not {value!r}")
    if weight > MAX_WEIGHT:
        raise WeightError(f"weight of {name} must be at most {MAX_WEIGHT:g}, not {value!r}")
    return weight


def check_some_weight(weights: Mapping[str, float]) -> None:
    """At least one weight must be positive, or there is nothing to score with.

    >>> check_some_weight({"hedging": 0.0, "sic_count": 0.0})
    Traceback (most recent call last):
    ...
    datasette_sources.scoring.WeightError: every weight is 0: some signal must weigh more
    """
    if not any(w > 0 for w in weights.values()):
        raise WeightError("every weight is 0: some signal must weigh more")


def weights_for(
    signals: Iterable[Signal], overrides: Mapping[str, float] | None
) -> dict[str, float]:
    """Default weights with ``overrides`` applied; unknown names and bad weights are an error."""
    signals = list(signals)
    weights = {s.name: float(s.weight) for s in signals}
    for name, w in (overrides or {}).items():
        if name not in weights:
            raise WeightError(
                f"Unknown signal {name!r} in weights; known: {', '.join(sorted(weights))}"
            )
        weights[name] = checked_weight(name, w)
    return weights


def weights_from_settings(data: Any, known: Iterable[str]) -> dict[str, float]:
    """Weights from a parsed YAML/JSON document: a plain ``name: weight`` mapping, a
    ``weights:`` block, or a Datasette metadata.yml with ``plugins: datasette-sources: weights:``.

    Raises ValueError, saying what is wrong, for anything else or unknown names.

    >>> weights_from_settings({"weights": {"hedging": 2}}, ["hedging", "sic_count"])
    {'hedging': 2.0}
    """
    if isinstance(data, dict) and "plugins" in data:
        data = _dig(data, "plugins", "datasette-sources", "weights") or {}
    elif isinstance(data, dict) and isinstance(data.get("weights"), dict):
        data = data["weights"]
    if not isinstance(data, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in data.values()
    ):
        raise WeightError("expected signal names with numeric weights, such as 'hedging: 1'")
    known = set(known)
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise WeightError(f"unknown signal {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return {str(k): checked_weight(str(k), v) for k, v in data.items()}


def _dig(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...``: None where a level is missing, WeightError where it is no mapping."""
    for key in keys:
        if data is None:
            return None
        if not isinstance(data, dict):
            raise WeightError(f"expected a mapping at {key}:, such as 'weights: {{hedging: 1}}'")
        data = data.get(key)
    return data


def not_scored_reason(row: Mapping[str, Any]) -> str | None:
    """Why an article cannot be scored, or None when it can.

    Text in a language the reading core does not read, or a page on which no
    article text was found, would otherwise score as if it were neutral.

    >>> not_scored_reason({"language": "zh", "sentence_count": 3})
    'written in Chinese (zh), which the reader does not read: it reads English only'
    >>> not_scored_reason({"language": "und", "sentence_count": 0})
    'no article text was found on the page'
    >>> not_scored_reason({"language": "en", "sentence_count": 12}) is None
    True
    """
    language = row.get("language")
    if language and not Language(language, "").supported:
        name = LANGUAGE_NAMES.get(language, "a language")
        return (
            f"written in {name} ({language}), which the reader does not read: it reads English only"
        )
    if row.get("sentence_count") == 0:
        return "no article text was found on the page"
    return None


def score(row: Mapping[str, Any], signals: Iterable[Signal], weights: Mapping[str, float]) -> Score:
    """Score one article from its stored signal values (``row``).

    An article that cannot be scored (:func:`not_scored_reason`) gets no score,
    the band :data:`NOT_SCORED` and no parts.
    """
    if not_scored_reason(row):
        return Score(score=None, band=NOT_SCORED)
    signals = list(signals)
    ws = {s.name: weights.get(s.name, s.weight) for s in signals}
    total = sum(w for w in ws.values() if w > 0)
    parts = []
    for s in signals:
        w = ws[s.name]
        if w <= 0:
            continue
        value = row.get(s.name)
        norm = s.normalise(value, dict(row))
        parts.append(
            ScorePart(
                signal=s.name,
                value=value,
                normalised=round(norm, 4),
                weight=w,
                contribution=100.0 * w * norm / total,
                explanation=s.explain(value, dict(row)),
            )
        )
    value = round(sum(p.contribution for p in parts), 2) if parts else 0.0
    return Score(score=value, band=band(value) or "", parts=parts)


@dataclass
class OutletScore:
    outlet: str
    article_count: int
    mean_score: float
    score: float
    score_low: float
    score_high: float


def outlet_scores(
    scores: Mapping[str, list[float]], prior_weight: float = 5.0
) -> list[OutletScore]:
    """Per-outlet scores shrunk toward the corpus mean, with an interval.

    An outlet with few articles is pulled toward the mean of all articles and
    gets a wide interval; outlets are ranked by the low end of their interval,
    so one lucky article never tops the list.

    >>> out = outlet_scores({"lucky": [90.0], "steady": [70.0] * 40 + [50.0] * 40})
    >>> [(o.outlet, o.article_count, o.score_high - o.score_low > 10) for o in out]
    [('steady', 80, False), ('lucky', 1, True)]
    """
    everything = [x for xs in scores.values() for x in xs]
    if not everything:
        return []
    mu = sum(everything) / len(everything)
    var = sum((x - mu) ** 2 for x in everything) / max(1, len(everything) - 1)
    sd = math.sqrt(var) or 10.0
    out = []
    for outlet, xs in scores.items():
        n = len(xs)
        mean = sum(xs) / n
        shrunk = (n * mean + prior_weight * mu) / (n + prior_weight)
        half = 1.96 * sd / math.sqrt(n + prior_weight)
        out.append(
            OutletScore(
                outlet=outlet,
                article_count=n,
                mean_score=round(mean, 2),
                score=round(shrunk, 2),
                score_low=round(max(0.0, shrunk - half), 2),
                score_high=round(min(100.0, shrunk + half), 2),
            )
        )
    out.sort(key=lambda o: (-o.score_low, -o.score))
    return out
